"""England's published figures: the shipped reference table, and how a run and the pages use it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atr.errors import InputFileError
from atr.indicators.benchmarks import (
    ENGLISH_REGION,
    NATIONAL_EQUIVALENTS,
    NOT_COMPARABLE,
    NOT_YET_IN_TABLE,
    figure_problems,
    load_national_figures,
    national_rows,
)
from atr.indicators.catalogue import load_catalogue
from atr.indicators.engine import run_indicators
from atr.warehouse import open_warehouse

from .synthetic_derived import load_synthetic_reference, write_derived

PUBLISHED = {
    # Written out by hand from the publications the file cites, so a mistyped figure fails.
    ("children_in_need_rate", "2023/24"): 332.9,  # DfE Children in need 2024: rate at 31 March 2024
    ("children_in_need_rate", "2020/21"): 329.6,
    ("looked_after_rate", "2023/24"): 69.0,  # DfE CLA 2025: table of rates 2021 to 2025 (revised from 70)
    ("looked_after_rate", "2024/25"): 67.0,  # DfE CLA 2025: "a rate of 67 CLA per 10,000 children"
    ("looked_after_rate", "2021/22"): 70.0,
    ("permanent_exclusion", "2021/22"): 0.08,  # DfE exclusions 2021/22: "increased to 0.08 from 0.05"
    ("permanent_exclusion", "2020/21"): 0.05,
    ("suspension_rate", "2023/24"): 11.31,  # DfE suspensions 2023/24: "from 9.33 in 2022/23 to 11.31"
    ("suspension_rate", "2022/23"): 9.33,
    # child protection plans at 31 March: DfE Children in need 2020 headline, and 2023 as quoted by Leeds SCP
    ("child_protection_plan_rate", "2019/20"): 42.8,
    ("child_protection_plan_rate", "2018/19"): 43.7,
    ("child_protection_plan_rate", "2022/23"): 43.2,
    ("permanent_exclusion", "2022/23"): 0.11,  # "11 permanent exclusions for every 10,000 pupils"
    ("permanent_exclusion", "2023/24"): 0.13,  # "13 permanent exclusions for every 10,000 pupils"
    ("looked_after_rate", "2019/20"): 67.0,  # "This is a rate of 67 per 10,000 children"
}
REGION_PUBLISHED = {
    ("child_protection_plan_rate", "2022/23"): 50.8,  # Yorkshire and The Humber, March 2023
    ("looked_after_rate", "2019/20"): 77.0,  # "The rate for Yorkshire and Humber was 77"
}


def test_the_shipped_table_cites_each_figure_and_names_real_indicators() -> None:
    figures = load_national_figures()
    catalogue = {i.id for i in load_catalogue()}
    assert {f.indicator_id for f in figures} <= catalogue
    by_key = {(f.indicator_id, f.period): f for f in figures if f.area_code == "E92000001"}
    regional = {(f.indicator_id, f.period): f for f in figures if f.area_code == "E12000003"}
    for key, value in PUBLISHED.items():
        assert by_key[key].value == pytest.approx(value), key
    for key, value in REGION_PUBLISHED.items():
        assert (
            regional[key].value == pytest.approx(value)
            and regional[key].area_name == "Yorkshire and The Humber"
        )
    assert len(by_key) + len(regional) == len(figures), "only England and Yorkshire and The Humber"
    for f in figures:
        assert f.source and f.definition_note
        assert f.source_url.startswith("https://explore-education-statistics.service.gov.uk/find-statistics/")
        assert re.search(r"(reporting|academic) year 20\d\d", f.release), f
        # the words it was read from, and where: the figure itself (or per 10,000 for a per-100 rate) is in them
        assert f.quote and f.quoted_at.startswith(("https://", "http://")), f
        assert f"{f.value:g}" in f.quote or f"{f.value * 100:g} " in f.quote, f
    # rates over the children known to services are not England's definition
    assert not by_key[("children_in_need_rate", "2023/24")].comparable
    assert by_key[("suspension_rate", "2023/24")].comparable


def test_each_figure_is_on_its_indicators_scale_and_in_its_unit() -> None:
    """The benchmark is matched to the indicator it stands beside: same scale, same unit, and
    'comparable' only where the definitions match (never a rate over the children known to
    services against England's over all children)."""
    catalogue = {i.id: i for i in load_catalogue()}
    figures = load_national_figures()
    assert figure_problems(figures, {k: i.multiplier for k, i in catalogue.items()}) == []
    for f in figures:
        indicator = catalogue[f.indicator_id]
        assert f.multiplier == indicator.multiplier, f
        per = f"per {f.multiplier:,}"
        assert per in f.unit or (f.multiplier == 100 and "per 100 " in f.unit), f
        assert per in indicator.unit or indicator.unit in ("%", f"per {f.multiplier:,} pupils"), indicator
        over_known_children = "known to at least one partner dataset" in " ".join(indicator.caveats)
        assert not (f.comparable and over_known_children), f
    wrong = figures[0].model_copy(update={"multiplier": 1000})
    assert figure_problems([wrong], {k: i.multiplier for k, i in catalogue.items()}) == [
        f"{wrong.indicator_id} {wrong.period}: published per 1,000, the indicator is per 10,000"
    ]
    assert "no indicator 'x'" in figure_problems([wrong.model_copy(update={"indicator_id": "x"})], {})[0]


def test_a_bad_row_names_the_file_row_and_field() -> None:
    header = (
        "indicator_id,period,area_code,area_name,value,multiplier,unit,comparable,definition_note,"
        "source,release,source_url\n"
    )
    good = (
        "suspension_rate,2023/24,E92000001,England,11.31,100,per 100 pupils,true,note,DfE,"
        "academic year 2023/24,https://example.gov.uk/x\n"
    )
    with pytest.raises(InputFileError, match=r"bench\.csv, row 3.*period"):
        load_national_figures(header + good + good.replace("2023/24", "2023/25"), where="bench.csv")
    with pytest.raises(InputFileError, match=r"row 3.*same indicator"):
        load_national_figures(header + good + good, where="bench.csv")
    with pytest.raises(InputFileError, match=r"row 2.*value"):
        load_national_figures(header + good.replace("11.31", "eleven"), where="bench.csv")
    with pytest.raises(InputFileError, match=r"row 2.*release.*year"):
        load_national_figures(header + good.replace("academic year 2023/24", "latest"), where="bench.csv")
    with pytest.raises(InputFileError, match=r"row 2.*source"):
        load_national_figures(header + good.replace(",DfE,", ", ,"), where="bench.csv")


def test_a_run_publishes_england_beside_the_places(tmp_path: Path) -> None:
    with open_warehouse(tmp_path / "atr.duckdb") as wh:
        load_synthetic_reference(wh, tmp_path / "reference")
        write_derived(wh, children=1500, adults=300)
        wanted = [i for i in load_catalogue() if i.id in ("children_in_need_rate", "suspension_rate")]
        run_indicators(wh, tmp_path / "out", catalogue=wanted, sii_repetitions=1000)
        rows = wh.rows(
            "SELECT * FROM indicator_value WHERE area_type = 'country' ORDER BY indicator_id, period"
        )
    england = {(r["indicator_id"], r["period"]): r for r in rows}
    cin = england[("children_in_need_rate", "2023/24")]
    assert cin["value"] == pytest.approx(332.9) and cin["comparison"] == NOT_COMPARABLE
    assert cin["note"].startswith("Not comparable: DfE, Children in need")
    assert cin["count"] is None and not cin["suppressed"]
    suspension = england[("suspension_rate", "2023/24")]
    assert (
        suspension["comparison"] == "not compared"
        and "Suspensions and permanent exclusions" in suspension["note"]
    )
    assert {r["area_code"] for r in rows} == {"E92000001"}


def test_every_indicator_with_a_national_equivalent_has_englands_figure_or_a_reason() -> None:
    """The done-when of #19: each such indicator shows England's value with a comparison or the
    reason it is not comparable; one with no figure yet says why (and the docs list it)."""
    catalogue = {i.id for i in load_catalogue()}
    assert set(NATIONAL_EQUIVALENTS) <= catalogue
    figures = load_national_figures()
    with_figures = {f.indicator_id for f in figures if f.area_code == "E92000001"}
    assert {f.indicator_id for f in figures} <= set(NATIONAL_EQUIVALENTS)
    for indicator_id in NATIONAL_EQUIVALENTS:
        assert (indicator_id in with_figures) != (indicator_id in NOT_YET_IN_TABLE), indicator_id
    for f in figures:
        # comparable (compared by Fingertips' rule) or a stated reason it is not
        assert f.comparable or len(f.definition_note) > 40, f
    docs = (Path(__file__).parents[2] / "docs" / "indicators.md").read_text(encoding="utf-8")
    for indicator_id in NATIONAL_EQUIVALENTS:
        assert f"`{indicator_id}`" in docs, indicator_id


def test_a_regional_figure_joins_as_an_english_region_beside_england() -> None:
    figures = [f for f in load_national_figures() if f.indicator_id == "looked_after_rate"]
    rows = national_rows({"looked_after_rate": 10_000}, {"2019/20"}, figures)
    by_code = {r["area_code"]: r for r in rows.to_dict("records")}
    assert by_code["E92000001"]["area_type"] == "country" and by_code["E92000001"]["value"] == 67
    region = by_code["E12000003"]
    assert region["area_type"] == ENGLISH_REGION and region["value"] == 77
    assert region["comparison"] == NOT_COMPARABLE and region["note"].startswith("Not comparable: ")
