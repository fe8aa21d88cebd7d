"""``capture_recapture``: how many adults with multiple disadvantage services do not see.

A *capture* is a service contact that starts in the year: an approach to the council as
homeless (any member of the case), the start of a custody period, a referral for drug or alcohol
treatment, a mental-health referral received. (Spells carried over from an earlier year are not
new captures; ``adult_year``'s domains, which count what is open in the year, are for reporting.)
Linkage says who was captured by several services. Two estimators use these lists:

- ``coverage_adjusted`` (:mod:`atr.derive.coverage`), the headline estimate of adults with two
  or more domains: each list's coverage is estimated against homelessness services' record of
  applicants' support needs, and the overlaps are scaled up by inclusion-exclusion. West
  Yorkshire and each district, each year;
- ``loglinear`` (:mod:`atr.derive.loglinear`): classic multiple-systems estimation with Poisson
  log-linear models chosen by BIC/AIC, for ``multiple_disadvantage`` (cells with fewer than two
  captures unobserved) and ``at_least_one_domain``. It assumes every list could capture every
  member of the population, which domain-specific lists break (probation cannot see someone who
  does not offend), so on these lists it overstates; it is kept for comparison and for lists that
  do meet its assumptions. West Yorkshire each year and over the window; districts over the window.

Every log-linear candidate model is kept in ``capture_recapture_model``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pyarrow as pa

from atr.derive.coverage import LISTS, AssumedCoverage, estimate_two_or_more
from atr.derive.events_sql import EventContext, member_join
from atr.derive.loglinear import estimate_population
from atr.derive.periods_sql import FY_TABLE
from atr.derive.settings import DeriveSettings
from atr.reference import REGION_CODE
from atr.warehouse import Warehouse

TABLE = "capture_recapture"
MODELS_TABLE = "capture_recapture_model"
POPULATIONS: dict[str, int] = {"multiple_disadvantage": 2, "at_least_one_domain": 1}
NEEDS: dict[str, str] = {
    "mental_health": "mental_health",
    "drug_dependency": "substance_misuse",
    "alcohol_dependency": "substance_misuse",
    "offending": "offending",
}
METHODS = {
    "coverage_adjusted": "coverage of each list by capture-recapture against housing support needs; "
    "inclusion-exclusion; bootstrap 95% interval",
    "loglinear": "log-linear capture-recapture (statsmodels GLM, Poisson); parametric bootstrap 95% interval",
}
SCHEMA = pa.schema(
    [
        ("area_code", pa.string()),
        ("area_type", pa.string()),
        ("period", pa.string()),
        ("population", pa.string()),
        ("estimator", pa.string()),
        ("lists", pa.string()),
        ("observed", pa.int64()),
        ("recorded_two_or_more", pa.int64()),
        ("estimate", pa.float64()),
        ("lower", pa.float64()),
        ("upper", pa.float64()),
        ("model", pa.string()),
        ("criterion", pa.string()),
        ("criterion_value", pa.float64()),
        ("candidate_models", pa.int64()),
        *((f"coverage_{name}", pa.float64()) for name in LISTS),
        ("method", pa.string()),
    ]
)
MODEL_SCHEMA = pa.schema(
    [
        ("area_code", pa.string()),
        ("period", pa.string()),
        ("population", pa.string()),
        ("model", pa.string()),
        ("aic", pa.float64()),
        ("bic", pa.float64()),
        ("deviance", pa.float64()),
        ("df_resid", pa.int64()),
        ("estimate", pa.float64()),
        ("chosen", pa.bool_()),
    ]
)


def captures_sql(ctx: EventContext) -> str:
    """``(entity_id, financial_year, lad19_code, <list>…, need_<list>…)`` for adults captured in a year."""
    case, member, need = ctx.t("housing_case"), ctx.t("housing_case_member"), ctx.t("housing_support_need")
    in_year = f"JOIN {FY_TABLE} f ON f.in_periods AND {{day}} BETWEEN f.fy_start AND f.fy_end"

    def starts(table: str, day: str, name: str) -> str:
        return f"""SELECT m.entity_id, f.financial_year, '{name}' AS list
                   FROM {ctx.t(table)} x {member_join(ctx, "x")} {in_year.format(day=f"x.{day}")}"""

    need_case = (
        "CASE lower(n.need) " + " ".join(f"WHEN '{k}' THEN 'need_{v}'" for k, v in NEEDS.items()) + " END"
    )
    parts = [
        f"""SELECT m.entity_id, f.financial_year, 'homelessness' AS list
            FROM {member} cm JOIN {case} c ON c.dataset = cm.dataset AND c.partner_code = cm.partner_code
                 AND c.record_id = cm.case_id
            {member_join(ctx, "cm")} {in_year.format(day="c.approach_date")}""",
        starts("probation_custody", "start_date", "offending"),
        starts("substance_episode", "referral_date", "substance_misuse"),
        starts("mental_health_referral", "referral_received_date", "mental_health"),
        f"""SELECT m.entity_id, f.financial_year, {need_case} AS list
            FROM {need} n JOIN {case} c ON c.dataset = n.dataset AND c.partner_code = n.partner_code
                 AND c.record_id = n.case_id
            {member_join(ctx, "n")} {in_year.format(day="c.approach_date")}
            WHERE lower(n.need) IN ({", ".join(f"'{k}'" for k in NEEDS)})""",
    ]
    flags = ", ".join(
        f"max(CASE WHEN k.list = '{prefix}{name}' THEN 1 ELSE 0 END) AS {prefix}{name}"
        for prefix in ("", "need_")
        for name in LISTS
    )
    return f"""
        SELECT a.entity_id, a.financial_year, a.lad19_code, {flags}
        FROM ({" UNION ALL ".join(parts)}) k
        JOIN adult_year a ON a.entity_id = k.entity_id AND a.financial_year = k.financial_year
        GROUP BY a.entity_id, a.financial_year, a.lad19_code
        ORDER BY a.financial_year, a.entity_id
    """


def _loglinear_rows(
    area: tuple[str, str], period: str, counts: Counter[tuple[int, ...]], settings: DeriveSettings
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    models: list[dict[str, Any]] = []
    for population, min_lists in POPULATIONS.items():
        result = estimate_population(
            counts,
            LISTS,
            min_lists=min_lists,
            criterion=settings.capture_recapture_criterion,
            bootstrap=settings.bootstrap_samples,
            seed=settings.random_seed,
            min_observed=settings.capture_recapture_min_observed,
        )
        if result is None:
            continue
        rows.append(
            {
                "area_type": area[0],
                "area_code": area[1],
                "period": period,
                "population": population,
                "estimator": "loglinear",
                "observed": result.observed,
                "recorded_two_or_more": sum(n for h, n in counts.items() if sum(h) >= 2),
                "estimate": result.estimate,
                "lower": result.lower,
                "upper": result.upper,
                "model": result.model,
                "criterion": result.criterion,
                "criterion_value": result.criterion_value,
                "candidate_models": len(result.candidates),
            }
        )
        models.extend(
            {
                "area_code": area[1],
                "period": period,
                "population": population,
                "model": fit.name,
                "aic": fit.aic,
                "bic": fit.bic,
                "deviance": fit.deviance,
                "df_resid": fit.df_resid,
                "estimate": fit.total,
                "chosen": fit.name == result.model,
            }
            for fit in result.candidates
        )
    return rows, models


def _coverage_row(
    area: tuple[str, str], period: str, captured: np.ndarray, need: np.ndarray, settings: DeriveSettings
) -> dict[str, Any] | None:
    if captured.shape[0] < settings.capture_recapture_min_observed:
        return None
    result = estimate_two_or_more(
        captured,
        need,
        fixed_coverage={
            0: AssumedCoverage(settings.homelessness_coverage, settings.homelessness_coverage_se)
        },
        bootstrap=settings.bootstrap_samples,
        seed=settings.random_seed,
    )
    if result is None:
        return None
    return {
        "area_type": area[0],
        "area_code": area[1],
        "period": period,
        "population": "multiple_disadvantage",
        "estimator": "coverage_adjusted",
        "observed": int(captured.any(axis=1).sum()),
        "recorded_two_or_more": result.observed_two_or_more,
        "estimate": result.estimate,
        "lower": result.lower,
        "upper": result.upper,
        **{f"coverage_{name}": value for name, value in result.coverage.items()},
    }


def homelessness_assumption(settings: DeriveSettings) -> str:
    """The homelessness-coverage assumption in words, for the ``method`` column and run notes."""
    coverage, se = settings.homelessness_coverage, settings.homelessness_coverage_se
    if coverage >= 1.0:
        return (
            "homelessness coverage assumed 1 (every homeless household approaches the council): "
            "a lower bound for hidden homelessness (set [derive] homelessness_coverage)"
        )
    return f"homelessness coverage assumed {coverage:g} (SE {se:g}, drawn in the bootstrap)"


def build_capture_recapture(warehouse: Warehouse, ctx: EventContext, settings: DeriveSettings) -> int:
    """Create ``capture_recapture`` and ``capture_recapture_model``; return the row count."""
    table = warehouse.query(captures_sql(ctx))
    lad = np.array(table["lad19_code"].to_pylist(), dtype=object)
    year = np.array(table["financial_year"].to_pylist(), dtype=object)
    entity = np.array(table["entity_id"].to_pylist(), dtype=object)
    captured = (
        np.column_stack([np.array(table[n].to_pylist(), dtype=np.int8) for n in LISTS])
        if len(table)
        else np.zeros((0, 4), np.int8)
    )
    need = (
        np.column_stack([np.array(table[f"need_{n}"].to_pylist(), dtype=np.int8) for n in LISTS])
        if len(table)
        else np.zeros((0, 4), np.int8)
    )
    seen = captured.any(axis=1)
    rows: list[dict[str, Any]] = []
    models: list[dict[str, Any]] = []
    years = sorted(set(year[seen].tolist()))
    for fy in years:
        in_year = seen & (year == fy)
        areas = [(("region", REGION_CODE), in_year)] + [
            (("district", str(code)), in_year & (lad == code))
            for code in sorted({c for c in lad[in_year] if c})
        ]
        for area, mask in areas:
            row = _coverage_row(area, fy, captured[mask], need[mask], settings)
            if row is not None:
                rows.append(row)
        counts = Counter(map(tuple, captured[in_year].astype(int).tolist()))
        new_rows, new_models = _loglinear_rows(("region", REGION_CODE), fy, counts, settings)
        rows += new_rows
        models += new_models
    if years:
        window = f"{years[0]} to {years[-1]}"
        ever: dict[str, np.ndarray] = {}
        district: dict[str, str] = {}
        for i in np.flatnonzero(seen):
            ever[entity[i]] = ever.get(entity[i], np.zeros(4, np.int8)) | captured[i]
            if lad[i]:
                district[entity[i]] = lad[i]  # rows are ordered by year: the latest district wins
        by_area: dict[tuple[str, str], Counter[tuple[int, ...]]] = {}
        for person, history in ever.items():
            key = tuple(int(x) for x in history)
            by_area.setdefault(("region", REGION_CODE), Counter())[key] += 1
            if person in district:
                by_area.setdefault(("district", district[person]), Counter())[key] += 1
        for area, counts in sorted(by_area.items()):
            new_rows, new_models = _loglinear_rows(area, window, counts, settings)
            rows += new_rows
            models += new_models
    for row in rows:
        row.setdefault("lists", ", ".join(LISTS))
        method = METHODS[row["estimator"]]
        if row["estimator"] == "coverage_adjusted":
            method = f"{method}; {homelessness_assumption(settings)}"
        row.setdefault("method", method)
    warehouse.write_arrow(TABLE, pa.Table.from_pylist(rows, schema=SCHEMA))
    warehouse.write_arrow(MODELS_TABLE, pa.Table.from_pylist(models, schema=MODEL_SCHEMA))
    return len(rows)
