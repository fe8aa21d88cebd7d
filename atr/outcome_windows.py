"""The outcomes a programme is followed up on, and the windows around its start date.

Declared once, here, because two parts must agree on them exactly: the evaluate stage measures
each outcome in each window from the records, and the synthetic generator computes the true
effect on the same outcomes in the same windows (a different definition on either side would
make the truth check meaningless). Neither may import the other, so both import this module.

Windows are in days from the start date: ``pre12`` is the 365 days before it, ``pre24`` the 730
days before it (a longer history to match on: referrals follow trouble that began before the
last twelve months, and a year's window alone leaves that unmatched); ``postN`` is the
start date and the N months after it (183, 365 or 730 days). A window counts only when the
records cover it wholly; otherwise its value is missing, never 0.
"""

from __future__ import annotations

from datetime import date

OUTCOMES: tuple[str, ...] = (
    "persistent_absence",
    "suspension",
    "exclusion",
    "yj_first_entry",
    "care_entry",
    "mh_referral",
    "csc_rereferral",
)
"""Outcome names, as in ``evaluation_frame``'s ``<outcome>__<window>`` columns."""

WINDOWS: dict[str, tuple[int, int]] = {
    "pre12": (-365, 0),
    "pre24": (-730, 0),
    "post6": (0, 183),
    "post12": (0, 365),
    "post24": (0, 730),
}
"""Window name → [first day, last day + 1) relative to the start date."""

POST_WINDOW_MONTHS: dict[str, int] = {"post6": 6, "post12": 12, "post24": 24}
"""The post-start windows and the months they stand for (``evaluation_effect.window_months``)."""

PERSISTENT_ABSENCE_SHARE = 0.10
"""Persistently absent: at least this share of possible sessions missed (DfE's definition)."""

TERM_MIDDLES: dict[str, tuple[int, int, int]] = {
    "AUT": (0, 10, 15),
    "SPR": (1, 2, 15),
    "SUM": (1, 6, 1),
}
"""Term → (years after the academic year's first calendar year, month, day) of its middle day:
a term's attendance belongs to the window its middle day falls in."""


def term_middle(academic_year: str, term: str) -> date:
    """The middle day of a term: ``term_middle("2022/23", "SPR")`` → 2023-02-15."""
    first_year = int(academic_year[:4])
    offset, month, day = TERM_MIDDLES[term]
    return date(first_year + offset, month, day)


def column(outcome: str, window: str) -> str:
    """The frame column of one outcome in one window: ``suspension__post12``."""
    return f"{outcome}__{window}"


FRAME_OUTCOME_COLUMNS: tuple[str, ...] = tuple(column(o, w) for o in OUTCOMES for w in WINDOWS)
"""Every outcome column of ``evaluation_frame``, in order."""
