"""Settings for the indicator stage: disclosure control (the ``[disclosure]`` section)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_SII_REPETITIONS = 10_000
"""As in the package's own tests (its default is 100,000): a full run makes about a thousand SII
estimates. The limits are Monte Carlo either way; each is seeded by its indicator, period and area
so reruns give identical figures. Raise it with ``atr indicators --sii-repetitions``."""


class DisclosureSettings(BaseModel):
    """Small-number suppression and rounding applied to every published figure.

    Defaults follow NHS England's sub-national rule (HES/ECDS from September 2018): 0 shown as
    0, counts 1-7 suppressed, all other counts rounded to the nearest 5. See
    ``docs/indicators.md`` and :mod:`atr.indicators.disclosure`.
    """

    model_config = ConfigDict(extra="forbid")

    suppress_below: int = Field(
        8, ge=1, description="Counts from 1 up to this value minus one are suppressed (default 1-7)."
    )
    round_to: int = Field(5, ge=1, description="Unsuppressed counts are rounded to this base.")
    secondary_suppression: bool = Field(
        True,
        description="Suppress further cells so no suppressed cell can be recovered by differencing "
        "totals and sibling breakdowns or areas.",
    )
    values_from_rounded: bool = Field(
        True,
        description="Recompute published proportions and crude rates (and their limits) from the "
        "rounded counts and denominators, so a value cannot reveal an unrounded count.",
    )
