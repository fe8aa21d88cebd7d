"""With perfect linkage, derive finds exactly what the synthetic truth says the records show.

A small synthetic West Yorkshire is generated, ingested, linked perfectly from its truth
(``atr/truth/perfect_linkage.py``) and derived; then every category (children's adverse experiences and
adults' domains of multiple disadvantage), every year, must match the truth's
``recorded_adversity`` person by person. The truth works that out independently, with pandas on
the simulation's own people and households, so a disagreement is a bug on one side: a rule
derive applies differently from its documentation, or a truth that miscounts the records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from atr.derive import run_derive
from atr.ingest import run_ingest
from atr.pseudonymise import load_key, write_new_key
from atr.synthetic import generate
from atr.truth import TruthReport, compare_with_truth, write_perfect_linkage
from atr.truth.perfect_linkage import LINK_TYPE
from atr.warehouse import open_warehouse

SCALE, SEED = 0.005, 3  # about 11,000 people: every rule fires, the run takes about 20 seconds


@dataclass
class Derived:
    report: TruthReport
    household_link_types: set[str]
    entities: int


@pytest.fixture(scope="module")
def derived(tmp_path_factory: pytest.TempPathFactory) -> Derived:
    root = tmp_path_factory.mktemp("truth_exact")
    generate(root / "synth", scale=SCALE, seed=SEED)
    write_new_key(root / "key")
    key = load_key(root / "key")
    with open_warehouse(root / "atr.duckdb") as wh:
        run_ingest(wh, root / "synth" / "extract", key)
        linkage = write_perfect_linkage(wh, root / "synth" / "truth", key)
        run_derive(wh)
        report = compare_with_truth(wh, root / "synth", key)
        types = {str(r["link_type"]) for r in wh.rows("SELECT DISTINCT link_type FROM household_link")}
    return Derived(report, types, linkage.entities)


def by_category(report: TruthReport, field: str) -> dict[tuple[str, str], int]:
    totals: dict[tuple[str, str], int] = {}
    for row in report.categories:
        key = (row["subject"], row["category"])
        totals[key] = totals.get(key, 0) + int(row[field] or 0)
    return totals


def test_perfect_linkage_links_people_and_households(derived: Derived) -> None:
    assert derived.entities > 5000
    assert derived.household_link_types == {LINK_TYPE}


def test_derive_equals_the_records_exactly_per_category_and_year(derived: Derived) -> None:
    rows: list[dict[str, Any]] = derived.report.categories
    assert len({r["financial_year"] for r in rows}) == 6
    wrong = [
        (r["subject"], r["category"], r["financial_year"], r["truth_recorded"], r["derived_recorded"])
        for r in rows
        if r["derived_recorded"] != r["truth_recorded"]
        or r["derived_not_recorded"]
        or r["recorded_not_derived"]
    ]
    assert not wrong
    recorded = by_category(derived.report, "truth_recorded")
    # the comparison is not vacuous: rules of every kind fired (own records, linked adults, spells)
    for key in (
        ("child", "domestic_abuse"),
        ("child", "household_mental_ill_health"),
        ("child", "household_substance_misuse"),
        ("child", "household_custody"),
        ("child", "neglect"),
        ("child", "poverty"),
        ("child", "separation"),
        ("child", "homelessness"),
        ("adult", "homelessness"),
        ("adult", "offending"),
        ("adult", "substance_misuse"),
        ("adult", "mental_health"),
    ):
        assert recorded[key] > 0, key


def test_the_report_shows_the_gap_between_recorded_and_true(derived: Derived) -> None:
    true = by_category(derived.report, "true_count")
    seen = by_category(derived.report, "truth_recorded_and_true")
    for key in (
        ("child", "domestic_abuse"),
        ("child", "household_substance_misuse"),
        ("child", "neglect"),
        ("adult", "offending"),
    ):
        assert 0 < seen[key] < true[key], key  # services see part of the truth, never all of it
    for row in derived.report.multiple_disadvantage:
        assert row["recorded_two_plus"] == row["truth_recorded_two_plus"]
        assert row["recorded_two_plus"] < row["true_two_plus"]
