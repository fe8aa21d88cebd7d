"""Importing Open Referral UK page folders and partner CSV files: idempotent, with reasons for rejects."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from directory_support import small_records

from atr.platform.directory.csv_import import CsvProblem, read_rows
from atr.platform.directory.importer import import_services, records_from_folder
from atr.platform.directory.models import (
    Location,
    Organization,
    Review,
    Service,
    ServiceArea,
    ServiceAttribute,
)
from atr.synthetic import write_oruk_pages

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Service, Organization, Location, ServiceArea, ServiceAttribute))


def test_a_page_folder_imports_once_and_a_reimport_updates_in_place(tmp_path: Path) -> None:
    records = small_records(wards=2)
    write_oruk_pages(records, tmp_path, per_page=7)
    first = import_services(records_from_folder(tmp_path), source="folder")
    assert sorted(first.added) == sorted(r["id"] for r in records) and not first.rejected
    after_first = _counts()
    again = import_services(records_from_folder(tmp_path), source="folder")
    assert again.added == [] and again.changed == [] and len(again.unchanged) == len(records)
    assert _counts() == after_first
    edited = copy.deepcopy(records)
    edited[0]["name"] = "Renamed service"
    edited[1]["service_areas"] = []
    write_oruk_pages(edited, tmp_path, per_page=7)
    third = import_services(records_from_folder(tmp_path), source="folder")
    assert sorted(third.changed) == sorted([records[0]["id"], records[1]["id"]])
    assert Service.objects.get(id=records[0]["id"]).name == "Renamed service"
    assert not ServiceArea.objects.filter(service_id=records[1]["id"]).exists()
    assert _counts()[0] == after_first[0]  # still one row per service


def test_bad_records_are_rejected_with_the_field_and_the_rest_imported(tmp_path: Path) -> None:
    records = small_records(wards=1)[:4]
    bad: list[Any] = copy.deepcopy(records[:3])
    bad[0]["id"] = "not-a-uuid"
    bad[1]["status"] = "open"
    bad[2]["service_at_locations"][0]["location"]["latitude"] = "north"
    page = {"contents": [*bad, records[3], "a string"]}
    (tmp_path / "services-page-1.json").write_text(json.dumps(page), encoding="utf-8")
    (tmp_path / "services-page-2.json").write_text("{not json", encoding="utf-8")
    report = import_services(records_from_folder(tmp_path), source="folder")
    assert report.added == [records[3]["id"]]
    reasons = dict(report.rejected)
    assert "id: 'not-a-uuid' is not a UUID" in reasons["services-page-1.json contents[0]"]
    assert reasons["services-page-1.json contents[1]"].startswith("status: 'open' is not one of")
    assert (
        "service_at_locations[0].location.latitude: not a number"
        in reasons["services-page-1.json contents[2]"]
    )
    assert reasons["services-page-1.json contents[4]"] == "not an object"
    assert reasons["services-page-2.json"].startswith("not JSON")


def test_new_services_can_be_held_for_review() -> None:
    records = small_records(wards=1)[:3]
    import_services([(str(i), r) for i, r in enumerate(records)], source="feed", publish=False)
    assert set(Service.objects.values_list("review", flat=True)) == {Review.PENDING}


def test_a_live_api_is_paged_through_and_list_items_fetched_in_full() -> None:
    """Import from this platform's own API (served in-process), as from any council's."""
    import httpx
    from django.test import Client

    from atr.platform.directory.importer import records_from_api

    records = small_records(wards=1)
    import_services([(str(i), r) for i, r in enumerate(records)], source="seed")
    Service.objects.filter(id=records[0]["id"]).update(name="Changed at the source")
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        served = Client().get(request.url.raw_path.decode())
        return httpx.Response(
            served.status_code, content=served.content, headers={"Content-Type": "application/json"}
        )

    fetched = list(
        records_from_api("http://directory.test/api/oruk", per_page=10, transport=httpx.MockTransport(answer))
    )
    assert sorted(r["id"] for _, r in fetched) == sorted(r["id"] for r in records)
    assert asked.count("/api/oruk/services") == -(-len(records) // 10)
    assert all("service_at_locations" in r for _, r in fetched)  # each list item fetched in full
    report = import_services(fetched, source="http://directory.test/api/oruk")
    assert report.changed == [records[0]["id"]] and not report.added and not report.rejected
    assert len(report.unchanged) == len(records) - 1  # the same records, spelt by another publisher


CSV_HEADER = "organisation,name,kinds,minimum_age,maximum_age,postcode,address,area_codes,languages,cost,last_checked\n"


def test_a_partner_csv_imports_idempotently_and_names_bad_rows(tmp_path: Path) -> None:
    good = (
        "Halifax Hope Trust,Young carers club,carers-support;youth-work,8,18,HX1 1AA,1 Mill Street,E08000033,"
        "English;Urdu,Free,2026-01-10\n"
        "Halifax Hope Trust,Parent drop-in,parenting-family,,,HX1 1AB,,,,,\n"
    )
    bad = "Nobody,,youth-work,,,,,,,,\nSomebody,Odd service,astrology,,,,,,,,\nSomebody,Ageless,youth-work,old,,,,,,,\n"
    path = tmp_path / "partner.csv"
    path.write_text(CSV_HEADER + good + bad, encoding="utf-8")
    report = import_services(read_rows(path), source="csv")
    assert len(report.added) == 2
    reasons = dict(report.rejected)
    assert reasons == {
        "partner.csv row 4": "row 4, name: empty",
        "partner.csv row 5": "row 5, kinds: 'astrology' is not a code of the directory's taxonomy",
        "partner.csv row 6": "row 6, minimum_age: 'old' is not a number",
    }
    club = Service.objects.get(name="Young carers club")
    assert sorted(club.terms.values_list("code", flat=True)) == ["carers-support", "youth-work"]
    assert (club.minimum_age, club.maximum_age, str(club.last_checked)) == (8, 18, "2026-01-10")
    assert list(club.languages.values_list("name", flat=True)) == ["English", "Urdu"]
    again = import_services(read_rows(path), source="csv")
    assert len(again.unchanged) == 2 and not again.added and Service.objects.count() == 2


def test_a_csv_with_a_wrong_header_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("organisation,service,kinds\nA,B,youth-work\n", encoding="utf-8")
    with pytest.raises(CsvProblem, match=r"wrong.csv: the header lacks column\(s\) name"):
        list(read_rows(path))
    path.write_bytes(b"organisation,name,kinds\n\xff\xfe,x,youth-work\n")
    with pytest.raises(CsvProblem, match="not UTF-8"):
        list(read_rows(path))
