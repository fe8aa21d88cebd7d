"""Settings for the indicator stage: disclosure control (the ``[disclosure]`` section)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class DisclosureSettings(BaseModel):
    """Small-number suppression and rounding applied to every published figure."""

    model_config = ConfigDict(extra="forbid")

    suppress_below: int = Field(
        8, ge=1, description="Counts from 1 up to this value minus one are suppressed (default 1-7)."
    )
    round_to: int = Field(5, ge=1, description="Unsuppressed counts are rounded to this base.")
