"""Modelled toxic-trio prevalence for small areas: synthetic estimation from district estimates.

Records only see the families services meet. The Children's Commissioner publishes modelled
estimates for each district; this module spreads each district's expected number of children
over its LSOAs along a deprivation gradient, so every small area gets an estimate that is
consistent with its district: the LSOA estimates of a district sum exactly to the district's
published rate times its 0-17 population.

Method (synthetic estimation with a logistic deprivation gradient):

- children aged 0-17 per LSOA = reference population aged 0-15 × ``child_population_factor``;
- within a district, ``logit(p_i) = a + b × (10 − imd_decile_i) / 9``, where ``exp(b)`` is the
  assumed odds ratio between the most and least deprived national deciles
  (``deprivation_gradient_ratio``) and ``a`` is solved so that ``Σ n_i p_i`` equals the district
  total (a logistic scale keeps every ``p_i`` below 1 however steep the gradient);
- uncertainty by simulation: each draw takes a gradient from its log-normal range, a district rate
  with ``district_relative_se`` (the published files give no intervals), solves ``a`` again, and
  shares the draw's district total among LSOAs with Poisson noise rescaled to that total (close to
  a multinomial draw, much cheaper); MSOA, ward, district and West Yorkshire intervals sum the
  same draws. Intervals are the 2.5th and 97.5th percentiles.

Hand-written because it is a few lines of NumPy around a Newton solve; no library offers this
district-constrained synthetic estimator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from atr.derive.events_sql import EventContext
from atr.derive.published_estimates import CITATION, MEASURES, PublishedEstimates
from atr.derive.settings import DeriveSettings
from atr.reference import REGION_CODE
from atr.warehouse import Warehouse

TABLE = "modelled_toxic_trio"
AREA_LEVELS: tuple[tuple[str, str], ...] = (
    ("lsoa", "lsoa11_code"),
    ("msoa", "msoa11_code"),
    ("ward", "ward19_code"),
)
SCHEMA = pa.schema(
    [
        ("area_code", pa.string()),
        ("area_type", pa.string()),
        ("lad19_code", pa.string()),
        ("measure", pa.string()),
        ("definition", pa.string()),
        ("children_0_17", pa.float64()),
        ("estimate", pa.float64()),
        ("lower", pa.float64()),
        ("upper", pa.float64()),
        ("rate", pa.float64()),
        ("rate_lower", pa.float64()),
        ("rate_upper", pa.float64()),
        ("district_published_rate", pa.float64()),
        ("method", pa.string()),
        ("source", pa.string()),
    ]
)
METHOD = (
    "synthetic estimation: district rate spread by IMD decile (logistic gradient), Monte Carlo 95% interval"
)


@dataclass(frozen=True)
class SmallAreas:
    """The LSOAs of one district with their children, deprivation and parent areas."""

    lsoa: list[str]
    msoa: list[str]
    ward: list[str]
    children: np.ndarray
    steps: np.ndarray
    """(10 − IMD decile) / 9: 1 in the most deprived decile, 0 in the least."""


def solve_intercept(
    children: np.ndarray, steps: np.ndarray, slope: np.ndarray, totals: np.ndarray
) -> np.ndarray:
    """Intercepts ``a`` (one per draw) with ``Σ_i children_i · expit(a + slope·steps_i) = total``.

    Newton's method on a function that is increasing and convex-then-concave in ``a``, started
    from the logit of the mean rate; 60 iterations reach machine precision for any sane input.
    """
    total_children = children.sum()
    mean = np.clip(totals / total_children, 1e-9, 1 - 1e-9)
    a = np.log(mean / (1 - mean)) - slope * float(np.average(steps, weights=children))
    for _ in range(60):
        p = 1.0 / (1.0 + np.exp(-(a[:, None] + slope[:, None] * steps[None, :])))
        f = (children[None, :] * p).sum(axis=1) - totals
        df = (children[None, :] * p * (1 - p)).sum(axis=1)
        step = f / np.maximum(df, 1e-12)
        a = a - np.clip(step, -5, 5)
        if np.all(np.abs(f) < 1e-9 * np.maximum(totals, 1.0)):
            break
    result: np.ndarray = a
    return result


def _by_step(children: np.ndarray, steps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Children summed per distinct deprivation step: the intercept only depends on these."""
    unique, inverse = np.unique(steps, return_inverse=True)
    return np.bincount(inverse, weights=children), unique


def expected_counts(children: np.ndarray, steps: np.ndarray, slope: float, total: float) -> np.ndarray:
    grouped, unique = _by_step(children, steps)
    a = solve_intercept(grouped, unique, np.array([slope]), np.array([total]))[0]
    counts: np.ndarray = children / (1.0 + np.exp(-(a + slope * steps)))
    return counts


def load_small_areas(
    warehouse: Warehouse,
    factor: float,
    lsoa_table: str = "ref_lsoa",
    population_table: str = "ref_population",
) -> dict[str, SmallAreas]:
    """Each district's LSOAs from the reference tables (LSOAs without a decile are left out)."""
    rows = warehouse.rows(
        f"""
        SELECT l.lsoa11_code, l.lad19_code, l.msoa11_code, l.ward19_code, CAST(l.imd_decile AS INTEGER) AS imd_decile,
               CAST(p.pop_aged_0_15 AS DOUBLE) AS pop_aged_0_15
        FROM {lsoa_table} l JOIN {population_table} p USING (lsoa11_code)
        WHERE l.imd_decile IS NOT NULL ORDER BY l.lad19_code, l.lsoa11_code
        """
    )
    by_district: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_district.setdefault(str(row["lad19_code"]), []).append(row)
    return {
        lad: SmallAreas(
            lsoa=[str(r["lsoa11_code"]) for r in rs],
            msoa=[str(r["msoa11_code"]) for r in rs],
            ward=[str(r["ward19_code"]) for r in rs],
            children=np.array([float(r["pop_aged_0_15"]) * factor for r in rs]),  # type: ignore[arg-type]
            steps=np.array([(10 - int(r["imd_decile"])) / 9 for r in rs]),  # type: ignore[call-overload]
        )
        for lad, rs in by_district.items()
    }


def _rows(
    codes: list[str],
    kind: str,
    lad: str | None,
    measure: str,
    children: np.ndarray,
    estimates: np.ndarray,
    draws: np.ndarray,
    published: float | None,
    source: str,
) -> list[dict[str, object]]:
    """Rows for several areas at once; ``draws`` is (simulations, areas)."""
    lower, upper = np.percentile(draws, [2.5, 97.5], axis=0)
    out: list[dict[str, object]] = []
    for i, code in enumerate(codes):
        per = 100.0 / children[i] if children[i] > 0 else math.nan
        est, lo, hi = float(estimates[i]), float(lower[i]), float(upper[i])
        out.append(
            {
                "area_code": code,
                "area_type": kind,
                "lad19_code": lad,
                "measure": measure,
                "definition": measure.rsplit("_", 1)[1],
                "children_0_17": float(children[i]),
                "estimate": est,
                "lower": lo,
                "upper": hi,
                "rate": est * per,
                "rate_lower": lo * per,
                "rate_upper": hi * per,
                "district_published_rate": published,
                "method": METHOD,
                "source": source,
            }
        )
    return out


@dataclass(frozen=True)
class Grouping:
    """How to sum LSOA columns into the areas of one level (LSOAs sorted by area, then reduceat)."""

    codes: list[str]
    order: np.ndarray
    starts: np.ndarray

    @classmethod
    def of(cls, keys: list[str]) -> Grouping:
        order = np.argsort(np.array(keys), kind="stable")
        sorted_keys = [keys[i] for i in order]
        starts = [i for i, k in enumerate(sorted_keys) if i == 0 or k != sorted_keys[i - 1]]
        return cls([sorted_keys[i] for i in starts], order, np.array(starts))

    def sum(self, values: np.ndarray) -> np.ndarray:
        """Sum the last axis of ``values`` (LSOAs) into areas."""
        return np.add.reduceat(values[..., self.order], self.starts, axis=-1)


def modelled_rows(
    areas: dict[str, SmallAreas], estimates: PublishedEstimates, settings: DeriveSettings
) -> list[dict[str, object]]:
    """Every area row of ``modelled_toxic_trio`` (pure function of its inputs; seeded)."""
    rng = np.random.default_rng(settings.random_seed)
    n = settings.simulations
    log_ratio = math.log(settings.deprivation_gradient_ratio)
    log_sd = (math.log(settings.deprivation_gradient_ratio_upper) - log_ratio) / 1.959964
    slopes = rng.normal(log_ratio, log_sd, size=n) if log_sd > 0 else np.full(n, log_ratio)
    districts = [lad for lad in sorted(areas) if lad in estimates.rates]
    noise = {lad: rng.normal(0.0, settings.district_relative_se, size=n) for lad in districts}
    levels = {
        lad: [
            (kind, Grouping.of(keys))
            for kind, keys in (
                ("lsoa", areas[lad].lsoa),
                ("msoa", areas[lad].msoa),
                ("ward", areas[lad].ward),
            )
        ]
        for lad in districts
    }
    source = f"{CITATION}; file {estimates.source.name}"
    rows: list[dict[str, object]] = []
    for measure in MEASURES:
        region = [0.0, 0.0, np.zeros(n)]  # estimate, children, draws
        for lad in districts:
            sa = areas[lad]
            published = estimates.rate(lad, measure)
            children_total = float(sa.children.sum())
            point = expected_counts(sa.children, sa.steps, log_ratio, published / 100.0 * children_total)
            draw_totals = np.clip(published / 100.0 * np.exp(noise[lad]), 0.0, 0.999) * children_total
            a = solve_intercept(*_by_step(sa.children, sa.steps), slopes, draw_totals)
            weights = sa.children[None, :] / (
                1.0 + np.exp(-(a[:, None] + slopes[:, None] * sa.steps[None, :]))
            )
            weights /= weights.sum(axis=1, keepdims=True)
            # Poisson counts rescaled to the draw's district total: multinomial variation (to first
            # order) at a fraction of its cost, and every draw still sums to its district total.
            counts = rng.poisson(draw_totals[:, None] * weights).astype(float)
            draws = counts * (draw_totals / np.maximum(counts.sum(axis=1), 1.0))[:, None]
            for kind, grouping in levels[lad]:
                rows.extend(
                    _rows(
                        grouping.codes,
                        kind,
                        lad,
                        measure,
                        grouping.sum(sa.children),
                        grouping.sum(point),
                        grouping.sum(draws),
                        None,
                        source,
                    )
                )
            district_draws = draws.sum(axis=1)
            rows.extend(
                _rows(
                    [lad],
                    "district",
                    lad,
                    measure,
                    np.array([children_total]),
                    np.array([point.sum()]),
                    district_draws[:, None],
                    published,
                    source,
                )
            )
            region = [region[0] + float(point.sum()), region[1] + children_total, region[2] + district_draws]  # type: ignore[operator]
        if districts:
            rows.extend(
                _rows(
                    [REGION_CODE],
                    "region",
                    None,
                    measure,
                    np.array([region[1]]),
                    np.array([region[0]]),
                    np.asarray(region[2])[:, None],
                    None,
                    source,
                )
            )
    return rows


def build_modelled_toxic_trio(
    warehouse: Warehouse, ctx: EventContext, estimates: PublishedEstimates | None, settings: DeriveSettings
) -> int:
    """Create ``modelled_toxic_trio`` (empty, with its columns, when there are no estimates)."""
    rows: list[dict[str, object]] = []
    if estimates is not None:
        factor = settings.child_population_factor * settings.population_scale  # same scale as the records
        areas = load_small_areas(warehouse, factor, ctx.t("ref_lsoa"), ctx.t("ref_population"))
        rows = modelled_rows(areas, estimates, settings)
    warehouse.write_arrow(TABLE, pa.Table.from_pylist(rows, schema=SCHEMA))
    return len(rows)
