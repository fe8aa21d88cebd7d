"""Settings for the linkage stage (the ``[link]`` section of ``atr.toml``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class LinkSettings(BaseModel):
    """Thresholds for turning Splink's pairwise predictions into people and households."""

    model_config = ConfigDict(extra="forbid")

    match_threshold: float = Field(
        0.9,
        ge=0.0,
        le=1.0,
        description="Match probability at or above which two records are clustered into one person.",
    )
    household_confidence_threshold: float = Field(
        0.8,
        ge=0.0,
        le=1.0,
        description="Household links below this confidence are kept but not used for household adversity.",
    )
