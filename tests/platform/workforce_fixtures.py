"""Objects the workforce pages need in the role walk: the led organisation and one of its rounds."""

from __future__ import annotations

from datetime import date
from typing import Any


def workforce_objects(accounts: Any) -> dict[str, object]:
    """URL name → pk, or ``name.converter`` → value, for every workforce URL that takes one."""
    from atr.platform.workforce.assessment import save_answers, start_round
    from atr.platform.workforce.item_bank import load_bank

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
    return {**dict.fromkeys(by_org, org), **dict.fromkeys(by_round, round_.pk)}
