"""Proportions, rates, means and DSRs against PHEindicatormethods' own expected values.

The workbooks are the package's test data (``shared/data/external/pheindicatormethods``,
commit 093fd288, v2.1.0). Every deterministic value must agree to 1e-6 relative.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from atr.indicators.stats import (
    byars_limits,
    dsr,
    dsr_repeat_events,
    european_standard_population,
    mean,
    proportion,
    rate,
    wilson_limits,
)

from .conftest import RELATIVE_TOLERANCE

LEVELS = {"95_0": 0.95, "99_8": 0.998}


def _check(result: Any, row: dict[str, Any], lower_key: str, upper_key: str, rel_error: Any) -> None:
    assert rel_error(result.value, row["value"]) < RELATIVE_TOLERANCE, (row, result)
    assert rel_error(result.lower, row[lower_key]) < RELATIVE_TOLERANCE, (row, result)
    assert rel_error(result.upper, row[upper_key]) < RELATIVE_TOLERANCE, (row, result)


@pytest.mark.parametrize("sheet", ["testdata_Prop", "testdata_Prop_g"])
def test_proportion_matches_package(phe_dir: Path, read_sheet: Any, rel_error: Any, sheet: str) -> None:
    rows = read_sheet(phe_dir / "testdata_Proportion.xlsx", sheet)
    assert len(rows) >= 11
    for row in rows:
        levels = LEVELS if "lower95_0cl" in row else {"": 0.95}
        for suffix, level in levels.items():
            result = proportion(row["Numerator"], row["Denominator"], level, row["multiplier"])
            lo, hi = (f"lower{suffix}cl", f"upper{suffix}cl")
            _check(result, row, lo, hi, rel_error)
            if row["value"] is not None:
                assert result.statistic == row["statistic"] and result.method == row["method"]


@pytest.mark.parametrize("sheet", ["testdata_Rate", "testdata_Rate_g"])
def test_rate_matches_package(phe_dir: Path, read_sheet: Any, rel_error: Any, sheet: str) -> None:
    rows = read_sheet(phe_dir / "testdata_Rate.xlsx", sheet)
    assert len(rows) >= 12
    for row in rows:
        levels = LEVELS if "lower95_0cl" in row else {"": 0.95}
        for suffix, level in levels.items():
            result = rate(row["Numerator"], row["Denominator"], level, row["multiplier"])
            _check(result, row, f"lower{suffix}cl", f"upper{suffix}cl", rel_error)
            if row["value"] is not None:
                assert (result.statistic, result.method) == (row["statistic"], row["method"])


def test_wilson_and_byars_building_blocks(phe_dir: Path, read_sheet: Any, rel_error: Any) -> None:
    rows = read_sheet(phe_dir / "testdata_Byars_Wilson.xlsx", "testdata_B_W")
    assert {r["method"] for r in rows} == {"Byars", "Wilson"}
    for row in rows:
        level = 0.95 if row["confidence"] == "95%" else 0.998
        if row["method"] == "Wilson":
            lower, upper = wilson_limits([row["x"]], [row["n"]], level)
        else:
            lower, upper = byars_limits([row["x"]], level)
        low = None if lower[0] != lower[0] else float(lower[0])  # NaN is R's NA
        assert rel_error(low, row["lowercl"]) < RELATIVE_TOLERANCE, row
        assert rel_error(float(upper[0]), row["uppercl"]) < RELATIVE_TOLERANCE, row


def test_mean_matches_package(phe_dir: Path, read_sheet: Any, rel_error: Any) -> None:
    data = read_sheet(phe_dir / "testdata_Mean.xlsx", "testdata_Mean")
    results = read_sheet(phe_dir / "testdata_Mean.xlsx", "testdata_Mean_results")
    groups: dict[str, list[float]] = {}
    for row in data:
        groups.setdefault(row["area"], []).append(row["values"])
    groups["No grouping"] = [row["values"] for row in data]
    for row in results:
        for suffix, level in LEVELS.items():
            result = mean(groups[row["area"]], level)
            _check(result, row, f"lower{suffix}cl", f"upper{suffix}cl", rel_error)
            assert rel_error(result.extra["sd"], row["stdev"]) < RELATIVE_TOLERANCE
            assert result.denominator == row["value_count"]


def _dsr_inputs(read_sheet: Any, path: Path) -> dict[str, tuple[list[Any], list[Any]]]:
    groups: dict[str, tuple[list[Any], list[Any]]] = {}
    for row in read_sheet(path, "testdata_multiarea"):
        counts, pops = groups.setdefault(row["area"], ([], []))
        counts.append(row["count"])
        pops.append(row["pop"])
    rows_1976 = read_sheet(path, "testdata_1976")
    groups["testdata_1976"] = ([r["count"] for r in rows_1976], [r["pop"] for r in rows_1976])
    return groups


def test_dsr_matches_package(phe_dir: Path, read_sheet: Any, rel_error: Any) -> None:
    path = phe_dir / "testdata_DSR_ISR.xlsx"
    inputs = _dsr_inputs(read_sheet, path)
    esp1976 = [r["esp1976"] for r in read_sheet(path, "testdata_1976")]
    expected = [r for r in read_sheet(path, "testresults_DSR") if r["area"] in inputs]
    assert len(expected) == 8
    for row in expected:
        counts, pops = inputs[row["area"]]
        standard = esp1976 if row["area"] == "testdata_1976" else european_standard_population()
        per = row["statistic"].rsplit(" ", 1)[-1]
        multiplier = int(per) if per.isdigit() else 100_000  # "dsr NA for total count < 10"
        levels = LEVELS if row["area"] != "testdata_1976" else {"95_0": 0.95}
        # The 1976 sheet's 99.8% cells are ten times too large (research note TV30); not used.
        for suffix, level in levels.items():
            result = dsr(counts, pops, standard, level, multiplier)
            _check(result, row, f"lower{suffix}cl", f"upper{suffix}cl", rel_error)
            assert result.count == row["total_count"]
            assert result.statistic == row["statistic"]


def test_dsr_1976_at_998_matches_research_vector(phe_dir: Path, read_sheet: Any, rel_error: Any) -> None:
    path = phe_dir / "testdata_DSR_ISR.xlsx"
    rows = read_sheet(path, "testdata_1976")
    result = dsr([r["count"] for r in rows], [r["pop"] for r in rows], [r["esp1976"] for r in rows], 0.998)
    # TV30: 99.8% limits computed in the research note (the sheet's own cells are 10x too large).
    assert rel_error(result.lower, 7659.282106568956) < RELATIVE_TOLERANCE
    assert rel_error(result.upper, 9599.2117985717) < RELATIVE_TOLERANCE


def test_dsr_with_repeat_events_matches_package(phe_dir: Path, read_sheet: Any, rel_error: Any) -> None:
    path = phe_dir / "testdata_DSR_ISR.xlsx"
    groups: dict[str, dict[Any, list[Any]]] = {}
    for row in read_sheet(path, "testdata_nonindepe"):
        group = groups.setdefault(row["area"], {"pop": [], 1: [], 2: [], 3: [], 4: []})
        group["pop"].append(row["pop"])
        for f in (1, 2, 3, 4):
            group[f].append(row[f"f{f}"])
    expected = [r for r in read_sheet(path, "testresults_DSR") if r["area"] in groups]
    assert len(expected) == 4
    for row in expected:
        group = groups[row["area"]]
        people = {f: group[f] for f in (1, 2, 3, 4)}
        for suffix, level in LEVELS.items():
            result = dsr_repeat_events(people, group["pop"], european_standard_population(), level)
            # The sheet stores these to 8 decimal places (research note §8: 5.6e-12 relative).
            _check(result, row, f"lower{suffix}cl", f"upper{suffix}cl", rel_error)
            assert result.method == row["method"]
