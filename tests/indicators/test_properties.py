"""Properties every interval must have, for any inputs (hypothesis).

* the value lies inside its interval;
* intervals narrow as the numbers grow (same proportion, rate or mean on k times the data);
* a 99.8% interval contains the 95% one.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from atr.indicators.estimate import Estimate
from atr.indicators.stats import dsr, european_standard_population, mean, proportion, rate

LEVELS = (0.95, 0.998)
ESP = european_standard_population()
EPS = 1e-9

denominators = st.integers(min_value=1, max_value=5_000_000)
scales = st.integers(min_value=2, max_value=50)


@st.composite
def counts_and_denominators(draw: Any) -> tuple[int, int]:
    n = draw(denominators)
    return draw(st.integers(min_value=0, max_value=n)), n


def _width(e: Estimate) -> float:
    assert e.lower is not None and e.upper is not None
    return e.upper - e.lower


def _inside(e: Estimate) -> None:
    assert e.value is not None and e.lower is not None and e.upper is not None
    tolerance = EPS * max(1.0, abs(e.value))
    assert e.lower - tolerance <= e.value <= e.upper + tolerance, e


def _nested(narrow: Estimate, wide: Estimate) -> None:
    assert narrow.lower is not None and wide.lower is not None
    assert narrow.upper is not None and wide.upper is not None
    assert wide.lower <= narrow.lower + EPS * max(1.0, abs(narrow.lower))
    assert wide.upper >= narrow.upper - EPS * max(1.0, abs(narrow.upper))
    assert _width(wide) > _width(narrow)


@settings(max_examples=300, deadline=None)
@given(counts_and_denominators())
def test_proportion_properties(xn: tuple[int, int]) -> None:
    x, n = xn
    at_95, at_998 = (proportion(x, n, level) for level in LEVELS)
    for e in (at_95, at_998):
        _inside(e)
        assert 0 <= e.lower <= e.upper <= 100  # type: ignore[operator]
    _nested(at_95, at_998)


@settings(max_examples=200, deadline=None)
@given(counts_and_denominators(), scales)
def test_proportion_narrows_with_n(xn: tuple[int, int], k: int) -> None:
    x, n = xn
    for level in LEVELS:
        assert _width(proportion(x * k, n * k, level)) < _width(proportion(x, n, level))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=1_000_000), denominators)
def test_rate_properties(x: int, n: int) -> None:
    at_95, at_998 = (rate(x, n, level) for level in LEVELS)
    for e in (at_95, at_998):
        _inside(e)
    _nested(at_95, at_998)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=100_000), denominators, scales)
def test_rate_narrows_with_n(x: int, n: int, k: int) -> None:
    for level in LEVELS:
        assert _width(rate(x * k, n * k, level)) < _width(rate(x, n, level))


band_counts = st.lists(st.integers(min_value=0, max_value=500), min_size=19, max_size=19)
band_pops = st.lists(st.integers(min_value=500, max_value=200_000), min_size=19, max_size=19)


@settings(max_examples=150, deadline=None)
@given(band_counts, band_pops, scales)
def test_dsr_properties(counts: list[int], pops: list[int], k: int) -> None:
    if sum(counts) < 10:
        assert dsr(counts, pops, ESP).value is None
        return
    at_95, at_998 = (dsr(counts, pops, ESP, level) for level in LEVELS)
    for e in (at_95, at_998):
        _inside(e)
    _nested(at_95, at_998)
    bigger = dsr([c * k for c in counts], [p * k for p in pops], ESP)
    assert bigger.value is not None and abs(bigger.value - at_95.value) <= 1e-9 * at_95.value  # type: ignore[operator]
    assert _width(bigger) < _width(at_95)


samples = st.lists(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False), min_size=2, max_size=60
).filter(lambda v: max(v) - min(v) > 1e-3)


@settings(max_examples=200, deadline=None)
@given(samples, scales)
def test_mean_properties(values: list[float], k: int) -> None:
    at_95, at_998 = (mean(values, level) for level in LEVELS)
    for e in (at_95, at_998):
        _inside(e)
    _nested(at_95, at_998)
    assert _width(mean(values * k)) < _width(at_95)
