"""Settings for the evaluate stage (the ``[evaluate]`` section of ``atr.toml``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class EvaluateSettings(BaseModel):
    """Where the programme list and cohorts come from, and the target progress is measured by."""

    model_config = ConfigDict(extra="forbid")

    programmes: Path | None = Field(
        None, description="The project's programme list (YAML); default: the package's demo list."
    )
    cohorts: Path | None = Field(
        None, description="The priority cohorts (YAML); default: the package's six cohorts."
    )
    target_people: int = Field(
        6000, ge=1, description="Young people the programme commits to support (West Yorkshire: 6,000)."
    )
    target_year: str = Field("2029/30", description="The financial year the target is due by (2030).")
    comparison_seed: int = Field(
        20260401,
        description="Seed for the comparison pool's pseudo start dates and its sample for matching: "
        "reruns are identical.",
    )
    comparison_per_participant: int = Field(
        20,
        ge=1,
        description="Comparisons the matching searches per participant in each district and age band "
        "(a seeded sample where the pool is larger; balance and the naive comparison use everyone).",
    )
