"""Scoring the Professional Quality of Life Scale, version 5 (ProQOL 5), as its manual says.

The ProQOL 5 is © B. Hudnall Stamm (2009–2012), now kept by the Center for Victims of Torture
(https://www.proqol.org). Its terms let anyone copy and use it, and put it in a computerised form,
as long as the author is credited, nothing is changed, and it is not sold. This module holds only
the published scoring rules (which items make which scale, which are reversed, the cut points);
the statements themselves are not reproduced here (see ``docs/workforce.md``: a deployment loads
the official wording from the form it downloaded, unchanged, through :func:`item_texts`).

Scoring (Stamm, *The Concise ProQOL Manual*, 2nd ed., 2010, and the scoring key on the form):
30 statements answered 1 (never) to 5 (very often) about the last 30 days; each scale is the sum
of its ten items (10–50); on the burnout scale items 1, 4, 15, 17 and 29 are reversed (1↔5,
2↔4, 3 stays); 22 or less is low, 23 to 41 moderate, 42 or more high.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

CREDIT = (
    "Professional Quality of Life Scale (ProQOL) version 5. © B. Hudnall Stamm, 2009–2012; "
    "The Center for Victims of Torture, www.ProQOL.org. Used under its terms: freely copied with "
    "the author credited, no changes made, and not sold."
)
ITEMS = 30
ANSWERS: tuple[tuple[int, str], ...] = (
    (1, "Never"),
    (2, "Rarely"),
    (3, "Sometimes"),
    (4, "Often"),
    (5, "Very often"),
)
COMPASSION_SATISFACTION = (3, 6, 12, 16, 18, 20, 22, 24, 27, 30)
BURNOUT = (1, 4, 8, 10, 15, 17, 19, 21, 26, 29)
SECONDARY_TRAUMATIC_STRESS = (2, 5, 7, 9, 11, 13, 14, 23, 25, 28)
REVERSED = frozenset({1, 4, 15, 17, 29})
LOW_AT_MOST, HIGH_AT_LEAST = 22, 42
SCALES = (
    ("compassion_satisfaction", "Compassion satisfaction"),
    ("burnout", "Burnout"),
    ("secondary_traumatic_stress", "Secondary traumatic stress"),
)


class AnswerError(ValueError):
    """The answers are not 30 whole numbers from 1 to 5."""


@dataclass(frozen=True)
class Scores:
    compassion_satisfaction: int
    burnout: int
    secondary_traumatic_stress: int


def reverse(answer: int) -> int:
    """1↔5, 2↔4, 3 stays (the manual's reversal)."""
    return 6 - answer


def score(answers: Mapping[int, int]) -> Scores:
    """The three scale sums from answers keyed by statement number (1–30)."""
    if set(answers) != set(range(1, ITEMS + 1)):
        missing = sorted(set(range(1, ITEMS + 1)) - set(answers))
        raise AnswerError(f"answer all {ITEMS} statements; missing {missing}")
    for number, answer in answers.items():
        if not isinstance(answer, int) or not 1 <= answer <= 5:
            raise AnswerError(f"statement {number}: the answer must be 1 to 5, not {answer!r}")
    return Scores(
        compassion_satisfaction=sum(answers[i] for i in COMPASSION_SATISFACTION),
        burnout=sum(reverse(answers[i]) if i in REVERSED else answers[i] for i in BURNOUT),
        secondary_traumatic_stress=sum(answers[i] for i in SECONDARY_TRAUMATIC_STRESS),
    )


def level(scale_sum: float) -> str:
    """'low', 'moderate' or 'high' by the manual's cut points."""
    if scale_sum <= LOW_AT_MOST:
        return "low"
    return "high" if scale_sum >= HIGH_AT_LEAST else "moderate"


def item_texts() -> list[str] | None:
    """The official statements, if the deployment supplies them (``$ATR_PROQOL_ITEMS``: 30 lines)."""
    path = os.environ.get("ATR_PROQOL_ITEMS")
    if not path:
        return None
    lines = [line.strip() for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(lines) != ITEMS:
        raise AnswerError(f"{path}: must hold the {ITEMS} ProQOL statements, one a line; it has {len(lines)}")
    return lines
