"""Published figures the synthetic population is calibrated to, each with its source.

Why these live in code, not read from ``shared/``: the product must run on a machine without the
research folder, so the few numbers it needs are copied here with their source; a test compares
the toxic-trio rows with the Children's Commissioner's CSV when that file is present.

``[recalled]`` marks a figure taken from the national statistics release as remembered rather
than re-opened during the build; they are plausibility targets with wide tolerances.
"""

from __future__ import annotations

from dataclasses import dataclass

CCO_SOURCE = (
    "Children's Commissioner for England, toxic-trio local estimates 2019 "
    "(riskmaps2019 toxicTrio_la_data_rate.csv), narrow measures, children aged 0-17"
)


@dataclass(frozen=True)
class ToxicTrioRates:
    """Projected % of children aged 0-17 living with an adult with each narrow-measure issue."""

    domestic_abuse: float  # adult experienced domestic abuse in the last year
    mental_health: float  # adult has severe mental ill-health symptoms
    substance: float  # adult has an alcohol or drug dependency
    any: float
    two_plus: float
    all_three: float


# Copied from toxicTrio_la_data_rate.csv (columns: DA last year, severe MH, dependency, any narrow,
# 2+ narrow, all 3 narrow). Keys are ONS district codes.
TOXIC_TRIO: dict[str, ToxicTrioRates] = {
    "E08000032": ToxicTrioRates(6.69862504005016, 13.757820140503, 4.11072292819438, 18.4370888028296, 5.13324864391353, 1.20198505565889),
    "E08000033": ToxicTrioRates(6.63490166578094, 13.8278302816526, 3.700890895066, 18.1138955078576, 5.00077812466266, 1.01541808637859),
    "E08000034": ToxicTrioRates(6.41181560260728, 13.6159065206259, 4.07378503493494, 18.1508061572051, 4.90673951725918, 1.1050617535203),
    "E08000035": ToxicTrioRates(7.39207558453823, 15.0284000073914, 5.04045768190633, 19.9674293972202, 6.02094303855089, 1.18593962064526),
    "E08000036": ToxicTrioRates(6.3724537884391, 14.0497611183794, 3.99605637804891, 18.6039306848504, 4.8664398458053, 1.04758147409714),
}  # fmt: skip

TRIO_LATENT_CORRELATION: dict[str, float] = {
    "E08000032": 0.60, "E08000033": 0.58, "E08000034": 0.60, "E08000035": 0.52, "E08000036": 0.57,
}  # fmt: skip
"""Correlation of the three household latent propensities, per district, fitted once by simulation
(scale 1.0) so that each district's any / 2+ / all-three shares land on the published ones; the
single-domain shares are exact by construction (see docs/synthetic.md)."""


@dataclass(frozen=True)
class Target:
    """One row of the calibration table."""

    key: str
    label: str
    value: float
    unit: str
    source: str
    relative_tolerance: float  # accepted |simulated - value| / value, before sampling error


CIN_PER_10K = Target(
    "cin_rate", "Children in need per 10,000 under-18s at 31 March", 332.9, "per 10,000",
    "DfE Children in need 2024 (England, 31 Mar 2024), via domain-anchors §3.3", 0.15,
)  # fmt: skip
CPP_PER_10K = Target(
    "cpp_rate", "Child protection plans per 10,000 under-18s at 31 March", 41.6, "per 10,000",
    "DfE Children in need 2024 (England 41.6), via Leeds SCP annual report; domain-anchors §3.3", 0.15,
)  # fmt: skip
LEEDS_CPP_PER_10K = Target(
    "leeds_cpp_rate", "Leeds child protection plans per 10,000 under-18s at 31 March", 38.7, "per 10,000",
    "Leeds SCP annual report: 38.7 (674) at 31 Mar 2024; domain-anchors §3.3", 0.2,
)  # fmt: skip
CLA_PER_10K = Target(
    "cla_rate", "Looked-after children per 10,000 under-18s at 31 March", 70.0, "per 10,000",
    "DfE Children looked after in England 2024 (70; 83,630); domain-anchors §3.3", 0.15,
)  # fmt: skip
LEEDS_CPP_DECILE1_SHARE = Target(
    "leeds_cpp_decile1", "Share of Leeds children on a CP plan living in national IMD decile 1", 57.6, "%",
    "Leeds paper (57.6%); domain-anchors §3.4 (concentration ratio ≈ 1.75)", 0.12,
)  # fmt: skip
CLA_DEPRIVATION_RATIO = Target(
    "cla_deprivation_ratio", "Looked-after rate, most vs least deprived IMD decile", 10.0, "ratio",
    "Child Welfare Inequalities Project (about 1 in 60 vs 1 in 660); domain-anchors §3.4", 0.5,
)  # fmt: skip
DA_CHILD_PRESENT_SHARE = Target(
    "da_child_present", "Police domestic-abuse occurrences with a child recorded present", 33.0, "%",
    "Issue 3 brief ('about a third of incidents'); SafeLives/Operation Encompass figures", 0.2,
)  # fmt: skip
SMD_TWO_PLUS = Target(
    "smd_two_plus", "Adults (18+) in 2+ of homelessness, offending, substance misuse in a year", 0.56, "%",
    "Hard Edges (Bramley & Fitzpatrick 2015): >250,000 of ~44.5m adults; domain-anchors §3.5", 0.3,
)  # fmt: skip
SMD_ALL_THREE_RATIO = Target(
    "smd_all_three_ratio", "Of those in 2+ systems, share in all three", 23.0, "%",
    "Hard Edges: ≥58,000 of >250,000; domain-anchors §3.5", 0.35,
)  # fmt: skip
PERSISTENT_ABSENCE_2324 = Target(
    "persistent_absence", "Pupils persistently absent (10%+ sessions missed), 2023/24", 20.0, "%",
    "DfE Pupil absence in schools in England 2023/24 [recalled]", 0.15,
)  # fmt: skip
SUSPENSION_RATE_2223 = Target(
    "suspension_rate", "Suspensions per 100 pupils, 2022/23", 9.33, "per 100",
    "DfE Suspensions and permanent exclusions in England 2022/23 [recalled]", 0.15,
)  # fmt: skip
FTE_RATE_2324 = Target(
    "fte_rate", "First-time entrants to youth justice per 100,000 aged 10-17, 2023/24", 148.0, "per 100,000",
    "YJB/MoJ Youth justice statistics 2022-23 (England and Wales) [recalled]", 0.25,
)  # fmt: skip
POPULATION_TOTAL = Target(
    "population", "People at 1 April 2019 (scaled)", 2_275_491.0, "people",
    "IoD2019 mid-2015 population denominators in the reference geography", 0.03,
)  # fmt: skip

# Absence and suspension levels by academic year (inputs, not all checked). The 2019/20 and
# 2020/21 figures cover autumn and spring terms only (COVID); 2024/25 is an assumption.
PERSISTENT_ABSENCE_BY_YEAR: dict[str, float] = {
    "2019/20": 13.1, "2020/21": 12.1, "2021/22": 22.5, "2022/23": 21.2, "2023/24": 20.0, "2024/25": 18.5,
}  # fmt: skip
SUSPENSIONS_PER_100_BY_YEAR: dict[str, float] = {
    "2019/20": 5.36, "2020/21": 4.25, "2021/22": 6.91, "2022/23": 9.33, "2023/24": 11.31, "2024/25": 11.5,
}  # fmt: skip
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

CHECK_TARGETS: tuple[Target, ...] = (
    POPULATION_TOTAL, CIN_PER_10K, CPP_PER_10K, LEEDS_CPP_PER_10K, CLA_PER_10K,
    LEEDS_CPP_DECILE1_SHARE, CLA_DEPRIVATION_RATIO, DA_CHILD_PRESENT_SHARE, SMD_TWO_PLUS,
    SMD_ALL_THREE_RATIO, PERSISTENT_ABSENCE_2324, SUSPENSION_RATE_2223, FTE_RATE_2324,
)  # fmt: skip
