"""Settings for the derive stage (the ``[derive]`` section of ``atr.toml``).

Every number here is a choice an analyst may want to revisit, so each says where it comes from.
Defaults that are assumptions rather than published figures say so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class DeriveSettings(BaseModel):
    """Windows and thresholds used when turning records into adverse experiences."""

    model_config = ConfigDict(extra="forbid")

    toxic_trio_window_months: int = Field(
        12, ge=1, le=60, description="Window for the 'all three across sources' toxic-trio measure."
    )
    published_estimates_dir: Path | None = Field(
        None,
        description=(
            "Folder holding the Children's Commissioner toxic-trio files (toxicTrio_la_data_rate.csv); "
            "else $ATR_PUBLISHED_ESTIMATES_DIR, else <reference dir>/../external/childrens_commissioner. "
            "Without it the modelled-prevalence tables are left empty and the run says so."
        ),
    )
    child_population_factor: float = Field(
        18 / 16,
        gt=1.0,
        le=1.5,
        description=(
            "Children aged 0-17 per child aged 0-15 in the reference population (which stops at 15): "
            "18/16 assumes ages 16 and 17 are as large as an average single year of age 0-15."
        ),
    )
    population_scale: float = Field(
        1.0,
        gt=0.0,
        le=1.0,
        description=(
            "The share of the reference population that the extracts describe: 1 for a real place; a "
            "synthetic world's scale (the demo's 0.02) so that modelled counts, made from reference "
            "populations, are on the same scale as the recorded counts they are set against."
        ),
    )
    deprivation_gradient_ratio: float = Field(
        2.0,
        ge=1.0,
        le=10.0,
        description=(
            "Assumed ratio of toxic-trio prevalence in the most to the least deprived national IMD decile, "
            "used to spread district estimates over small areas (an assumption, not a published figure)."
        ),
    )
    deprivation_gradient_ratio_upper: float = Field(
        3.0,
        ge=1.0,
        le=20.0,
        description="Upper end of the 95% range of that ratio (its uncertainty is log-normal and symmetric).",
    )
    district_relative_se: float = Field(
        0.10,
        ge=0.0,
        le=0.5,
        description=(
            "Relative standard error given to each published district rate, which the published files "
            "state without intervals (an assumption)."
        ),
    )
    simulations: int = Field(
        1000, ge=100, le=20000, description="Monte Carlo draws for the modelled-prevalence intervals."
    )
    bootstrap_samples: int = Field(
        400, ge=50, le=10000, description="Parametric bootstrap samples for capture-recapture intervals."
    )
    capture_recapture_min_observed: int = Field(
        50,
        ge=2,
        description="Fewest people in the observed cells before capture-recapture is attempted for an area and period.",
    )
    homelessness_coverage: float = Field(
        1.0,
        gt=0.0,
        le=1.0,
        description=(
            "Share of homeless households that approach the council in the year (an assumption: no list "
            "in the contract can estimate it; take it from published work on hidden homelessness). The "
            "default 1 counts only homelessness the council sees, so the capture-recapture estimate is a "
            "lower bound for hidden homelessness."
        ),
    )
    homelessness_coverage_se: float = Field(
        0.0,
        ge=0.0,
        lt=0.5,
        description=(
            "Standard error of homelessness_coverage; each capture-recapture bootstrap resample draws the "
            "coverage from a beta distribution with this mean and SD. 0 treats it as exact."
        ),
    )
    capture_recapture_criterion: Literal["aic", "bic"] = Field(
        "bic", description="How capture-recapture chooses among log-linear models."
    )
    random_seed: int = Field(
        20240401, description="Seed for every simulation, so reruns give the same intervals."
    )

    @model_validator(mode="after")
    def _upper_above_central(self) -> DeriveSettings:
        if self.deprivation_gradient_ratio_upper < self.deprivation_gradient_ratio:
            raise ValueError("deprivation_gradient_ratio_upper must be at least deprivation_gradient_ratio")
        spread = self.homelessness_coverage * (1 - self.homelessness_coverage)
        if self.homelessness_coverage_se > 0 and self.homelessness_coverage_se**2 >= spread:
            raise ValueError(
                "homelessness_coverage_se is too large for homelessness_coverage (a coverage of 1 must "
                "have SE 0; otherwise the SE must be below sqrt(coverage * (1 - coverage)))"
            )
        return self
