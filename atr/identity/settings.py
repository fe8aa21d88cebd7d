"""``[opt_out]`` of the project file: light, so loading the project file imports no data library."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class OptOutSettings(BaseModel):
    """``[opt_out]`` in atr.toml."""

    model_config = ConfigDict(extra="forbid")

    nhs_numbers_file: Path | None = Field(
        None, description="Text file of NHS numbers that opted out, one a line ('#' starts a comment)."
    )
    datasets: list[str] = Field(
        default_factory=list, description="Datasets the opt-out covers (e.g. gp_registration, mental_health)."
    )
