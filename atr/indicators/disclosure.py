"""Statistical disclosure control: the one place published indicator figures are made safe.

The rule (configurable in ``[disclosure]`` of ``atr.toml``, :class:`DisclosureSettings`):

1. **Primary suppression.** A count of 1–7 people (``suppress_below = 8``) is not published;
   0 is shown as 0. This is NHS England's (formerly NHS Digital's) sub-national rule for HES and
   ECDS since September 2018, also used for NCMP and SRHAD: "0 shown as 0; 1–7 suppressed; all
   other counts rounded to the nearest 5" (research note §5). Denominators are counts of people
   too and get the same treatment.
2. **Rounding.** Every other count and denominator is rounded to the nearest 5 (``round_to``).
3. **Derived values.** A value, its limits and its comparison are not published when its count
   or denominator is suppressed. Proportions and crude rates are recomputed from the rounded
   count and denominator (``values_from_rounded``; NHS England: "percentages are calculated
   from the rounded figures"), so a precise value cannot reveal the unrounded count. Means are
   too (published total over published number of people; limits from the standard deviation
   rounded to one place), since an exact mean gives back both its unrounded counts. Standardised
   rates are complex statistics that NHS England exempts; they are published from unrounded data
   but suppressed with their count. Inequality rows (SII/RII) are suppressed when
   any quantile they are computed from is suppressed.
4. **Secondary suppression.** Published figures add up: a total equals the sum of its
   breakdown (sexes, age bands, ethnic groups, deprivation deciles, each with an "unknown"
   category) and West Yorkshire equals the sum of its districts, a district the sum of its wards
   (and of its MSOAs). In every such relation, if any cell is suppressed then (a) at least two
   cells are, and (b) when the total is published, the suppressed cells together hold at least
   ``suppress_below`` people, so neither one cell nor their sum can be recovered as a small
   number by subtraction. Cells are added smallest-first until every relation holds (the usual
   heuristic that loses the least information); a residual not covered by the parts (people
   with no known area) is treated as if published, which is the cautious assumption.

The module works on a pandas frame because the relations are group-wise table operations;
no maintained Python SDC library (sdcMicro is R) handles hierarchical tables of this shape,
hence hand-written, with the attack it must withstand in ``tests/indicators``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import t as student_t

from atr.indicators.disclosure_audit import close_interval_leaks
from atr.indicators.intervals import mean_limits, proportion_limits, rate_limits
from atr.indicators.settings import DisclosureSettings

ALL = "all"
UNKNOWN = "unknown"
INEQUALITY = "inequality"
SUPPRESSED_NOTE = (
    "suppressed: fewer than {n} people, or so that another suppressed figure cannot be worked out"
)
"""One note for every suppressed count: saying which cells are small (at most 7) and which are
hidden to protect them tells an attacker the bounds that pin small cells (docs/indicators.md)."""
PRIMARY_NOTE = SECONDARY_NOTE = SUPPRESSED_NOTE
INEQUALITY_NOTE = "suppressed: a deprivation group it is calculated from is suppressed"
DERIVED_COLUMNS = ("value", "lower_95", "upper_95", "lower_998", "upper_998")
MEAN_SD_DECIMALS = 1
"""Places of the standard deviation behind a published mean's limits (see ``_recompute_means``)."""
EXEMPT_METHODS = ("modelled",)
"""Model outputs are not counts of people (NHS England: values not about individuals need no
control); their estimates are rounded like counts but never suppressed."""


def rule_description(settings: DisclosureSettings) -> str:
    """The rule in words, for metadata and the dashboard's footnotes."""
    top = settings.suppress_below - 1
    text = (
        f"Counts of 1 to {top} are suppressed and other counts rounded to the nearest "
        f"{settings.round_to} (NHS England sub-national small-number rule, HES/ECDS 2018); values "
        "built on suppressed counts are suppressed"
    )
    if settings.secondary_suppression:
        text += "; further cells are suppressed so that none can be recovered by subtraction"
    return text + "."


def round_to_base(values: np.ndarray, base: int) -> np.ndarray:
    """Round to the nearest multiple of ``base``, halves up (counts are whole numbers)."""
    return np.floor(np.asarray(values, dtype=np.float64) / base + 0.5) * base


def primary_mask(counts: np.ndarray, settings: DisclosureSettings) -> np.ndarray:
    """True where a count is from 1 to ``suppress_below`` − 1."""
    c = np.asarray(counts, dtype=np.float64)
    return (c >= 1) & (c < settings.suppress_below)


@dataclass(frozen=True)
class Relation:
    """A published total (a row index) and the rows that add up to it."""

    total: int | None
    parts: tuple[int, ...]


def build_relations(table: pd.DataFrame, parents: Mapping[str, str]) -> list[Relation]:
    """Every additive relation among the rows of an indicator table.

    ``parents`` maps an area code to the code of the area it nests in (district → region,
    ward → district, MSOA → district). Breakdown relations tie each area's ``all`` row to the
    values of each breakdown; geography relations tie an area's row to its children's rows of
    the same breakdown value, one relation per kind of child (wards and MSOAs separately).
    Relations refer to rows by ``table``'s index labels (positions, for a default index).
    """
    relations: list[Relation] = []
    frame = table[table["breakdown"] != INEQUALITY]
    key_columns = ["indicator_id", "period", "area_code", "breakdown", "breakdown_value"]
    index = {
        key: int(i)
        for i, key in zip(frame.index, frame[key_columns].itertuples(index=False, name=None), strict=True)
    }
    parts = frame[frame["breakdown"] != ALL]
    for (ind, period, area, _breakdown), group in parts.groupby(
        ["indicator_id", "period", "area_code", "breakdown"], sort=False
    ):
        total = index.get((ind, period, area, ALL, ALL))
        if total is not None:  # parts without a published total reveal nothing about each other
            relations.append(Relation(total, tuple(int(i) for i in group.index)))
    children = frame.assign(parent=frame["area_code"].map(parents))
    children = children[children["parent"].notna()]
    for (ind, period, parent, _child_type, breakdown, value), group in children.groupby(
        ["indicator_id", "period", "parent", "area_type", "breakdown", "breakdown_value"], sort=False
    ):
        total = index.get((ind, period, parent, breakdown, value))
        if total is not None:
            relations.append(Relation(total, tuple(int(i) for i in group.index)))
    return relations


def secondary_suppression(
    true_counts: np.ndarray,
    mask: np.ndarray,
    relations: Sequence[Relation],
    threshold: int,
) -> np.ndarray:
    """Extend ``mask`` until no suppressed cell can be recovered from any relation.

    Returns the new mask (the input is not changed). Terminates because it only ever adds cells.
    """
    counts = np.nan_to_num(np.asarray(true_counts, dtype=np.float64), nan=0.0)
    masked = np.asarray(mask, dtype=bool).copy()
    changed = True
    while changed:
        changed = False
        for rel in relations:
            parts = np.asarray(rel.parts, dtype=np.int64)
            hidden = parts[masked[parts]]
            total_hidden = rel.total is not None and masked[rel.total]
            if hidden.size == 0 and not total_hidden:
                continue
            if total_hidden:
                safe = hidden.size >= 1
            else:
                safe = hidden.size >= 2 and counts[hidden].sum() >= threshold
            if safe:
                continue
            candidates = parts[~masked[parts] & (counts[parts] > 0)]
            if candidates.size:
                pick = int(candidates[np.argmin(counts[candidates])])
            elif rel.total is not None and not masked[rel.total]:
                pick = rel.total
            else:
                continue  # nothing left to hide: every part is zero or already suppressed
            masked[pick] = True
            changed = True
    return masked


def _recompute(frame: pd.DataFrame, rows: np.ndarray, true_denominators: np.ndarray) -> None:
    """Proportions, crude rates and means from the published (rounded) counts and denominators."""
    for method, limits in (("proportion", proportion_limits), ("rate", rate_limits)):
        sel = rows & (frame["method"] == method).to_numpy()
        if not sel.any():
            continue
        x = frame.loc[sel, "count"].to_numpy(float)
        n = frame.loc[sel, "denominator"].to_numpy(float)
        mult = frame.loc[sel, "multiplier"].to_numpy(float)
        for level, suffix in ((0.95, "95"), (0.998, "998")):
            lim = limits(x, n, level, 1.0)
            frame.loc[sel, "value"] = lim.value * mult
            frame.loc[sel, f"lower_{suffix}"] = lim.lower * mult
            frame.loc[sel, f"upper_{suffix}"] = lim.upper * mult
    _recompute_means(frame, rows & (frame["method"] == "mean").to_numpy(), true_denominators)


def _recompute_means(frame: pd.DataFrame, sel: np.ndarray, true_denominators: np.ndarray) -> None:
    """A mean is the published total over the published number of people; its limits use the
    standard deviation rounded to ``MEAN_SD_DECIMALS`` places.

    An exact mean of true figures gives back the true total and number of people (few pairs
    within the rounding ranges share one exact ratio). The standard deviation is not published,
    but it is recovered from the true limits (half-width × √n / t) and then rounded, so the
    limits reveal only the published counts and that coarse figure.
    """
    if not sel.any():
        return
    total = frame.loc[sel, "count"].to_numpy(float)
    n = frame.loc[sel, "denominator"].to_numpy(float)
    mult = frame.loc[sel, "multiplier"].to_numpy(float)
    true_n = np.asarray(true_denominators, dtype=float)[sel]
    half = (frame.loc[sel, "upper_95"].to_numpy(float) - frame.loc[sel, "value"].to_numpy(float)) / mult
    with np.errstate(invalid="ignore", divide="ignore"):
        t_true = np.abs(student_t.ppf(0.025, np.where(true_n >= 2, true_n - 1, np.nan)))
        sd = np.round(half * np.sqrt(true_n) / t_true, MEAN_SD_DECIMALS)
    for level, suffix in ((0.95, "95"), (0.998, "998")):
        lim = mean_limits(total, n, sd, level)
        frame.loc[sel, "value"] = lim.value * mult
        frame.loc[sel, f"lower_{suffix}"] = lim.lower * mult
        frame.loc[sel, f"upper_{suffix}"] = lim.upper * mult


CANONICAL_ORDER = ("indicator_id", "period", "area_type", "area_code", "breakdown", "breakdown_value")


def apply_disclosure_control(
    table: pd.DataFrame,
    parents: Mapping[str, str],
    settings: DisclosureSettings | None = None,
) -> pd.DataFrame:
    """Return the publishable table: rounded, suppressed, with ``suppressed`` and ``note`` set.

    ``table`` has the ``indicator_value`` columns plus ``method`` and ``multiplier``, with true
    (unrounded) counts and denominators. A ``trend`` label is removed (None) wherever the five
    years it summarises include a suppressed figure.
    """
    rules = settings or DisclosureSettings()
    # Which of two equal cells is hidden to protect a third must not depend on the order the
    # engine returned rows in (DuckDB and Spark differ): work in a canonical order, then restore.
    keys = [c for c in CANONICAL_ORDER if c in table.columns]
    original = table.reset_index(drop=True)
    order = original.sort_values(keys, kind="mergesort", na_position="last").index.to_numpy()
    frame = _controlled(original.loc[order].reset_index(drop=True), parents, rules)
    frame.index = order
    return frame.sort_index()


def _controlled(frame: pd.DataFrame, parents: Mapping[str, str], rules: DisclosureSettings) -> pd.DataFrame:
    counts = frame["count"].to_numpy(float)
    denominators = frame["denominator"].to_numpy(float)
    exempt = frame["method"].isin(EXEMPT_METHODS).to_numpy()
    primary_count = primary_mask(counts, rules) & ~exempt
    primary_denominator = primary_mask(denominators, rules) & ~exempt
    mask_count, mask_denominator = primary_count.copy(), primary_denominator.copy()
    if rules.secondary_suppression:
        relations = build_relations(frame[~exempt], parents)

        def secondary(mask_c: np.ndarray, mask_d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return (
                secondary_suppression(counts, mask_c, relations, rules.suppress_below),
                secondary_suppression(denominators, mask_d, relations, rules.suppress_below),
            )

        mask_count, mask_denominator = secondary(mask_count, mask_denominator)
        mask_count, mask_denominator = close_interval_leaks(
            counts, denominators, mask_count, mask_denominator, relations, rules, secondary
        )
    row_hidden = mask_count | mask_denominator
    inequality_hidden = np.zeros(len(frame), dtype=bool)
    if (frame["breakdown"] == INEQUALITY).any():
        inequality_hidden = _inequality_mask(frame, row_hidden)
        row_hidden |= inequality_hidden

    rounded_counts = round_to_base(counts, rules.round_to)
    rounded_denoms = round_to_base(denominators, rules.round_to)
    published_counts = np.where(mask_count | np.isnan(counts), np.nan, rounded_counts)
    published_denoms = np.where(mask_denominator | np.isnan(denominators), np.nan, rounded_denoms)
    # A hidden row shows no figure at all, even one that is safe on its own: readers (and the
    # publish stage's privacy check) can then trust that "suppressed" means "nothing shown".
    published_counts[row_hidden] = np.nan
    published_denoms[row_hidden] = np.nan
    frame["count"] = published_counts
    frame["denominator"] = published_denoms
    plain = (frame["method"] == "count").to_numpy()
    frame.loc[plain, "value"] = frame.loc[plain, "count"]  # a plain count is its published count
    if rules.values_from_rounded:
        _recompute(
            frame, ~row_hidden & ~np.isnan(published_counts) & ~np.isnan(published_denoms), denominators
        )
    for column in DERIVED_COLUMNS:
        frame.loc[row_hidden, column] = np.nan
    notes = frame["note"].astype(object).where(~row_hidden, None)
    notes[row_hidden] = SUPPRESSED_NOTE.format(n=rules.suppress_below)
    notes[inequality_hidden] = INEQUALITY_NOTE
    frame["note"] = notes
    frame["suppressed"] = row_hidden
    if "trend" in frame.columns:
        frame.loc[_trend_mask(frame, row_hidden), "trend"] = None
    return frame


def _trend_mask(frame: pd.DataFrame, hidden: np.ndarray) -> np.ndarray:
    """Rows whose trend window (this year and the four before) includes a suppressed figure."""
    periods = sorted(frame["period"].dropna().unique())
    position = frame["period"].map({p: i for i, p in enumerate(periods)}).to_numpy()
    keys = ["indicator_id", "area_code", "breakdown", "breakdown_value"]
    series = frame.groupby(keys, sort=False).ngroup().to_numpy()
    hidden_at = {(int(s), int(p)) for s, p in zip(series[hidden], position[hidden], strict=True)}
    return np.array(
        [
            any((int(s), int(p) - k) in hidden_at for k in range(5))
            for s, p in zip(series, position, strict=True)
        ],
        dtype=bool,
    )


def _inequality_mask(frame: pd.DataFrame, hidden: np.ndarray) -> np.ndarray:
    """Inequality rows whose quantile rows (breakdown named after the row) include a hidden one."""
    keys = ["indicator_id", "period", "area_code", "breakdown"]
    hidden_groups = set(map(tuple, frame.loc[hidden, keys].itertuples(index=False, name=None)))
    result = np.zeros(len(frame), dtype=bool)
    rows = frame.index[frame["breakdown"] == INEQUALITY]
    for i in rows:
        quantile = str(frame.at[i, "breakdown_value"]).split("_", 1)[-1]  # sii_imd_decile → imd_decile
        key = (frame.at[i, "indicator_id"], frame.at[i, "period"], frame.at[i, "area_code"], quantile)
        result[i] = key in hidden_groups
    return result
