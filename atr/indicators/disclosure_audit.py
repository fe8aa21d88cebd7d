"""The attacker's interval reasoning, run by the publisher before anything leaves.

Secondary suppression (:func:`atr.indicators.disclosure.secondary_suppression`) stops a
suppressed cell being solved from one relation with one unknown. An attacker can do more. Every
published count stands for an interval (a rounded 15 for 13–17, a 0 for exactly 0) and every
suppressed one for "at least 1" (0 is always shown); each relation (a total is the sum of its
parts) narrows the intervals of its cells, and the narrowed intervals narrow other relations in
turn. Seven suppressed wards under a district known to hold at most 7 are each exactly 1; a
district pinned between its wards and its ethnic groups gives away the groups. A suppressed
cell whose interval shrinks to a single value is disclosed.

:func:`pinned` runs that reasoning to a fixed point. :func:`close_interval_leaks` suppresses one
more cell (the smallest published non-zero count nearest to each pinned cell, through the
relations) and repeats until nothing is pinned. Rounded counts may still be narrowed (rounding
is not controlled rounding); suppressed ones never come back as one value.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from atr.indicators.settings import DisclosureSettings

MAX_ROUNDS = 40
"""Propagation passes over the relations (each pass only narrows; the fixed point comes sooner)."""


class RelationLike(Protocol):
    @property
    def total(self) -> int | None: ...
    @property
    def parts(self) -> tuple[int, ...]: ...


def published_intervals(
    true_counts: np.ndarray, hidden: np.ndarray, rules: DisclosureSettings
) -> tuple[list[float], list[float]]:
    """What each cell may hold, as an attacker reading the published table knows it (or better)."""
    counts = np.asarray(true_counts, dtype=np.float64)
    base = rules.round_to
    shown = np.floor(counts / base + 0.5) * base
    lo = np.maximum(shown - base // 2, rules.suppress_below)
    hi = shown + (base - 1 - base // 2)
    lo = np.where(shown == 0, 0.0, lo)
    hi = np.where(shown == 0, 0.0, hi)
    unknown = np.isnan(counts)
    lo[unknown], hi[unknown] = 0.0, math.inf
    # A suppressed count is at least 1 (0 is shown), except that a row hidden for its
    # denominator hides a 0 too. The attacker modelled here knows which hidden cells hold 0:
    # stronger than a real one, so every interval holds the truth and nothing it pins is a guess.
    lo[hidden] = np.minimum(np.nan_to_num(counts[hidden], nan=0.0), 1.0)
    hi[hidden] = math.inf
    return [float(x) for x in lo], [float(x) for x in hi]


def _narrow(lo: list[float], hi: list[float], total: int, parts: Sequence[int]) -> bool:
    """Narrow one relation's intervals; False when nothing changed (or the relation is inconsistent)."""
    sum_lo = sum(lo[p] for p in parts)
    infinite = sum(1 for p in parts if math.isinf(hi[p]))
    finite_hi = sum(hi[p] for p in parts if not math.isinf(hi[p]))
    sum_hi = math.inf if infinite else finite_hi
    t_lo, t_hi = max(lo[total], sum_lo), min(hi[total], sum_hi)
    if t_lo > t_hi:
        return False
    changed = (t_lo, t_hi) != (lo[total], hi[total])
    lo[total], hi[total] = t_lo, t_hi
    for p in parts:
        others_hi = (
            math.inf if infinite - math.isinf(hi[p]) else finite_hi - (0 if math.isinf(hi[p]) else hi[p])
        )
        new_lo = max(lo[p], math.ceil(t_lo - others_hi) if math.isfinite(others_hi) else lo[p])
        new_hi = min(hi[p], math.floor(t_hi - (sum_lo - lo[p])) if math.isfinite(t_hi) else hi[p])
        if new_lo <= new_hi and (new_lo, new_hi) != (lo[p], hi[p]):
            lo[p], hi[p], changed = new_lo, new_hi, True
    return changed


def pinned(
    true_counts: np.ndarray, hidden: np.ndarray, relations: Sequence[RelationLike], rules: DisclosureSettings
) -> np.ndarray:
    """Suppressed cells the attacker narrows to one value (other than 0).

    A work list: a relation is narrowed again only when one of its cells has changed, so the
    many relations with nothing to learn are visited once.
    """
    lo, hi = published_intervals(true_counts, hidden, rules)
    active = [(r.total, r.parts) for r in relations if r.total is not None]
    by_cell: dict[int, list[int]] = defaultdict(list)
    for k, (total, parts) in enumerate(active):
        for member in (total, *parts):
            by_cell[member].append(k)
    queue, queued = deque(range(len(active))), [True] * len(active)
    budget = MAX_ROUNDS * max(len(active), 1)
    while queue and budget > 0:
        budget -= 1
        k = queue.popleft()
        queued[k] = False
        total, parts = active[k]
        before = [(lo[m], hi[m]) for m in (total, *parts)]
        if not _narrow(lo, hi, total, parts):
            continue
        for member, (b_lo, b_hi) in zip((total, *parts), before, strict=True):
            if (lo[member], hi[member]) != (b_lo, b_hi):
                for j in by_cell[member]:
                    if not queued[j]:
                        queued[j] = True
                        queue.append(j)
    result: np.ndarray = np.asarray(hidden, dtype=bool)
    low, high = np.asarray(lo), np.asarray(hi)
    out: np.ndarray = result & (low == high) & (low >= 1)  # a hidden 0 shown to be 0 discloses nothing
    return out


def _widen(
    cell: int, counts: np.ndarray, hidden: np.ndarray, by_cell: dict[int, list[tuple[int, ...]]]
) -> int | None:
    """The published non-zero count nearest ``cell`` through the relations (smallest first)."""
    seen, queue, done = {cell}, deque([cell]), set()
    while queue:
        for members in by_cell.get(queue.popleft(), []):
            if id(members) in done:
                continue
            done.add(id(members))
            shown = [m for m in members if not hidden[m] and counts[m] > 0]
            if shown:
                return min(shown, key=lambda m: counts[m])
            fresh = [m for m in members if hidden[m] and m not in seen]
            seen.update(fresh)
            queue.extend(fresh)
    return None


def close_interval_leaks(
    counts: np.ndarray,
    denominators: np.ndarray,
    mask_count: np.ndarray,
    mask_denominator: np.ndarray,
    relations: Sequence[RelationLike],
    rules: DisclosureSettings,
    restore: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray]:
    """Extend the masks until no suppressed count or denominator is pinned (see module docstring).

    A hidden row shows neither its count nor its denominator, so both columns are attacked
    with the union of the masks. ``restore`` re-applies secondary suppression after each round
    (a newly hidden cell may be the only hidden one in another relation). Terminates: each round
    hides at least one more cell or stops.
    """
    mask_count, mask_denominator = mask_count.copy(), mask_denominator.copy()
    by_cell: dict[int, list[tuple[int, ...]]] = defaultdict(list)
    for rel in relations:
        members = (*rel.parts, *([rel.total] if rel.total is not None else []))
        for member in members:
            by_cell[member].append(members)
    true_values = {
        "count": np.nan_to_num(np.asarray(counts, dtype=np.float64), nan=0.0),
        "denominator": np.nan_to_num(np.asarray(denominators, dtype=np.float64), nan=0.0),
    }
    for _ in range(len(counts) + 1):
        hidden = mask_count | mask_denominator
        added = False
        for name, values, mask in (
            ("count", counts, mask_count),
            ("denominator", denominators, mask_denominator),
        ):
            for cell in np.flatnonzero(pinned(values, hidden, relations, rules)):
                pick = _widen(int(cell), true_values[name], hidden, by_cell)
                if pick is not None:
                    mask[pick] = hidden[pick] = added = True
        if not added:
            break
        mask_count, mask_denominator = restore(mask_count, mask_denominator)
    return mask_count, mask_denominator
