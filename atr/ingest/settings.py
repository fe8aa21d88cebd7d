"""Settings for the ingest stage (the ``[ingest]`` section of ``atr.toml``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class IngestSettings(BaseModel):
    """How strict ingest is before a partner's new batch replaces the one in force."""

    model_config = ConfigDict(extra="forbid")

    max_quarantine_share: float = Field(
        0.05,
        ge=0.0,
        le=1.0,
        description=(
            "A file that would quarantine more than this share of its rows is rejected (and its "
            "batch held back) instead of being loaded nearly empty. 0.05 = 5%."
        ),
    )
