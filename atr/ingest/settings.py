"""The ``[ingest]`` section of the project file."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class IngestSettings(BaseModel):
    """What a run may choose about ingest; the contract decides everything else."""

    model_config = ConfigDict(extra="forbid")

    datasets: list[str] | None = Field(
        None, description="Only these datasets (e.g. ['csc', 'police']); default every dataset found."
    )
    max_quarantine_share: float = Field(
        0.05,
        ge=0.0,
        le=1.0,
        description=(
            "A file that would quarantine more than this share of its rows is rejected (and its "
            "batch held back) instead of being loaded nearly empty. 0.05 = 5%."
        ),
    )
