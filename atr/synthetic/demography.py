"""Demographic inputs: dates of the window, ethnic mix per district, fertility, household shapes.

The ethnic mixes are rounded from ONS Census 2021 (TS021, ethnic group by local authority)
[recalled], shifted towards younger groups for households with children (the Pakistani,
Bangladeshi, Black African and Mixed populations are younger). Fertility follows England's
age-specific rates (ONS Births in England and Wales 2021) [recalled], which give about 11-12
births a year per 1,000 people. They are plausibility inputs, not calibration targets.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt

EPOCH = date(1970, 1, 1)


def day(d: date) -> int:
    """Days since 1970-01-01 (the integer date used throughout the simulation)."""
    return (d - EPOCH).days


START = day(date(2019, 4, 1))
END = day(date(2025, 3, 31))
OPEN = 2**31 - 1  # "no end yet": written as an empty date
YEARS = 6
FY_START = np.array([day(date(2019 + y, 4, 1)) for y in range(YEARS)], dtype=np.int64)
FY_END = np.array([day(date(2020 + y, 3, 31)) for y in range(YEARS)], dtype=np.int64)
FY_LABELS = tuple(f"{2019 + y}/{(20 + y) % 100:02d}" for y in range(YEARS))
MARCH_31 = FY_END  # the census dates of CIN, CP and CLA counts
EXTRACT_DATE = "2025-04-30"
PERIOD_START = "2019-04-01"
PERIOD_END = "2025-03-31"

ETHNICITY_CODES = (
    "WBRI",
    "WIRI",
    "WOTH",
    "WROM",
    "MWBC",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "AOTH",
    "BAFR",
    "BCRB",
    "CHNE",
    "OOTH",
)
NAME_GROUP = np.array([0, 0, 1, 1, 0, 0, 0, 3, 2, 2, 2, 4, 4, 5, 1])  # index into names.GROUPS
NHS_ETHNIC_LETTER = np.array(list("ABCCDFGHJKLNMRS"))  # NHS ethnic category per DfE code above

# Percent of all residents, per district (Bradford, Calderdale, Kirklees, Leeds, Wakefield).
ETHNIC_MIX = np.array(
    [
        [55.0, 0.5, 4.0, 0.5, 1.2, 1.0, 0.8, 2.5, 25.5, 1.8, 1.5, 1.2, 0.6, 0.3, 1.6],
        [82.0, 0.5, 3.0, 0.2, 1.0, 0.8, 0.5, 0.8, 8.4, 0.5, 0.6, 0.5, 0.3, 0.3, 0.8],
        [71.0, 0.5, 4.0, 0.3, 1.5, 0.8, 0.6, 4.6, 11.1, 0.5, 1.2, 1.2, 0.9, 0.3, 1.0],
        [73.5, 0.8, 5.5, 0.3, 1.4, 0.9, 1.0, 2.3, 3.4, 0.8, 1.6, 3.6, 0.9, 1.0, 2.0],
        [88.0, 0.4, 4.5, 0.3, 0.8, 0.5, 0.4, 0.6, 1.5, 0.1, 0.5, 1.0, 0.2, 0.3, 0.5],
    ]
)
FAMILY_SHIFT = np.array([0.85, 0.8, 1.2, 1.3, 1.8, 1.8, 1.8, 1.1, 1.7, 1.7, 1.3, 1.5, 1.2, 0.9, 1.2])


def ethnic_weights(
    district: npt.NDArray[np.int64], family: npt.NDArray[np.bool_], depz: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Per-household probabilities over ETHNICITY_CODES (rows sum to 1).

    Minority groups are more likely in more deprived LSOAs (weight × e^(0.35·deprivation)).
    """
    base = ETHNIC_MIX[district] * np.where(
        family[:, None], FAMILY_SHIFT[None, :], 1.0 / FAMILY_SHIFT[None, :]
    )
    tilt = np.exp(0.35 * depz)[:, None] * np.ones(len(ETHNICITY_CODES))[None, :]
    tilt[:, 0] = 1.0
    weights = np.asarray(base * tilt, dtype=np.float64)
    normalised: npt.NDArray[np.float64] = weights / weights.sum(axis=1, keepdims=True)
    return normalised


def draw_categorical(
    rng: np.random.Generator, probabilities: npt.NDArray[np.float64]
) -> npt.NDArray[np.int64]:
    """One category per row of a probability matrix (vectorised inverse CDF)."""
    cumulative = probabilities.cumsum(axis=1)
    u = rng.random(size=(probabilities.shape[0], 1)) * cumulative[:, -1:]
    chosen: npt.NDArray[np.int64] = (u > cumulative).sum(axis=1).astype(np.int64)
    return chosen


def birth_probability(age: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Annual probability of a birth for a woman of this age in a couple or family household.

    Higher than the population ASFR because only partnered women and mothers are eligible.
    """
    return np.select(
        [age < 18, age < 25, age < 30, age < 35, age < 40, age < 45],
        [0.0, 0.10, 0.15, 0.15, 0.08, 0.017],
        0.0,
    )


CHILDREN_PER_FAMILY = (np.array([1, 2, 3, 4, 5]), np.array([0.40, 0.37, 0.15, 0.06, 0.02]))


def lone_parent_share(decile: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Share of families with children headed by a lone parent: about 40% in the most deprived
    decile, 12% in the least (England average about a quarter; ONS Families and households)."""
    return (0.12 + 0.031 * (10 - decile)).astype(np.float64)


def move_rate(decile: npt.NDArray[np.int64], kind: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Annual chance a household moves: older households 3%, others 8-17% rising with deprivation
    (English Housing Survey: about 1 in 10 households moved in the last year) [recalled]."""
    base = 0.08 + 0.01 * (10 - decile)
    return np.where(kind == 3, 0.03, np.where(kind == 1, base + 0.03, base)).astype(np.float64)
