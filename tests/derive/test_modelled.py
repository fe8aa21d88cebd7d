"""Modelled toxic-trio prevalence: the Leeds check, district totals, gradient and intervals."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from atr.derive.modelled import SmallAreas, load_small_areas, modelled_rows, solve_intercept
from atr.derive.published_estimates import PublishedEstimates, read_toxic_trio_estimates
from atr.derive.settings import DeriveSettings
from atr.reference.loader import load_reference
from atr.reference.sources import ReferenceSource
from atr.warehouse import DuckDBWarehouse

LEEDS = "E08000035"
SETTINGS = DeriveSettings(simulations=300)


@pytest.fixture(scope="module")
def estimates(shared_dir: Path) -> PublishedEstimates:
    folder = shared_dir / "data" / "external" / "childrens_commissioner"
    if not (folder / "toxicTrio_la_data_rate.csv").is_file():
        pytest.skip("Children's Commissioner files not available")
    return read_toxic_trio_estimates(folder)


@pytest.fixture(scope="module")
def areas(reference_dir: Path) -> dict[str, SmallAreas]:
    warehouse = DuckDBWarehouse(":memory:")
    load_reference(warehouse, ReferenceSource("explicit", reference_dir))
    return load_small_areas(warehouse, SETTINGS.child_population_factor)


@pytest.fixture(scope="module")
def rows(areas: dict[str, SmallAreas], estimates: PublishedEstimates) -> list[dict[str, object]]:
    return modelled_rows(areas, estimates, SETTINGS)


def _row(rows: list[dict[str, object]], area: str, measure: str) -> dict[str, object]:
    (found,) = [r for r in rows if r["area_code"] == area and r["measure"] == measure]
    return found


def test_leeds_narrow_rates_reproduce_the_papers_figures(rows: list[dict[str, object]]) -> None:
    """Issue 6: 33,580 children (19.8%) with any of the toxic trio, 1,994 (1.2%) with all three."""
    any_ = _row(rows, LEEDS, "any_narrow")
    all3 = _row(rows, LEEDS, "all_three_narrow")
    assert any_["estimate"] == pytest.approx(33_580, rel=0.03)
    assert all3["estimate"] == pytest.approx(1_994, rel=0.03)
    assert any_["rate"] == pytest.approx(19.8, rel=0.03)
    assert all3["rate"] == pytest.approx(1.2, rel=0.03)
    assert any_["children_0_17"] == pytest.approx(145_907 * 18 / 16)


def test_small_areas_sum_to_the_district_totals(
    rows: list[dict[str, object]], estimates: PublishedEstimates
) -> None:
    sums: dict[tuple[str, str, object], float] = defaultdict(float)
    districts = {(r["measure"], r["area_code"]): r for r in rows if r["area_type"] == "district"}
    for r in rows:
        if r["area_type"] in ("lsoa", "msoa", "ward"):
            sums[(str(r["area_type"]), str(r["measure"]), r["lad19_code"])] += float(r["estimate"])  # type: ignore[arg-type]
    assert len(districts) == 5 * 14
    for (measure, lad), district in districts.items():
        expected = estimates.rate(str(lad), str(measure)) / 100 * float(district["children_0_17"])  # type: ignore[arg-type]
        assert district["estimate"] == pytest.approx(expected, rel=1e-9)
        for level in ("lsoa", "msoa", "ward"):
            assert sums[(level, str(measure), lad)] == pytest.approx(expected, rel=1e-9)
    region = _row(rows, "E47000003", "any_narrow")
    district_total = sum(float(str(r["estimate"])) for (m, _), r in districts.items() if m == "any_narrow")
    assert region["estimate"] == pytest.approx(district_total)


def test_deprivation_gradient_and_intervals(
    rows: list[dict[str, object]], areas: dict[str, SmallAreas]
) -> None:
    leeds = areas[LEEDS]
    lsoa_rates = {
        r["area_code"]: r
        for r in rows
        if r["area_type"] == "lsoa" and r["measure"] == "any_narrow" and r["lad19_code"] == LEEDS
    }
    most = [lsoa_rates[c]["rate"] for c, s in zip(leeds.lsoa, leeds.steps, strict=True) if s == 1.0]
    least = [lsoa_rates[c]["rate"] for c, s in zip(leeds.lsoa, leeds.steps, strict=True) if s == 0.0]
    p1, p10 = most[0] / 100, least[0] / 100  # type: ignore[operator]
    assert (p1 / (1 - p1)) / (p10 / (1 - p10)) == pytest.approx(SETTINGS.deprivation_gradient_ratio, rel=1e-6)
    for r in rows:
        assert 0 <= r["lower"] <= r["estimate"] * 1.0001 + 1 and r["estimate"] <= r["upper"] * 1.0001 + 1  # type: ignore[operator]
    ordered = ("all_three_narrow", "two_or_more_narrow", "any_narrow")
    for area in ("E47000003", LEEDS, leeds.ward[0]):
        estimates_in_order = [_row(rows, area, m)["estimate"] for m in ordered]
        assert estimates_in_order == sorted(estimates_in_order)  # type: ignore[type-var]


def test_intervals_are_reproducible_and_widen_with_uncertainty(
    areas: dict[str, SmallAreas], estimates: PublishedEstimates
) -> None:
    small = {LEEDS: areas[LEEDS]}
    first = _row(modelled_rows(small, estimates, SETTINGS), LEEDS, "any_narrow")
    again = _row(modelled_rows(small, estimates, SETTINGS), LEEDS, "any_narrow")
    assert first == again
    certain = SETTINGS.model_copy(
        update={"district_relative_se": 0.0, "deprivation_gradient_ratio_upper": 2.0}
    )
    fixed = _row(modelled_rows(small, estimates, certain), LEEDS, "any_narrow")
    width = float(first["upper"]) - float(first["lower"])  # type: ignore[arg-type]
    assert float(fixed["upper"]) - float(fixed["lower"]) < width / 5  # type: ignore[arg-type]


def test_solve_intercept_meets_every_total() -> None:
    rng = np.random.default_rng(1)
    children = rng.uniform(50, 500, 40)
    steps = rng.integers(0, 10, 40) / 9
    slopes = np.array([0.0, 0.7, 2.3])
    totals = np.array([0.01, 0.2, 0.6]) * children.sum()
    a = solve_intercept(children, steps, slopes, totals)
    p = 1 / (1 + np.exp(-(a[:, None] + slopes[:, None] * steps[None, :])))
    assert (children * p).sum(axis=1) == pytest.approx(totals, rel=1e-9)


class _ReferenceOnly:
    """The one thing build_modelled_toxic_trio asks of its context: where the reference tables are."""

    def t(self, name: str) -> str:
        return name


def test_modelled_counts_are_made_at_the_records_scale(
    reference_dir: Path, estimates: PublishedEstimates
) -> None:
    """A synthetic world at 2% of the population is set against 2% of the modelled children."""
    from atr.derive.modelled import build_modelled_toxic_trio

    warehouse = DuckDBWarehouse(":memory:")
    load_reference(warehouse, ReferenceSource("explicit", reference_dir))
    found = {}
    for scale in (1.0, 0.02):
        settings = DeriveSettings(simulations=300, population_scale=scale)
        build_modelled_toxic_trio(warehouse, _ReferenceOnly(), estimates, settings)  # type: ignore[arg-type]
        found[scale] = warehouse.rows(
            "SELECT children_0_17, estimate, rate FROM modelled_toxic_trio "
            f"WHERE area_code = '{LEEDS}' AND measure = 'any_narrow'"
        )[0]
    assert found[0.02]["children_0_17"] == pytest.approx(found[1.0]["children_0_17"] * 0.02)
    assert found[0.02]["estimate"] == pytest.approx(found[1.0]["estimate"] * 0.02, rel=0.01)
    assert found[0.02]["rate"] == pytest.approx(found[1.0]["rate"], rel=0.01)
