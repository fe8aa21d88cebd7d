"""Slope and relative index of inequality against the package's published values.

Inputs and expected values are the research note's vectors TV38 and TV42–TV44, copied there
verbatim from PHEindicatormethods' ``testdata_SII.xlsx`` (records 1, 91, 131, 246, 286, 346),
which is not among the shared files. Point estimates are deterministic and must match to
1e-8; the limits are Monte Carlo and the package's own tests accept 5% relative (testthat
``tolerance = 0.05``), so they are checked per limit at 5% with a fixed seed.
"""

from __future__ import annotations

from typing import Any

import pytest

from atr.indicators.stats import sii, sii_levels

DEFAULT_POPS = [7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534]
DEFAULT_VALUES = [
    75.9334590103081,
    78.3442382727843,
    83.8360631041654,
    83.6375399664931,
    80.4655031529559,
    81.1156759857022,
    81.6930835718562,
    84.1900062060987,
    80.5955641081472,
    86.2894349578624,
]
DEFAULT_LOWER = [
    72.7220530546453,
    75.2509802190802,
    80.8697295124759,
    80.157578356036,
    77.1308785969275,
    78.0499986811178,
    79.011578491948,
    81.4457282769343,
    75.827185168894,
    83.2190593454592,
]
DEFAULT_UPPER = [
    79.1448649659708,
    81.4374963264884,
    86.8023966958549,
    87.1175015769501,
    83.8001277089842,
    84.1813532902866,
    84.3745886517644,
    86.9342841352631,
    85.3639430474004,
    89.3598105702656,
]

PROP_POPS = [34353, 32112, 27715, 25372, 23889, 23260, 23180, 24193, 23609, 24488]
PROP_VALUES = [
    0.21212121212121202,
    0.214281265570503,
    0.204077214504781,
    0.19186504808450303,
    0.174808489262841,
    0.16663800515907098,
    0.156039689387403,
    0.146571322283305,
    0.140370197805921,
    0.120875530872264,
]
PROP_LOWER = [
    0.207830499225555,
    0.209827711465288,
    0.19937351725899902,
    0.187066648694241,
    0.170044640703038,
    0.16190410576997,
    0.151425075468518,
    0.142170753783533,
    0.13599767093637602,
    0.11685200990738201,
]
PROP_UPPER = [
    0.216476300812899,
    0.218803170788612,
    0.208862933590925,
    0.19675673996565,
    0.17967690552753499,
    0.17148199783416998,
    0.160768288675927,
    0.151084110529924,
    0.144859737537153,
    0.125017980504761,
]

POINT_TOLERANCE = 1e-8
SIMULATION_TOLERANCE = 0.05

CASES: list[tuple[str, dict[str, Any], tuple[float, ...]]] = [
    # name, arguments, (sii, rii, intercept or nan, sii_lo, sii_hi, rii_lo, rii_hi)
    (
        "TV38 value_type 0",
        dict(
            values=DEFAULT_VALUES,
            lower=DEFAULT_LOWER,
            upper=DEFAULT_UPPER,
            populations=DEFAULT_POPS,
            value_type=0,
        ),
        (
            6.934616473668819,
            1.0888180804446217,
            78.07663078231671,
            3.127594617650817,
            10.7586873680794,
            1.0383690591642838,
            1.1412993360251238,
        ),
    ),
    (
        "TV42 proportion",
        dict(values=PROP_VALUES, lower=PROP_LOWER, upper=PROP_UPPER, populations=PROP_POPS, value_type=2),
        (
            -0.10720032333730493,
            0.5334015306465507,
            0.22974855336720032,
            -0.11220857220984691,
            -0.1021798062145461,
            0.5171273196358018,
            0.5501538412913004,
        ),
    ),
    (
        "TV43 proportion x -100",
        dict(
            values=PROP_VALUES,
            lower=PROP_LOWER,
            upper=PROP_UPPER,
            populations=PROP_POPS,
            value_type=2,
            multiplier=-100,
        ),
        (
            10.720032333730494,
            1.874760274474414,
            float("nan"),
            10.21798062145461,
            11.22085722098469,
            1.8176733941416052,
            1.933759757083172,
        ),
    ),
    (
        "TV44 logit, x -1",
        dict(
            values=PROP_VALUES,
            lower=PROP_LOWER,
            upper=PROP_UPPER,
            populations=PROP_POPS,
            value_type=2,
            transform=True,
            multiplier=-1,
        ),
        (
            0.1096462611125906,
            1.8720366560930344,
            0.2353821007088711,
            0.10443087776045443,
            0.11490838449464633,
            1.8176063925941832,
            1.9285161359197882,
        ),
    ),
]


@pytest.mark.parametrize(("name", "arguments", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sii_matches_package(
    name: str, arguments: dict[str, Any], expected: tuple[float, ...], rel_error: Any
) -> None:
    result = sii(**arguments, repetitions=100_000, seed=20240601)
    value, rii, intercept, lo, hi, rii_lo, rii_hi = expected
    assert rel_error(result.value, value) < POINT_TOLERANCE
    assert rel_error(result.rii, rii) < POINT_TOLERANCE
    if intercept == intercept:  # not NaN
        assert rel_error(result.intercept, intercept) < POINT_TOLERANCE
    for actual, wanted in (
        (result.lower, lo),
        (result.upper, hi),
        (result.rii_lower, rii_lo),
        (result.rii_upper, rii_hi),
    ):
        assert rel_error(actual, wanted) < SIMULATION_TOLERANCE, (name, actual, wanted)
    assert result.lower is not None and result.upper is not None and result.value is not None
    assert result.lower <= result.value <= result.upper
    assert result.method == "simulation 100000 reps"


def test_same_seed_same_limits_and_998_wider() -> None:
    args = dict(values=DEFAULT_VALUES, lower=DEFAULT_LOWER, upper=DEFAULT_UPPER, populations=DEFAULT_POPS)
    first = sii_levels(**args, levels=(0.95, 0.998), repetitions=20_000, seed=7)  # type: ignore[arg-type]
    again = sii_levels(**args, levels=(0.95, 0.998), repetitions=20_000, seed=7)  # type: ignore[arg-type]
    assert first == again
    narrow, wide = first[0.95], first[0.998]
    assert narrow.value == wide.value
    assert wide.lower < narrow.lower < narrow.value < narrow.upper < wide.upper  # type: ignore[operator]


def test_quintiles_from_standard_errors() -> None:
    """Five quantiles with standard errors instead of limits (the package allows both)."""
    result = sii(
        [10.0, 12.0, 14.0, 16.0, 18.0],
        None,
        None,
        [100, 100, 100, 100, 100],
        se=[0.5] * 5,
        repetitions=10_000,
        seed=1,
    )
    # Equal populations: ranks 0.1…0.9, a perfect line of slope 2 per fifth, so SII = 10.
    assert result.value == pytest.approx(10.0, rel=1e-12)
    assert result.intercept == pytest.approx(9.0, rel=1e-12)


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="5 to 100"):
        sii([1, 2, 3], [0, 1, 2], [2, 3, 4], [1, 1, 1])
    with pytest.raises(ValueError, match="transform"):
        sii(DEFAULT_VALUES, DEFAULT_LOWER, DEFAULT_UPPER, DEFAULT_POPS, transform=True)
    missing = sii([None, *DEFAULT_VALUES[1:]], DEFAULT_LOWER, DEFAULT_UPPER, DEFAULT_POPS)  # type: ignore[list-item]
    assert missing.value is None and missing.note
    zero = sii([0.0, *PROP_VALUES[1:]], [0.0, *PROP_LOWER[1:]], PROP_UPPER, PROP_POPS, value_type=2)
    assert zero.value is None and "logit" in (zero.note or "")
