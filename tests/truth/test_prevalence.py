"""The synthetic-truth comparison: recorded vs true prevalence, capture-recapture vs true count."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from atr.errors import InputFileError
from atr.truth import compare_with_truth
from tests.derive.builder import PARTNER, World


class StubKey:
    """Stands in for the pseudonymisation key: the builder's person ids are ``<dataset>-<entity>``."""

    def person_id(self, dataset: str, partner_code: str, raw: str) -> str:
        return f"{dataset}-{raw}"


def write_truth(folder: Path) -> None:
    folder.mkdir(parents=True)
    pq.write_table(
        pa.table(
            {
                "dataset": ["csc", "csc", "csc"],
                "partner_code": [PARTNER] * 3,
                "person_id": ["C1", "C2", "C3"],
                "true_person_id": ["T1", "T2", "T2"],
                "is_duplicate_registration": [False] * 3,
            }
        ),
        folder / "person_record.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "true_person_id": ["T1", "T2", "T3"],
                "financial_year": ["2022/23"] * 3,
                "category": [
                    "household_domestic_abuse",
                    "household_domestic_abuse",
                    "household_domestic_abuse",
                ],
                "subject": ["child"] * 3,
                "recorded": [True, False, False],
            }
        ),
        folder / "adversity.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "true_person_id": ["T1"],
                "financial_year": ["2022/23"],
                "category": ["domestic_abuse"],
                "subject": ["child"],
                "is_true": [True],
            }
        ),
        folder / "recorded_adversity.parquet",
    )
    pq.write_table(
        pa.table(
            {"financial_year": ["2022/23"], "lad19_code": ["E08000035"], "adults": [1000], "two_plus": [40]}
        ),
        folder / "multiple_disadvantage_summary.parquet",
    )


def test_recorded_and_true_prevalence(tmp_path: Path) -> None:
    w = World()
    for child, factor in (("C1", "3B"), ("C2", "16A"), ("C3", "3A")):
        w.person(child, (2015, 1))
        assessment = w.record(
            "csc_assessment", child, start_date=date(2022, 6, 1), authorisation_date=date(2022, 6, 1)
        )
        w.record("csc_assessment_factor", child, assessment_id=assessment, factor=factor)
    d = w.derive()
    write_truth(tmp_path / "synth" / "truth")
    report = compare_with_truth(d.warehouse, tmp_path / "synth", StubKey())
    (da,) = [
        r for r in report.categories if r["category"] == "domestic_abuse" and r["financial_year"] == "2022/23"
    ]
    # T1: true, recorded by truth and by derive; T2 (entities C2 and C3, split by linkage): true,
    # not recorded by the truth's own account, but derive found 3A; T3: true and never seen
    assert (da["true_count"], da["truth_recorded"], da["derived_recorded"], da["derived_and_true"]) == (
        3,
        1,
        2,
        2,
    )
    assert (da["derived_not_recorded"], da["recorded_not_derived"], da["truth_recorded_and_true"]) == (
        1,
        0,
        1,
    )
    (neglect,) = [
        r for r in report.categories if r["category"] == "neglect" and r["financial_year"] == "2022/23"
    ]
    # derive found 16A for T2; the truth holds no neglect and no record of it
    assert (neglect["true_count"], neglect["truth_recorded"], neglect["derived_not_recorded"]) == (0, 0, 1)
    (poverty,) = [
        r for r in report.categories if r["category"] == "poverty" and r["financial_year"] == "2022/23"
    ]
    assert poverty["true_count"] is None  # the truth has no true state for contextual categories
    (md,) = report.multiple_disadvantage
    assert (md["financial_year"], md["true_two_plus"], md["recorded_two_plus"]) == ("2022/23", 40, 0)
    assert md["crc_contains_truth"] is None  # too few adults for an estimate
    assert {"derive_truth_comparison", "derive_truth_md"} <= set(d.warehouse.list_tables())


def test_missing_truth_is_a_clear_error(tmp_path: Path) -> None:
    w = World()
    w.person("C", (2015, 1))
    d = w.derive()
    with pytest.raises(InputFileError, match=r"person_record\.parquet"):
        compare_with_truth(d.warehouse, tmp_path, StubKey())
