"""Reading a feed (folder or live API) and placing every record, with every record accounted for."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlparse

import pytest

from atr.errors import InputFileError
from atr.provision.geography import load_geography
from atr.provision.kinds import load_need_kinds
from atr.provision.oruk import read_feed
from atr.provision.place import place_services
from atr.warehouse import Warehouse

from .conftest import service

KINDS = load_need_kinds()


def test_a_folder_is_read_in_page_order_and_names_each_record(
    tmp_path: Path, pages: Callable[..., Path]
) -> None:
    folder = pages(tmp_path / "feed", [service(f"s{i}", "early-help", areas=("Leeds",)) for i in range(7)])
    records = list(read_feed(folder))
    assert [r.item["id"] for r in records] == [f"s{i}" for i in range(7)]
    assert (records[4].page, records[4].index) == (2, 2)
    assert records[4].where.endswith("services-page-2.json")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('{"items": []}', "field 'contents'"),
        ("[1, 2]", "not an Open Referral"),
    ],
)
def test_a_broken_page_stops_the_read_naming_the_file(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "services-page-1.json").write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError, match=problem) as caught:
        list(read_feed(tmp_path))
    assert "services-page-1.json" in str(caught.value)


def test_a_missing_page_or_an_empty_folder_is_an_error(tmp_path: Path, pages: Callable[..., Path]) -> None:
    with pytest.raises(InputFileError, match=r"no services-page-N\.json"):
        list(read_feed(tmp_path))
    folder = pages(tmp_path / "feed", [service(f"s{i}", "early-help") for i in range(7)])
    (folder / "services-page-2.json").unlink()
    with pytest.raises(InputFileError, match=r"services-page-2\.json"):
        list(read_feed(folder))


def test_every_record_is_placed_or_rejected_with_its_reason(
    wh: Warehouse, tmp_path: Path, pages: Callable[..., Path]
) -> None:
    geo = load_geography(wh)
    lsoa = min(geo.lsoa_ward)  # LS1 1AA (conftest)
    ward = geo.lsoa_ward[lsoa]
    district = geo.ward_district[ward]
    lon, lat = geo.lsoa_centre(lsoa)
    assert lon is not None and lat is not None
    items: list[Any] = [
        service("by-postcode", "domestic-abuse", postcode="ls1 1aa"),
        service("by-coordinates", "Substance misuse treatment", lat_lon=(lat + 0.001, lon)),
        service("by-district-name", "early-help", areas=(geo.names[district],)),
        service("by-code", "early-help", areas=(f"https://statistics.data.gov.uk/id/{ward}",)),
        service("region", "youth-work", areas=("West Yorkshire",)),
        service("far-away", "early-help", lat_lon=(51.5, -0.12)),
        service("unknown-postcode", "early-help", postcode="ZZ9 9ZZ", areas=("Leeds",)),
        service("by-postcode", "early-help", postcode="LS1 1AA"),  # the same id again
        service("closed", "early-help", areas=("Leeds",), status="inactive"),
        service("bad-age", "early-help", areas=("Leeds",), minimum_age="ten"),
        {"id": "nameless", "status": "active"},
        "not a service",
    ]
    placed = place_services(read_feed(pages(tmp_path / "feed", items)), geo, KINDS)
    by_id: dict[str | None, dict[str, Any]] = {}
    for row in placed.records:
        by_id.setdefault(row["service_id"], row)
    assert len(placed.records) == len(items) == placed.placed + placed.rejected
    assert {r["service_id"] for r in placed.records if r["status"] == "placed"} == {
        "by-postcode",
        "by-coordinates",
        "by-district-name",
        "by-code",
        "region",
        "unknown-postcode",
    }
    reasons = {r["service_id"]: r["reason"] for r in placed.records if r["status"] == "rejected"}
    assert "duplicate" in reasons["by-postcode"] and "record 1" in reasons["by-postcode"]
    assert "no location or service area" in reasons["far-away"]
    assert "'status'" in reasons["closed"] and "'minimum_age'" in reasons["bad-age"]
    assert "'name': missing" in reasons["nameless"] and "expected a service object" in reasons[None]
    places = {p["service_id"]: p for p in placed.places}
    assert places["by-postcode"]["lsoa11_code"] == lsoa and places["by-postcode"]["placed_by"] == "postcode"
    assert places["by-postcode"]["need_kinds"] == "domestic_abuse"
    assert (
        places["by-coordinates"]["ward19_code"] == ward
        and places["by-coordinates"]["placed_by"] == "coordinates"
    )
    assert places["by-coordinates"]["need_kinds"] == "substance_misuse"  # matched by name, any case
    assert places["by-district-name"]["place_code"] == district
    assert places["by-code"]["place_code"] == ward and places["by-code"]["lad19_code"] == district
    assert places["region"]["need_kinds"] == ""  # youth work meets none of the declared kinds
    issues = {(i["service_id"], i["problem"].split(":")[0]) for i in placed.issues}
    assert any(
        s == "far-away" and "outside the area" in p
        for s, p in [(i["service_id"], i["problem"]) for i in placed.issues]
    )
    assert ("unknown-postcode", "postcode ZZ9 9ZZ is not in the reference postcode directory") in issues


class _Feed(BaseHTTPRequestHandler):
    """A live directory: /services in pages of short items, /services/{id} the full record."""

    services: ClassVar[list[dict[str, Any]]] = []

    def do_GET(self) -> None:
        url = urlparse(self.path)
        if url.path == "/api/oruk/services":
            query = parse_qs(url.query)
            number, size = int(query["page"][0]), int(query["per_page"][0])
            chunk = self.services[(number - 1) * size : number * size]
            short = [{k: s[k] for k in ("id", "name", "status")} for s in chunk]
            total_pages = -(-len(self.services) // size)
            body: Any = {"page_number": number, "total_pages": total_pages, "contents": short}
        elif url.path.startswith("/api/oruk/services/"):
            body = next(s for s in self.services if s["id"] == url.path.rsplit("/", 1)[1])
        else:
            self.send_error(404)
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def live_feed() -> Iterator[str]:
    _Feed.services = [service(f"live-{i}", "early-help", areas=("Leeds",)) for i in range(5)]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/oruk"
    server.shutdown()
    server.server_close()


def test_a_live_api_is_read_page_by_page_with_full_records(live_feed: str) -> None:
    from atr.provision import oruk

    records = list(oruk.read_live(live_feed, per_page=2))
    assert [r.item["id"] for r in records] == [f"live-{i}" for i in range(5)]
    assert [r.page for r in records] == [1, 1, 2, 2, 3]
    assert all(r.item["service_areas"] for r in records)  # fetched from /services/{id}
    with pytest.raises(InputFileError, match="HTTP 404"):
        list(oruk.read_live(live_feed + "/nowhere"))
