"""Training records: uploads checked row by row, idempotent, all-or-nothing; coverage and the 2030 line."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from atr.platform.workforce import upload as upload_module
from atr.platform.workforce.coverage import (
    GOAL_DATE,
    TRAJECTORY_START,
    expected_share,
    organisation_coverage,
    quarter_ends,
)
from atr.platform.workforce.models import Completion, CompletionUpload, RoleRequirement, StaffMember
from atr.platform.workforce.upload import UploadRefused, save_completions

TODAY = date(2026, 3, 31)
HEADER = "organisation,staff_ref,role,team,course,completion_date\r\n"


def _csv(org: Any, rows: list[str]) -> bytes:
    return (HEADER + "".join(f"ORG{org.pk},{r}\r\n" for r in rows)).encode()


def _good_rows() -> list[str]:
    return [
        "S1,Support worker,Outreach,ti-intro,2024-05-01",
        "S2,Support worker,Outreach,ti-intro,01/06/2024",
        "S3,Neighbourhood officer,Patrol,ts-practice,2025-01-10",
        "S3,Neighbourhood officer,Patrol,ti-intro,2023-11-10",
        "S4,Manager,,ti-leaders,2025-02-01",
    ]


def test_an_upload_saves_good_rows_and_names_the_row_and_field_of_bad_ones(accounts: Any) -> None:
    org = accounts.led_organisation
    rows = [
        *_good_rows(),
        "S5,Support worker,Outreach,no-such-course,2024-05-01",
        "Jane Smith,Support worker,Outreach,ti-intro,2024-05-01",
        "S6,Support worker,Outreach,ti-intro,2099-01-01",
        "S7,,Outreach,ti-intro,2024-05-01",
    ]
    result = save_completions(org, "lms.csv", _csv(org, rows), None, TODAY)
    assert (result.rows, result.saved, result.unchanged) == (9, 5, 0)
    assert [(p.row, p.field) for p in result.set_aside] == [
        (7, "course"),
        (8, "staff_ref"),
        (9, "completion_date"),
        (10, "role"),
    ]
    assert "no-such-course" in result.set_aside[0].reason and "future" in result.set_aside[2].reason
    assert Completion.objects.filter(organisation=org).count() == 5
    assert StaffMember.objects.filter(organisation=org).count() == 4


def test_uploading_the_same_file_again_changes_nothing(accounts: Any) -> None:
    org = accounts.led_organisation
    data = _csv(org, _good_rows())
    save_completions(org, "lms.csv", data, None, TODAY)
    before = (
        Completion.objects.count(),
        CompletionUpload.objects.count(),
        list(StaffMember.objects.values()),
    )
    again = save_completions(org, "lms.csv", data, None, TODAY)
    assert (again.saved, again.unchanged) == (0, 5)
    assert (
        Completion.objects.count(),
        CompletionUpload.objects.count(),
        list(StaffMember.objects.values()),
    ) == before


def test_a_file_for_another_organisation_is_refused_whole(accounts: Any) -> None:
    org, other = accounts.led_organisation, accounts.other_organisation
    data = _csv(org, _good_rows()) + f"ORG{other.pk},S9,Support worker,,ti-intro,2024-05-01\r\n".encode()
    with pytest.raises(UploadRefused, match=rf"row 7 names the organisation 'ORG{other.pk}'"):
        save_completions(org, "lms.csv", data, None, TODAY)
    assert not Completion.objects.exists()


def test_nothing_is_half_saved_when_saving_fails(accounts: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(upload_module, "refresh_staff", broken)
    org = accounts.led_organisation
    with pytest.raises(RuntimeError):
        save_completions(org, "lms.csv", _csv(org, _good_rows()), None, TODAY)
    assert not Completion.objects.exists() and not CompletionUpload.objects.exists()


def test_an_excel_workbook_is_read_like_a_csv(accounts: Any) -> None:
    import openpyxl

    org = accounts.led_organisation
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Organisation", "Staff ref", "Role", "Team", "Course", "Completion date"])
    sheet.append([org.name, 1001, "Support worker", "Outreach", "ti-intro", date(2024, 5, 1)])
    sheet.append(
        [
            org.name,
            1002,
            "Support worker",
            "Outreach",
            "Trauma-skilled practice for frontline staff",
            "2024-06-01",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    result = save_completions(org, "lms.xlsx", buffer.getvalue(), None, TODAY)
    assert (result.saved, result.set_aside) == (2, [])
    assert set(Completion.objects.values_list("staff_ref", flat=True)) == {"1001", "1002"}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("lms.txt", b"x", "choose a .csv or .xlsx"),
        ("lms.csv", b"staff_ref,role\r\nS1,x\r\n", "missing: organisation, course, completion_date"),
        ("lms.csv", HEADER.encode(), "no rows"),
        ("lms.csv", b"\xff\xfe", "not UTF-8"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(
    accounts: Any, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(UploadRefused, match=message):
        save_completions(accounts.led_organisation, name, data, None, TODAY)


def test_required_levels_default_by_sector_and_follow_the_organisation(accounts: Any) -> None:
    org = accounts.led_organisation
    org.sector, org.headcount = "police", 8
    org.save()
    save_completions(org, "lms.csv", _csv(org, _good_rows()), None, TODAY)
    staff = {s.staff_ref: s for s in StaffMember.objects.filter(organisation=org)}
    # Police default to trauma skilled: only S3 (skilled on 10 January 2025) meets it.
    assert {ref for ref, s in staff.items() if s.met_on} == {"S3"}
    assert staff["S3"].met_on == date(2025, 1, 10) and staff["S4"].highest_level == ""
    RoleRequirement.objects.create(organisation=org, role="support worker", level="informed")
    from atr.platform.workforce.coverage import refresh_staff

    refresh_staff(org)
    coverage = organisation_coverage([org], TODAY)[0]
    assert (coverage.now.trained, coverage.now.workforce) == (3, 8)
    assert coverage.series[0].day == TRAJECTORY_START and coverage.series[0].trained == 0


def test_the_2030_line_runs_straight_from_the_start_to_everyone() -> None:
    assert expected_share(TRAJECTORY_START, 0.2) == 0.2
    assert expected_share(GOAL_DATE, 0.2) == 1.0
    middle = TRAJECTORY_START + (GOAL_DATE - TRAJECTORY_START) / 2
    assert expected_share(middle, 0.2) == pytest.approx(0.6, abs=0.001)
    assert quarter_ends(date(2023, 4, 1), date(2023, 12, 1)) == [
        date(2023, 6, 30),
        date(2023, 9, 30),
        date(2023, 12, 1),
    ]


def test_a_lead_uploads_through_the_page_and_sees_the_rows_set_aside(accounts: Any) -> None:
    org = accounts.led_organisation
    client = Client()
    client.force_login(accounts.lead)
    data = _csv(org, [*_good_rows(), "S5,Support worker,Outreach,nope,2024-05-01"])
    response = client.post(
        reverse("workforce:upload", args=[org.pk]), {"file": SimpleUploadedFile("lms.csv", data)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "5 completions saved" in page and "nope" in page and ">7<" in page
    other = reverse("workforce:upload", args=[accounts.other_organisation.pk])
    assert client.post(other, {"file": SimpleUploadedFile("lms.csv", data)}).status_code == 403
    refused = client.post(
        reverse("workforce:upload", args=[org.pk]), {"file": SimpleUploadedFile("lms.pdf", b"%PDF")}
    )
    assert refused.status_code == 400 and "choose a .csv or .xlsx" in refused.content.decode()
    assert client.get(reverse("workforce:organisation", args=[org.pk])).status_code == 200


def test_a_large_upload_refreshes_the_whole_organisation_and_keeps_earlier_staff(accounts: Any) -> None:
    org = accounts.led_organisation
    org.sector = "education"  # trauma informed by default
    org.save()
    save_completions(org, "first.csv", _csv(org, _good_rows()), None, TODAY)
    many = [f"M{n:04d},Support worker,,ti-intro,2025-01-01" for n in range(600)]  # above REFRESH_ALL_ABOVE
    result = save_completions(org, "many.csv", _csv(org, many), None, TODAY)
    assert result.saved == 600
    assert StaffMember.objects.filter(organisation=org).count() == 604
    assert StaffMember.objects.get(organisation=org, staff_ref="S3").met_on == date(2023, 11, 10)
