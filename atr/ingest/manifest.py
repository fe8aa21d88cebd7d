"""Dataset folders and their ``manifest.json``: finding them, reading them, checking files.

A folder is a dataset folder when it holds ``manifest.json`` (``docs/tables.md``, "Extract
folders"); ``atr ingest`` finds every one below the path it is given. The manifest is validated
with pydantic; file checksums and UTF-8 validity are checked in one streaming pass so that a
multi-gigabyte file is read once and never held in memory.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

MANIFEST = "manifest.json"
_CHUNK = 1 << 20


class ManifestFile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    rows: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$")


class Manifest(BaseModel):
    """``manifest.json`` as ``CONTRACT.md`` §1 describes it (plus ``synthetic`` from ``atr synth``)."""

    model_config = ConfigDict(extra="ignore")

    dataset: str
    contract_version: str
    partner_code: str
    partner_name: str = ""
    extract_date: date
    period_start: date | None = None
    period_end: date | None = None
    files: dict[str, ManifestFile]
    synthetic: bool = False

    @field_validator("partner_code", "contract_version", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value


class ManifestError(Exception):
    """``manifest.json`` cannot be used; the message says why without quoting its content."""


def find_dataset_folders(root: Path) -> list[Path]:
    """Every folder at or below ``root`` that holds a ``manifest.json``, in a stable order.

    Symbolic links to folders are not followed (``rglob`` does not), so nothing outside the
    extract is found this way."""
    if (root / MANIFEST).is_file():
        return [root]
    return sorted(p.parent for p in root.rglob(MANIFEST) if p.is_file())


def folders_without_manifest(root: Path, datasets: set[str]) -> list[Path]:
    """Folders below ``root`` that hold table files but no manifest, and are named like a
    dataset folder (``csc/`` or ``csc/383/``): sent without their manifest, so not loaded."""
    found = {
        p.parent
        for suffix in ("*.csv", "*.parquet")
        for p in root.rglob(suffix)
        if not (p.parent / MANIFEST).exists()
    }
    return sorted(f for f in found if f.name in datasets or f.parent.name in datasets)


def symlinked_folders(root: Path) -> list[Path]:
    """Symbolic links to folders below ``root``: never followed, and reported as such."""
    return sorted(p for p in root.rglob("*") if p.is_symlink() and p.is_dir())


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    if path.is_symlink():
        raise ManifestError(f"{MANIFEST} is a symbolic link; only regular files inside the extract are read")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"cannot read {MANIFEST}: {exc.__class__.__name__}") from exc
    except json.JSONDecodeError as exc:
        raise ManifestError(f"{MANIFEST} is not valid JSON (line {exc.lineno})") from exc
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'top level'}: {err['msg']}" for err in exc.errors()
        )
        raise ManifestError(f"{MANIFEST} does not match the contract ({problems})") from exc


@dataclass(frozen=True)
class FileScan:
    """What one streaming pass over a file learned."""

    size: int
    sha256: str
    utf8_error_line: int | None  # first line with invalid UTF-8, when checked


def scan_file(path: Path, *, check_utf8: bool) -> FileScan:
    """SHA-256 and size of ``path``; with ``check_utf8``, the first line that is not UTF-8."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    size = 0
    lines_before = 0
    bad_line: int | None = None
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if check_utf8 and bad_line is None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    bad_line = lines_before + chunk[: exc.start].count(b"\n") + 1
                lines_before += chunk.count(b"\n")
    if check_utf8 and bad_line is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            bad_line = lines_before + 1
    return FileScan(size=size, sha256=digest.hexdigest(), utf8_error_line=bad_line)
