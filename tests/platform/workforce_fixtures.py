"""Objects the workforce pages need in the role walk: the led organisation and one of its rounds."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone


def workforce_objects(accounts: Any) -> dict[str, object]:
    """URL name → pk, or ``name.converter`` → value, for every workforce URL that takes one."""
    from atr.platform.workforce.assessment import save_answers, start_round
    from atr.platform.workforce.item_bank import load_bank
    from atr.platform.workforce.wellbeing import create_round

    org = accounts.led_organisation.pk
    round_ = start_round(accounts.led_organisation, date(2026, 1, 1))
    answers = {item.id: (2, "") for _, item in load_bank().items()}
    save_answers(round_, answers, submit=True, user=None, today=date(2026, 1, 1))
    by_org = (
        "organisation",
        "upload",
        "template",
        "add_completion",
        "requirements",
        "assessments",
        "new_assessment",
    )
    by_round = ("round", "review", "report", "report_pdf")
    today = timezone.localdate()
    _, tokens = create_round(accounts.led_organisation, "Role walk", today, today, 10)
    return {
        **dict.fromkeys((*by_org, "surveys"), org),
        **dict.fromkeys(by_round, round_.pk),
        "survey.token": tokens[0],
    }
