"""Settings for the linkage stage (the ``[link]`` section of ``atr.toml``).

The defaults were chosen on the synthetic extracts (see ``docs/link.md``, "Choosing the
thresholds"): in safeguarding data a false merge invents a multi-service person, so the
cluster threshold favours precision, and recall is reported beside every headline figure.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DeterministicIdentifier = Literal["nhs_number", "upn", "la_child_id", "pnc_id"]


def _default_identifiers() -> list[DeterministicIdentifier]:
    return ["nhs_number", "upn", "la_child_id"]


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
    predict_threshold: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Scored pairs below this probability are discarded (kept pairs feed the threshold sweep).",
    )
    deterministic_identifiers: list[DeterministicIdentifier] = Field(
        default_factory=_default_identifiers,
        description="Identifiers whose (valid) equality links two records outright, before Splink.",
    )
    max_identifier_group: int = Field(
        20,
        ge=2,
        description="An identifier value shared by more records than this is a placeholder: it links nothing.",
    )
    max_pairs_to_score: float = Field(
        3e7,
        gt=0,
        description="Budget of candidate pairs: wider blocking rules are added only while the total stays under it.",
    )
    max_block_size: int = Field(
        50,
        ge=2,
        description="A blocking rule skips any block holding more records than this (other rules must find them).",
    )
    u_max_pairs: float = Field(
        1e7, gt=0, description="Random pairs sampled to estimate Splink's u probabilities."
    )
    em_max_pairs: float = Field(
        5e6, gt=0, description="Cap on the blocked pairs of each expectation-maximisation session."
    )
    identifier_edit_distance: int = Field(
        0,
        ge=0,
        le=2,
        description=(
            "Also score identifiers one or two edits apart. Only for identifiers that arrive in clear"
            " and carry no check digit (a benchmark's social security number): NHS numbers and UPNs"
            " are check-digit validated and pseudonymised, so a typo is already a missing value."
        ),
    )
    identifier_m_disagree: float = Field(
        0.01,
        gt=0,
        lt=0.5,
        description=(
            "Assumed share of one person's record pairs holding two different valid NHS numbers"
            " (or UPNs, LA ids, PNC ids): duplicate registrations. Fixed rather than learned."
        ),
    )
    m_floor: float = Field(
        1e-4,
        gt=0,
        lt=0.1,
        description=(
            "Smallest m probability of any level: a disagreement never seen among true matches in"
            " training is still possible (typos happen), so no single field can veto a match outright."
        ),
    )
    seed: int = Field(7, description="Seed for Splink's u sampling, so a re-run gives the same model.")
    same_uprn_window_days: int = Field(
        183,
        ge=0,
        description="Two records at one UPRN count as living there together if their extracts are this close.",
    )
    max_household_size: int = Field(
        12,
        ge=2,
        description="A UPRN holding more people than this at once is an institution: no same-UPRN links.",
    )
    memory_limit_gb: float | None = Field(
        None,
        gt=0,
        description="DuckDB memory limit while linking; default min(12 GB, 60% of RAM).",
    )
