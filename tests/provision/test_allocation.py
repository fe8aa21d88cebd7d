"""Proportionate universalism: the arithmetic on its own."""

from __future__ import annotations

import pytest

from atr.provision.allocation import allocate, allocation_range, change_percent

POPULATION = [100.0, 300.0, 600.0]
NEED = [50.0, 30.0, 20.0]


def test_the_universal_share_follows_population_and_the_rest_follows_need() -> None:
    assert allocate(1000, 1.0, POPULATION, NEED) == pytest.approx([100, 300, 600])
    assert allocate(1000, 0.0, POPULATION, NEED) == pytest.approx([500, 300, 200])
    mixed = allocate(1000, 0.4, POPULATION, NEED)
    assert mixed == pytest.approx([0.4 * 100 + 0.6 * 500, 0.4 * 300 + 0.6 * 300, 0.4 * 600 + 0.6 * 200])
    assert sum(mixed) == pytest.approx(1000)


def test_no_need_anywhere_shares_the_targeted_part_equally() -> None:
    assert allocate(900, 0.0, POPULATION, [0, 0, 0]) == pytest.approx([300, 300, 300])


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="same areas"):
        allocate(1, 0.5, [1, 2], [1])
    with pytest.raises(ValueError, match="between 0 and 1"):
        allocate(1, 1.5, [1], [1])


def test_each_range_holds_the_declared_allocation_and_widens_with_the_intervals() -> None:
    lower, upper = [40.0, 25.0, 10.0], [60.0, 35.0, 30.0]
    declared = allocate(1000, 0.4, POPULATION, NEED)
    ranges = allocation_range(1000, 0.4, POPULATION, lower, upper)
    for value, (low, high) in zip(declared, ranges, strict=True):
        assert low <= value <= high
    # area 1 at its lower limit, the others at their upper: 40 / (40 + 35 + 30) of the targeted part
    assert ranges[0][0] == pytest.approx(0.4 * 100 + 0.6 * 1000 * 40 / 105)
    exact = allocation_range(1000, 0.4, POPULATION, NEED, NEED)
    assert [r[0] for r in exact] == pytest.approx(declared) and [r[1] for r in exact] == pytest.approx(
        declared
    )


def test_change_percent() -> None:
    assert change_percent(110, 100) == pytest.approx(10)
    assert change_percent(1, 0) is None
