"""The ``[ingest]`` section of the project file."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class IngestSettings(BaseModel):
    """What a run may choose about ingest; the contract decides everything else."""

    model_config = ConfigDict(extra="forbid")

    datasets: list[str] | None = Field(
        None, description="Only these datasets (e.g. ['csc', 'police']); default every dataset found."
    )
