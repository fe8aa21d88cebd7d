"""Blocking rules count their own pairs; the pair budget; the report escapes what it shows."""

from __future__ import annotations

import itertools

import pytest

from atr.link.blocking import Rule, choose_rules
from atr.link.prepare import prepare_input
from atr.link.report import render_html
from atr.warehouse import Warehouse

from .records import identity_row, write_identity


def test_rule_counts_match_brute_force(warehouse: Warehouse) -> None:
    names = [
        ("amy", "shaw"),
        ("amy", "shaw"),
        ("amy", "shaw"),
        ("ben", "shaw"),
        ("shaw", "amy"),
        (None, "shaw"),
    ]
    with warehouse as wh:
        write_identity(
            wh, [identity_row("d", "p", str(i), forename=f, surname=s) for i, (f, s) in enumerate(names)]
        )
        prepared = prepare_input(wh)
        same = sum(1 for a, b in itertools.combinations(names, 2) if a[0] and a == b)
        assert Rule(("forename", "surname")).count(wh) == same == 3
        swapped = (
            sum(1 for a, b in itertools.permutations(names, 2) if a[0] and b[0] and a == (b[1], b[0])) / 2
        )
        assert Rule(("forename", "surname"), ("surname", "forename")).count(wh) == swapped == 3
        chosen, report = choose_rules(wh, prepared, budget=1e9, max_block_size=50)
        assert all(r["used"] for r in report)
        chosen_small, report_small = choose_rules(wh, prepared, budget=1, max_block_size=50)
        assert len(chosen_small) < len(chosen)
        assert [r["used"] for r in report_small].count(False) == len(chosen) - len(chosen_small)


def test_report_escapes_text_and_renders_charts() -> None:
    report = {
        "settings": {
            "match_threshold": 0.9,
            "deterministic_identifiers": ["nhs_number"],
            "household_confidence_threshold": 0.8,
        },
        "records": {"total": 2, "by_dataset": {"<script>x</script>": 2}, "completeness": {"forename": 2}},
        "deterministic": {"edges": {"nhs_number": 1}, "placeholder_values_ignored": {"nhs_number": 0}},
        "model": {
            "trained": True,
            "probability_two_random_records_match": 0.01,
            "warnings": ["<b>careful</b>"],
        },
        "pairs": {"blocking": [], "blocked_upper_bound": 0, "scored_kept": 1, "at_or_above": {"0.9": 1}},
        "clusters": {
            "entities": 1,
            "records_per_entity": 2.0,
            "size_distribution": {"2": 1},
            "max_size": 2,
            "people_by_number_of_datasets": {"1": 1},
            "suspicious": {"two_nhs_numbers": {"count": 0, "examples": []}},
        },
        "households": {"evidence_rows": {}, "sources_missing": [], "links": {}},
        "seconds": {"predict": 1.0},
    }
    chart = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [{"a": 1, "b": 2}]},
        "mark": "bar",
        "encoding": {
            "x": {"field": "a", "type": "quantitative"},
            "y": {"field": "b", "type": "quantitative"},
        },
    }
    html = render_html(report, {"match_weights": chart, "broken": {"mark": 12}})
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    assert "<b>careful</b>" not in html
    assert html.count("<svg") == 1  # the broken chart is left out, not fatal


@pytest.mark.engines
def test_blocks_over_the_size_cap_are_skipped_and_counted(warehouse: Warehouse) -> None:
    clump = [identity_row("d", "p", f"c{i}", postcode=f"LS{i} 1AB", forename="amy") for i in range(12)]
    pair = [
        identity_row("d", "p", f"x{i}", forename="zoe", surname="quinn", postcode=f"BD{i} 1AB")
        for i in range(2)
    ]
    with warehouse as wh:
        write_identity(wh, clump + pair)
        prepared = prepare_input(wh)
        _, report = choose_rules(wh, prepared, budget=0, max_block_size=10)
        rule = next(r for r in report if r["blocking_rule"] == "forename_canonical + surname + dob_key")
        assert (rule["pairs"], rule["records_in_skipped_blocks"]) == (1, 12)
        keys = wh.rows(
            "SELECT forename, count(block_forename_canonical__surname__dob_key) AS keyed FROM link__input GROUP BY forename"
        )
    assert {r["forename"]: r["keyed"] for r in keys} == {"amy": 0, "zoe": 2}
