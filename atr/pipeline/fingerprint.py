"""Fingerprints of a stage's inputs, so a re-run skips stages whose inputs did not change.

Each stage's fingerprint includes the one before it, so a change anywhere re-runs everything
downstream. Files are fingerprinted by path, size and modification time (cheap at any scale);
extracts by their manifests, which carry every file's SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def digest(*parts: Any) -> str:
    """A short stable hash of JSON-serialisable parts."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def files_fingerprint(paths: Iterable[Path]) -> list[tuple[str, int, int]]:
    """(path, size, mtime in ns) for every file under the given files or folders."""
    found: list[tuple[str, int, int]] = []
    for root in paths:
        candidates = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in candidates:
            stat = path.stat()
            found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return found


def manifests_fingerprint(extract_dirs: Iterable[Path]) -> list[str]:
    """The text of every manifest.json below the extract folders (they hold the checksums)."""
    return [
        p.read_text(encoding="utf-8") for root in extract_dirs for p in sorted(root.rglob("manifest.json"))
    ]
