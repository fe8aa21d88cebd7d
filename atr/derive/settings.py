"""Settings for the derive stage (the ``[derive]`` section of ``atr.toml``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class DeriveSettings(BaseModel):
    """Windows and thresholds used when turning records into adverse experiences."""

    model_config = ConfigDict(extra="forbid")

    toxic_trio_window_months: int = Field(
        12, ge=1, le=60, description="Window for the 'all three across sources' toxic-trio measure."
    )
