"""Proportionate universalism, declared: a total shared among areas, partly by population and
partly by need, and how far the shares move when need is measured another way.

``allocate``: area *i* gets ``total × (u × population_i / Σ population + (1 − u) × need_i / Σ need)``
where ``u`` is the universal share (``[provision.allocation] universal_share``). Everyone gets
something (the universal part); more goes where need is greater (the proportionate part). The
allocations always add up to the total.

``allocation_range``: the need side is modelled, so each area's allocation is also given at the
ends that its interval allows: lowest when its own need is at its lower limit and every other
area's at its upper limit, highest the other way round.

Small pure functions on plain sequences, so the arithmetic is tested on its own.
"""

from __future__ import annotations

from collections.abc import Sequence


def _shares(values: Sequence[float]) -> list[float]:
    total = float(sum(values))
    if total <= 0:
        return [1 / len(values)] * len(values) if values else []
    return [float(v) / total for v in values]


def allocate(
    total: float, universal_share: float, population: Sequence[float], need: Sequence[float]
) -> list[float]:
    """Each area's allocation; an all-zero need leaves the proportionate part shared equally."""
    if len(population) != len(need):
        raise ValueError("population and need must name the same areas")
    if not 0 <= universal_share <= 1:
        raise ValueError("universal_share must be between 0 and 1")
    by_population = _shares(population)
    by_need = _shares(need)
    return [
        total * (universal_share * p + (1 - universal_share) * n)
        for p, n in zip(by_population, by_need, strict=True)
    ]


def allocation_range(
    total: float,
    universal_share: float,
    population: Sequence[float],
    lower: Sequence[float],
    upper: Sequence[float],
) -> list[tuple[float, float]]:
    """(lowest, highest) allocation of each area over the need intervals (see module notes)."""
    if not len(population) == len(lower) == len(upper):
        raise ValueError("population and need limits must name the same areas")
    by_population = _shares(population)
    sum_upper, sum_lower = float(sum(upper)), float(sum(lower))
    out = []
    for i, p in enumerate(by_population):
        low_den = lower[i] + sum_upper - upper[i]
        high_den = upper[i] + sum_lower - lower[i]
        low_share = lower[i] / low_den if low_den > 0 else 0.0
        high_share = upper[i] / high_den if high_den > 0 else 0.0
        base = total * universal_share * p
        out.append(
            (
                base + total * (1 - universal_share) * low_share,
                base + total * (1 - universal_share) * high_share,
            )
        )
    return out


def change_percent(new: float, old: float) -> float | None:
    return None if old == 0 else 100 * (new - old) / old


__all__ = ["allocate", "allocation_range", "change_percent"]
