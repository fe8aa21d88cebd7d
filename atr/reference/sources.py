"""Where reference data comes from, in a fixed order of precedence.

1. an explicit folder (``--reference-dir`` or ``reference_dir`` in the project file);
2. the ``ATR_REFERENCE_DIR`` environment variable;
3. the user cache, filled by ``atr reference download``;
4. a synthetic geography with the same structure, clearly labelled, so a fresh machine with no
   network can still run the demo.

A folder named explicitly (1 or 2) must be complete: silently falling back to synthetic data
when someone pointed at real data would be worse than an error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from atr.errors import InputFileError
from atr.reference.layout import REQUIRED_FILES

SourceKind = Literal["explicit", "environment", "cache", "synthetic"]
ENV_VAR = "ATR_REFERENCE_DIR"


@dataclass(frozen=True)
class ReferenceSource:
    kind: SourceKind
    path: Path

    @property
    def is_synthetic(self) -> bool:
        return self.kind == "synthetic"

    def describe(self) -> str:
        labels = {
            "explicit": "the folder given on the command line or in the project file",
            "environment": f"${ENV_VAR}",
            "cache": "the user cache (filled by `atr reference download`)",
            "synthetic": "SYNTHETIC geography (no real reference data found)",
        }
        return f"{labels[self.kind]}: {self.path}"


def cache_dir() -> Path:
    """The user cache: ``$ATR_CACHE_DIR``, else ``$XDG_CACHE_HOME/atr``, else ``~/.cache/atr``."""
    if os.environ.get("ATR_CACHE_DIR"):
        return Path(os.environ["ATR_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "atr"


def reference_cache_dir() -> Path:
    return cache_dir() / "reference"


def missing_files(folder: Path) -> list[str]:
    return [name for name in REQUIRED_FILES if not (folder / name).is_file()]


def _require_complete(folder: Path, how: str) -> None:
    if not folder.is_dir():
        raise InputFileError(folder, f"reference folder ({how}) does not exist")
    missing = missing_files(folder)
    if missing:
        raise InputFileError(
            folder / missing[0],
            f"reference file missing ({how}); also missing: {', '.join(missing[1:]) or 'nothing else'}",
        )


def resolve_reference_source(explicit: Path | None = None) -> ReferenceSource:
    """Decide which reference data to use, following the documented order."""
    if explicit is not None:
        _require_complete(explicit, "given explicitly")
        return ReferenceSource("explicit", explicit.resolve())
    env = os.environ.get(ENV_VAR)
    if env:
        folder = Path(env)
        _require_complete(folder, f"from ${ENV_VAR}")
        return ReferenceSource("environment", folder.resolve())
    cached = reference_cache_dir()
    if cached.is_dir() and not missing_files(cached):
        return ReferenceSource("cache", cached.resolve())
    return ReferenceSource("synthetic", cache_dir() / "synthetic-reference")
