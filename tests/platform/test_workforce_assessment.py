"""Self-assessment: the item bank is checked on load; rounds move draft → submitted → reviewed."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from atr.platform.workforce.assessment import (
    RoundError,
    is_current,
    results,
    review_round,
    save_answers,
    start_round,
    strengths_and_gaps,
)
from atr.platform.workforce.assessment_system import system_assessment
from atr.platform.workforce.item_bank import (
    BANK_DIR,
    CURRENT_VERSION,
    DOMAINS,
    PRINCIPLES,
    ItemBankError,
    load_bank,
    parse_bank,
)

DAY = date(2026, 3, 1)


def test_the_bank_covers_six_principles_and_five_domains_and_cites_its_sources() -> None:
    bank = load_bank()
    assert [s.id for s in bank.sections] == [*PRINCIPLES, *DOMAINS]
    assert [p.score for p in bank.scale] == [0, 1, 2, 3, 4]
    cited = {source for _, item in bank.items() for source in item.sources}
    assert cited == {s.id for s in bank.sources} == {"ohid", "nes_ksf", "nttp_roadmap"}


def _broken(tmp_path: Path, change: Any) -> Path:
    raw = yaml.safe_load((BANK_DIR / f"{CURRENT_VERSION}.yaml").read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / f"{raw['version']}.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda b: b["sections"].pop(0), r"missing \['safety'\]"),
        (
            lambda b: b["sections"][1]["items"].append(dict(b["sections"][0]["items"][0])),
            "repeated: \\['SAF1'\\]",
        ),
        (lambda b: b["sections"][0]["items"][0].update(sources=["nobody"]), "SAF1 cites unknown sources"),
        (lambda b: b["scale"].pop(0), "scale scores must run 0, 1, 2"),
        (lambda b: b["sections"][0]["items"][0].update(score=3), r"sections\.0\.items\.0\.score"),
    ],
)
def test_a_malformed_bank_is_refused_naming_the_file_and_the_problem(
    tmp_path: Path, change: Any, message: str
) -> None:
    path = _broken(tmp_path, change)
    with pytest.raises(ItemBankError, match=message) as caught:
        parse_bank(path)
    assert str(path) in str(caught.value)


def _all(score: int, bump: dict[str, int] | None = None) -> dict[str, tuple[int | None, str]]:
    bank = load_bank()
    return {
        item.id: ((bump or {}).get(section.id, score), f"evidence for {item.id}")
        for section, item in bank.items()
    }


def test_a_round_is_saved_as_a_draft_submitted_when_complete_then_reviewed(accounts: Any) -> None:
    org = accounts.led_organisation
    first = start_round(org, DAY)
    assert start_round(org, DAY) == first  # one open draft at a time
    partial = dict(list(_all(2).items())[:5])
    save_answers(first, partial, submit=False, user=None, today=DAY)
    assert first.answers.count() == 5 and first.status == "draft"
    with pytest.raises(RoundError, match="score every item"):
        save_answers(first, partial, submit=True, user=None, today=DAY)
    save_answers(first, _all(2), submit=True, user=accounts.lead, today=DAY)
    assert first.status == "submitted" and is_current(first, DAY) and not is_current(first, date(2027, 6, 1))
    with pytest.raises(RoundError, match="can no longer be changed"):
        save_answers(first, _all(3), submit=False, user=None, today=DAY)
    review_round(first, "Good start", accounts.team, DAY)
    assert first.status == "reviewed"

    second = start_round(org, date(2027, 3, 1))
    save_answers(
        second,
        _all(2, {"safety": 4, "trust": 3, "data_evaluation": 0}),
        submit=True,
        user=None,
        today=date(2027, 3, 1),
    )
    sections = {s.id: s for s in results(second)}
    assert (
        sections["safety"].mean == 4 and sections["safety"].previous == 2 and sections["safety"].change == 2
    )
    assert sections["data_evaluation"].change == -2
    strengths, gaps = strengths_and_gaps(list(sections.values()))
    assert [s.id for s in strengths[:2]] == ["safety", "trust"] and gaps[0].id == "data_evaluation"


def test_the_report_is_a_page_and_a_pdf_and_the_team_sees_the_system(accounts: Any) -> None:
    org = accounts.led_organisation
    round_ = start_round(org, DAY)
    save_answers(round_, _all(3, {"choice": 1}), submit=True, user=None, today=DAY)
    lead = Client()
    lead.force_login(accounts.lead)
    page = lead.get(reverse("workforce:report", args=[round_.pk])).content.decode()
    assert "Choice: 1.0" in page and "Working definition of trauma-informed practice" in page
    pdf = lead.get(reverse("workforce:report_pdf", args=[round_.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assessed = system_assessment(DAY)
    assert (assessed.organisations_assessed, assessed.current) == (1, 1)
    row = assessed.by_sector.rows[0]
    assert row[1] == 1 and row[2][2] == 1.0 and row[2][0] == 3.0  # safety 3, choice 1
    team = Client()
    team.force_login(accounts.team)
    system = team.get(reverse("workforce:system")).content.decode()
    assert "Mean maturity by sector" in system and "path to 100% by 2030" in system  # the 2030 chart
    assert "Organisations furthest behind their line to 2030" in system


def test_a_lead_answers_through_the_form(accounts: Any) -> None:
    org = accounts.led_organisation
    client = Client()
    client.force_login(accounts.lead)
    response = client.post(reverse("workforce:new_assessment", args=[org.pk]))
    url = response["Location"]
    data = {f"score_{k}": str(v[0]) for k, v in _all(2).items()}
    data.pop("score_SAF1")
    refused = client.post(url, {**data, "action": "submit"})
    assert refused.status_code == 400 and "score every item" in refused.content.decode()
    assert client.post(url, {**data, "score_SAF1": "4", "action": "submit"}).status_code == 302
    other = client.post(reverse("workforce:new_assessment", args=[accounts.other_organisation.pk]))
    assert other.status_code == 403
