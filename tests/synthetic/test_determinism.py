"""Same seed and scale → the same bytes; a subset of datasets → the same files for those datasets."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from atr.synthetic.generator import generate

from .conftest import manifest, partner_folders


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_files_and_subsets_agree(tmp_path: Path, reference_dir: Path) -> None:
    a, b, c, d = (tmp_path / x for x in "abcd")
    generate(a, scale=0.005, seed=3, reference_dir=reference_dir)
    generate(b, scale=0.005, seed=3, reference_dir=reference_dir)
    assert _digests(a) == _digests(b)
    generate(c, scale=0.005, seed=4, reference_dir=reference_dir)
    assert _digests(a / "extract") != _digests(c / "extract")
    generate(d, scale=0.005, seed=3, datasets=("police", "csc"), reference_dir=reference_dir)
    subset = _digests(d / "extract")
    assert {k.split("/")[0] for k in subset} == {"csc", "police"}
    assert all(_digests(a / "extract")[k] == v for k, v in subset.items())
    for folder in partner_folders(d):
        assert (
            manifest(folder)["files"] == manifest(a / "extract" / folder.parent.name / folder.name)["files"]
        )


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    from atr.errors import UsageError
    from atr.synthetic.generator import parse_datasets

    with pytest.raises(UsageError, match="unknown dataset"):
        parse_datasets("csc,prisons")
    with pytest.raises(UsageError, match="scale"):
        generate(tmp_path, scale=0, seed=1)
    assert parse_datasets("police, csc,police") == ("police", "csc")
