"""Published figures the synthetic population is calibrated to, each with its source.

The figures are data (``data/targets.yaml``, with their sources): the product must run on a
machine without the research folder, so the few numbers it needs are copied there; a test
compares the toxic-trio rows with the Children's Commissioner's CSV when that file is present.
This module gives them types and the names the generator uses.

``[recalled]`` marks a figure taken from the national statistics release as remembered rather
than re-opened during the build; they are plausibility targets with wide tolerances.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from atr.package_data import data_yaml


@dataclass(frozen=True)
class ToxicTrioRates:
    """Projected % of children aged 0-17 living with an adult with each narrow-measure issue."""

    domestic_abuse: float  # adult experienced domestic abuse in the last year
    mental_health: float  # adult has severe mental ill-health symptoms
    substance: float  # adult has an alcohol or drug dependency
    any: float
    two_plus: float
    all_three: float


@dataclass(frozen=True)
class Target:
    """One row of the calibration table."""

    key: str
    label: str
    value: float
    unit: str
    source: str
    relative_tolerance: float  # accepted |simulated - value| / value, before sampling error


def _floats(table: dict[str, Any]) -> dict[str, float]:
    return {str(key): float(value) for key, value in table.items()}


_DATA = data_yaml("atr.synthetic", "targets.yaml")

CCO_SOURCE: str = _DATA["toxic_trio_source"]
TOXIC_TRIO: dict[str, ToxicTrioRates] = {
    code: ToxicTrioRates(**_floats(rates)) for code, rates in _DATA["toxic_trio"].items()
}
"""Keys are ONS district codes."""
TRIO_LATENT_CORRELATION: dict[str, float] = _floats(_DATA["trio_latent_correlation"])
"""Correlation of the three household latent propensities, per district, fitted once by simulation
(scale 1.0) so that each district's any / 2+ / all-three shares land on the published ones; the
single-domain shares are exact by construction (see docs/synthetic.md)."""

CHECK_TARGETS: tuple[Target, ...] = tuple(
    Target(**{**row, "value": float(row["value"]), "relative_tolerance": float(row["relative_tolerance"])})
    for row in _DATA["targets"]
)
_BY_KEY = {target.key: target for target in CHECK_TARGETS}
POPULATION_TOTAL = _BY_KEY["population"]
CIN_PER_10K = _BY_KEY["cin_rate"]
CPP_PER_10K = _BY_KEY["cpp_rate"]
LEEDS_CPP_PER_10K = _BY_KEY["leeds_cpp_rate"]
CLA_PER_10K = _BY_KEY["cla_rate"]
LEEDS_CPP_DECILE1_SHARE = _BY_KEY["leeds_cpp_decile1"]
CLA_DEPRIVATION_RATIO = _BY_KEY["cla_deprivation_ratio"]
DA_CHILD_PRESENT_SHARE = _BY_KEY["da_child_present"]
SMD_TWO_PLUS = _BY_KEY["smd_two_plus"]
SMD_ALL_THREE_RATIO = _BY_KEY["smd_all_three_ratio"]
PERSISTENT_ABSENCE_2324 = _BY_KEY["persistent_absence"]
SUSPENSION_RATE_2223 = _BY_KEY["suspension_rate"]
FTE_RATE_2324 = _BY_KEY["fte_rate"]

# Absence and suspension levels by academic year (inputs, not all checked).
PERSISTENT_ABSENCE_BY_YEAR: dict[str, float] = _floats(_DATA["persistent_absence_by_year"])
SUSPENSIONS_PER_100_BY_YEAR: dict[str, float] = _floats(_DATA["suspensions_per_100_by_year"])
PERMANENT_EXCLUSIONS_PER_100 = 0.11  # DfE 2022/23 [recalled]
FTE_PER_100K = 148.0

# Assumptions used to size flows (documented in docs/synthetic.md, not checked directly).
MEAN_YEARS = {"cin": 0.55, "cp": 0.75, "cla": 2.6}
"""Mean open duration (years) of a CIN episode not involving a plan or care, a CP plan, and a
period of care. Point prevalence = starts per year × mean duration, so starts are sized from the
31 March targets; CP mean from DfE (median plan about 8-9 months) [recalled]."""
MALTREATMENT_PREVALENCE = 0.045
"""Share of children maltreated in a year (any of neglect, emotional, physical, sexual abuse).
Radford et al. 2011 (NSPCC): past-year severe maltreatment 2.5% (under 11) to 6% (11-17)."""
