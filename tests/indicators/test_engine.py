"""The engine end to end on synthetic derived tables: counts, statistics, safety and exports."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from atr.cli import app
from atr.errors import StageError
from atr.indicators.catalogue import catalogue_dir, load_catalogue
from atr.indicators.engine import _meta, available_periods, compute_indicator, run_indicators
from atr.indicators.settings import DisclosureSettings
from atr.indicators.stats import dsr, european_standard_population, mean, proportion, rate
from atr.reference.layout import AREA_NOT_KNOWN_CODE, REGION_CODE
from atr.warehouse import Warehouse, open_warehouse

from .synthetic_derived import PERIODS, load_synthetic_reference, write_derived

CONTRACT = [
    "indicator_id",
    "period",
    "area_code",
    "area_type",
    "breakdown",
    "breakdown_value",
    "count",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "comparison",
    "trend",
    "suppressed",
    "note",
]
REPS = 1000


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("engine")
    path = folder / "atr.duckdb"
    with open_warehouse(path) as wh:
        load_synthetic_reference(wh, folder / "reference")
        write_derived(wh, children=6000, adults=900)
        run = run_indicators(wh, folder / "published", sii_repetitions=REPS)
        published = wh.query("SELECT * FROM indicator_value").to_pandas()
        meta = wh.query("SELECT * FROM indicator_meta").to_pandas()
    return {"path": path, "folder": folder, "run": run, "published": published, "meta": meta}


@pytest.fixture
def warehouse(built: dict[str, Any]) -> Any:
    with open_warehouse(built["path"]) as wh:
        yield wh


def _indicator(name: str) -> Any:
    return next(i for i in load_catalogue() if i.id == name)


def _known_areas(wh: Warehouse) -> set[tuple[str, str]]:
    rows = wh.rows("SELECT area_type, area_code FROM ref_area")
    return {(r["area_type"], r["area_code"]) for r in rows} | {("region", REGION_CODE)}


def test_contract_and_coverage(built: dict[str, Any]) -> None:
    published, meta = built["published"], built["meta"]
    assert list(published.columns[: len(CONTRACT)]) == CONTRACT
    catalogue = load_catalogue()
    assert set(published["indicator_id"]) == {i.id for i in catalogue}
    assert (
        set(meta["indicator_id"]) == {i.id for i in catalogue}
        and meta["disclosure"].str.contains("1 to 7").all()
    )
    assert built["run"].periods == PERIODS
    # England, and Yorkshire and The Humber where its figure for a year was found
    assert set(published["area_type"]) == {"region", "district", "ward", "msoa", "country", "english_region"}
    assert set(published.loc[published["area_type"].isin(["ward", "msoa"]), "breakdown"]) == {"all"}
    region_rows = published[(published["area_code"] == REGION_CODE) & (published["breakdown"] == "all")]
    assert region_rows["area_type"].eq("region").all()
    assert {"sex", "age_band", "ethnic_group", "imd_decile", "imd_quintile", "inequality"} <= set(
        published["breakdown"]
    )
    assert not published.duplicated(
        ["indicator_id", "period", "area_code", "breakdown", "breakdown_value"]
    ).any()


def test_counts_match_an_independent_query(warehouse: Warehouse) -> None:
    indicator = _indicator("toxic_trio_recorded_any2")
    frame = compute_indicator(warehouse, indicator, PERIODS, _known_areas(warehouse), REPS)
    direct = warehouse.query(
        "SELECT financial_year AS period, lad19_code AS area_code, count(*) FILTER (WHERE toxic_trio_any2) AS x, "
        "count(*) AS n FROM child_year WHERE age BETWEEN 0 AND 17 AND lad19_code IS NOT NULL GROUP BY ALL"
    ).to_pandas()
    districts = frame[(frame["area_type"] == "district") & (frame["breakdown"] == "all")]
    merged = districts.merge(direct, on=["period", "area_code"], validate="one_to_one")
    assert len(merged) == 5 * len(PERIODS)
    assert (merged["count"] == merged["x"]).all() and (merged["denominator"] == merged["n"]).all()
    row = merged.iloc[0]
    expected = proportion(row["x"], row["n"])
    assert row["value"] == pytest.approx(expected.value) and row["upper_95"] == pytest.approx(expected.upper)


def test_breakdowns_add_up_and_region_holds_districts(warehouse: Warehouse) -> None:
    frame = compute_indicator(
        warehouse, _indicator("child_protection_plan_rate"), PERIODS, _known_areas(warehouse), REPS
    )
    counts = frame[frame["breakdown"] != "inequality"]
    totals = counts[counts["breakdown"] == "all"].set_index(["period", "area_code"])["count"]
    for breakdown in ("sex", "age_band", "ethnic_group", "imd_decile"):
        sums = counts[counts["breakdown"] == breakdown].groupby(["period", "area_code"])["count"].sum()
        pd.testing.assert_series_equal(sums, totals.loc[sums.index], check_names=False)
    all_rows = counts[counts["breakdown"] == "all"]
    district_sum = all_rows[all_rows["area_type"] == "district"].groupby("period")["denominator"].sum()
    region = (
        all_rows[all_rows["area_type"] == "region"].set_index("period")["denominator"].loc[district_sum.index]
    )
    assert (region >= district_sum).all() and (
        region - district_sum <= 0.05 * region
    ).all()  # unknown district


def test_published_values_come_from_rounded_counts(built: dict[str, Any]) -> None:
    published = built["published"]
    rows = published[(published["indicator_id"] == "toxic_trio_recorded_any2") & ~published["suppressed"]]
    assert len(rows) > 20 and (rows["count"] % 5 == 0).all() and (rows["denominator"] % 5 == 0).all()
    for row in rows.head(25).itertuples():
        again = proportion(row.count, row.denominator, 0.998)
        assert row.value == pytest.approx(again.value) and row.lower_998 == pytest.approx(again.lower)
    ours = ~published["area_type"].isin(["country", "english_region"])  # published figures, not counts
    rates = published[(published["indicator_id"] == "looked_after_rate") & ~published["suppressed"] & ours]
    row = rates.iloc[0]
    assert row["upper_95"] == pytest.approx(rate(row["count"], row["denominator"], 0.95, 10_000).upper)
    hidden = published[published["suppressed"]]
    assert hidden[["value", "lower_95", "upper_998"]].isna().all().all() and hidden["note"].notna().all()


def test_dsr_cell_matches_the_scalar_method(warehouse: Warehouse) -> None:
    indicator = _indicator("domestic_abuse_children_present_dsr")
    frame = compute_indicator(warehouse, indicator, PERIODS, _known_areas(warehouse), REPS)
    cell = frame[
        (frame["area_type"] == "region") & (frame["breakdown"] == "all") & (frame["period"] == "2023/24")
    ]
    bands = warehouse.query(
        "SELECT CASE WHEN age <= 4 THEN 0 WHEN age <= 9 THEN 1 WHEN age <= 14 THEN 2 ELSE 3 END AS band, "
        "sum(police_da_child_occurrences) AS x, count(*) AS n FROM child_year "
        "WHERE financial_year = '2023/24' AND age BETWEEN 0 AND 17 GROUP BY 1 ORDER BY 1"
    ).to_pandas()
    expected = dsr(
        bands["x"].tolist(), bands["n"].tolist(), european_standard_population().weights[:4], 0.95, 1000
    )
    assert cell["value"].item() == pytest.approx(expected.value, rel=1e-12)
    assert cell["lower_95"].item() == pytest.approx(expected.lower, rel=1e-12)
    assert cell["count"].item() == expected.count


def test_mean_cell_matches_the_scalar_method(warehouse: Warehouse) -> None:
    frame = compute_indicator(
        warehouse, _indicator("observable_aces_mean"), PERIODS, _known_areas(warehouse), REPS
    )
    cell = frame[
        (frame["area_type"] == "region") & (frame["breakdown"] == "all") & (frame["period"] == "2024/25")
    ]
    values = [
        r["v"]
        for r in warehouse.rows(
            "SELECT observable_ace_count AS v FROM child_year "
            "WHERE financial_year = '2024/25' AND observable_ace_count >= 1"
        )
    ]
    expected = mean(values, 0.998)
    assert cell["value"].item() == pytest.approx(expected.value, rel=1e-12)
    assert cell["upper_998"].item() == pytest.approx(expected.upper, rel=1e-9)


def test_comparisons_agree_with_published_intervals(built: dict[str, Any]) -> None:
    published = built["published"]
    compared = published[published["comparison"] != "not compared"]
    assert len(compared) > 100
    checks: list[tuple[str, str | None, Callable[[Any], bool]]] = [
        ("worse", "low_is_good", lambda r: bool(r.lower_95 > r.benchmark_value)),
        ("better", "low_is_good", lambda r: bool(r.upper_95 < r.benchmark_value)),
        ("similar", None, lambda r: bool(r.lower_95 <= r.benchmark_value <= r.upper_95)),
    ]
    for label, polarity, check in checks:
        rows = compared[compared["comparison"] == label]
        meta = built["meta"].set_index("indicator_id")["polarity"]
        if polarity:
            rows = rows[rows["indicator_id"].map(meta) == polarity]
        assert all(check(r) for r in rows.itertuples()), label
    district = published[
        (published["area_type"] == "district")
        & (published["breakdown"] == "all")
        & published["value"].notna()
        & published["benchmark_value"].notna()
    ]
    assert len(district) > 50 and (district["comparison"] != "not compared").all()
    modelled = published[published["indicator_id"] == "toxic_trio_modelled_any"]
    assert (modelled["comparison"] == "not compared").all()
    region_total = published[(published["area_type"] == "region") & (published["breakdown"] == "all")]
    assert (region_total["comparison"] == "not compared").all()


def test_trends_start_in_the_fifth_year(built: dict[str, Any]) -> None:
    published = built["published"]
    region = published[
        (published["area_type"] == "region")
        & (published["breakdown"] == "all")
        & (published["indicator_id"] == "toxic_trio_recorded_any2")
    ].set_index("period")
    assert (region.loc[PERIODS[:4], "trend"] == "Cannot be calculated").all()
    assert region.loc[PERIODS[4], "trend"] != "Cannot be calculated"
    labels = set(published["trend"].dropna())
    assert labels <= {
        "Cannot be calculated",
        "No significant change",
        "Increasing",
        "Decreasing",
        "Increasing and getting worse",
        "Increasing and getting better",
        "Decreasing and getting worse",
        "Decreasing and getting better",
    }


def test_inequality_rows(built: dict[str, Any]) -> None:
    published = built["published"]
    sii = published[
        (published["breakdown"] == "inequality")
        & (published["area_code"] == REGION_CODE)
        & (published["indicator_id"] == "persistent_absence")
    ]
    assert set(sii["breakdown_value"]) == {
        "sii_imd_decile",
        "rii_imd_decile",
        "sii_imd_quintile",
        "rii_imd_quintile",
    }
    shown = sii[~sii["suppressed"]]
    assert len(shown) > 0
    assert (shown["lower_998"] <= shown["lower_95"]).all() and (shown["lower_95"] <= shown["value"]).all()
    assert (shown["value"] <= shown["upper_95"]).all() and (shown["upper_95"] <= shown["upper_998"]).all()
    # synthetic absence is higher in deprived areas (decile 1): a negative slope
    assert (shown.loc[shown["breakdown_value"] == "sii_imd_decile", "value"] < 0).all()


def test_exports_match_the_table(built: dict[str, Any]) -> None:
    out = built["folder"] / "published"
    assert sorted(p.name for p in out.iterdir()) == [
        "indicator_meta.csv",
        "indicator_meta.parquet",
        "indicator_value.csv",
        "indicator_value.parquet",
    ]
    parquet = pq.read_table(out / "indicator_value.parquet")
    csv = pd.read_csv(out / "indicator_value.csv")
    assert parquet.num_rows == len(csv) == len(built["published"]) == built["run"].rows
    assert parquet.schema.field("count").type == "int64" and parquet.column_names[: len(CONTRACT)] == CONTRACT


def _relations(published: pd.DataFrame, parents: dict[str, str]) -> list[tuple[int, list[int]]]:
    counted = published[published["breakdown"] != "inequality"].reset_index()
    key = {
        (r.indicator_id, r.period, r.area_code, r.breakdown, r.breakdown_value): r.index
        for r in counted.itertuples()
    }
    relations = []
    for (ind, period, area, _breakdown), group in counted[counted["breakdown"] != "all"].groupby(
        ["indicator_id", "period", "area_code", "breakdown"]
    ):
        if (ind, period, area, "all", "all") in key:
            relations.append((key[(ind, period, area, "all", "all")], group["index"].tolist()))
    counted["parent"] = counted["area_code"].map(parents)
    for (ind, period, parent, _kind, breakdown, value), group in counted.dropna(subset=["parent"]).groupby(
        ["indicator_id", "period", "parent", "area_type", "breakdown", "breakdown_value"]
    ):
        if (ind, period, parent, breakdown, value) in key:
            relations.append((key[(ind, period, parent, breakdown, value)], group["index"].tolist()))
    return relations


def test_engine_output_resists_differencing(
    built: dict[str, Any], warehouse: Warehouse, tmp_path: Path
) -> None:
    """Rounding off, so published counts are exact: no relation may leave a single unknown."""
    catalogue = [i for i in load_catalogue() if i.id in ("toxic_trio_recorded_any2", "care_entry_rate")]
    run_indicators(
        warehouse,
        tmp_path,
        catalogue=catalogue,
        settings=DisclosureSettings(round_to=1),
        sii_repetitions=REPS,
    )
    published = warehouse.query("SELECT * FROM indicator_value").to_pandas()
    areas = warehouse.rows("SELECT area_code, area_type, lad19_code FROM ref_area")
    parents = {
        a["area_code"]: (REGION_CODE if a["area_type"] == "district" else a["lad19_code"])
        for a in areas
        if a["area_type"] in ("district", "ward", "msoa")
    }
    parents[AREA_NOT_KNOWN_CODE] = REGION_CODE  # the region is its districts plus this remainder
    counts = published["count"].to_numpy(float)
    assert np.isnan(counts).sum() > 10  # there is something to attack
    known = {i for i in range(len(published)) if not math.isnan(counts[i])}
    relations = _relations(published, parents)
    progress = True
    recovered = set()
    while progress:
        progress = False
        for total, parts in relations:
            unknown = [i for i in [total, *parts] if i not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                recovered.add(unknown[0])
                progress = True
    assert recovered == set()


def test_cli(built: dict[str, Any], tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "indicators",
            "--warehouse",
            str(built["path"]),
            "--out",
            str(tmp_path),
            "--indicator",
            "looked_after_rate",
            "--sii-repetitions",
            "1000",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Published rows" in result.output and (tmp_path / "indicator_value.parquet").is_file()


def test_missing_tables_and_bad_sql(tmp_path: Path, built: dict[str, Any]) -> None:
    with open_warehouse(tmp_path / "empty.duckdb") as wh:
        with pytest.raises(StageError, match="ref_area"):
            run_indicators(wh, tmp_path / "out")
        load_synthetic_reference(wh, tmp_path / "reference")
        with pytest.raises(StageError, match="atr derive"):
            run_indicators(wh, tmp_path / "out", catalogue=[_indicator("looked_after_rate")])
    with open_warehouse(built["path"]) as wh:
        broken = _indicator("looked_after_rate").model_copy(
            update={
                "numerator": _indicator("looked_after_rate").numerator.model_copy(
                    update={"where": "no_such_flag"}
                )
            }
        )
        with pytest.raises(StageError, match="looked_after_rate"):
            run_indicators(wh, tmp_path / "out", catalogue=[broken])
        assert available_periods(wh) == PERIODS


def test_suppressed_rows_show_no_figure_and_the_rule_is_recorded(warehouse: Warehouse) -> None:
    shown = warehouse.scalar(
        "SELECT count(*) FROM indicator_value WHERE suppressed AND "
        "(count IS NOT NULL OR denominator IS NOT NULL OR value IS NOT NULL OR lower_95 IS NOT NULL)"
    )
    assert warehouse.scalar("SELECT count(*) FROM indicator_value WHERE suppressed") > 0
    assert shown == 0
    assert warehouse.get_meta("disclosure") == {"suppress_below": 8, "round_to": 5}


def test_targets_declared_in_yaml_reach_the_metadata(tmp_path: Path) -> None:
    from atr.indicators.catalogue import load_indicator

    source = next(p for p in catalogue_dir().glob("*.yaml") if p.stem == "persistent_absence")
    text = source.read_text(encoding="utf-8") + (
        "target:\n  value: 15.0\n  by: '2029/30'\n  label: 'Below 15% by 2030'\n  measure: value\n"
    )
    path = tmp_path / "persistent_absence.yaml"
    path.write_text(text, encoding="utf-8")
    indicator = load_indicator(path)
    assert indicator.target is not None and indicator.target.value == 15.0
    meta = _meta([indicator], DisclosureSettings()).iloc[0]
    assert (meta["target_value"], meta["target_by"], meta["target_measure"]) == (15.0, "2029/30", "value")


def test_adult_denominator_is_the_registered_population_else_the_reference(
    built: dict[str, Any], tmp_path: Path
) -> None:
    import shutil

    indicator = _indicator("adults_multiple_disadvantage")
    path = tmp_path / "copy.duckdb"
    shutil.copy(built["path"], path)
    with open_warehouse(path) as wh:
        reference = compute_indicator(wh, indicator, PERIODS, _known_areas(wh), REPS)
        region = reference[(reference["area_type"] == "region") & (reference["breakdown"] == "all")]
        pop = wh.scalar("SELECT sum(pop_aged_16_59 + pop_aged_60_plus) FROM ref_population")
        assert (region["denominator"] == pop).all()
        # a registered population twice the size of adult_year, different each year
        wh.execute(
            "CREATE TABLE adult_population_year AS "
            "SELECT entity_id || suffix AS entity_id, financial_year, lad19_code, ward19_code, msoa11_code, "
            "imd_decile, imd_quintile FROM adult_year, (VALUES ('a'), ('b')) s(suffix)"
        )
        registered = compute_indicator(wh, indicator, PERIODS, _known_areas(wh), REPS)
        region = registered[(registered["area_type"] == "region") & (registered["breakdown"] == "all")]
        direct = wh.query(
            "SELECT financial_year AS period, count(*) AS n FROM adult_population_year GROUP BY ALL"
        ).to_pandas()
        merged = region.merge(direct, on="period", validate="one_to_one")
        assert len(merged) == len(PERIODS)
        assert (merged["denominator"] == merged["n"]).all()
