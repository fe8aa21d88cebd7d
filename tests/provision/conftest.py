"""A small warehouse on the labelled synthetic geography, and a way to write a directory feed.

The geography is always the synthetic one (built in a few seconds, the same on every machine),
with a handful of postcodes, so the tests run where ``../shared`` does not exist.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from atr.reference.loader import load_reference
from atr.reference.sources import ReferenceSource
from atr.warehouse import Warehouse, open_warehouse


@pytest.fixture(scope="session")
def geography_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("provision-geo")
    path = folder / "atr.duckdb"
    with open_warehouse(path) as wh:
        load_reference(wh, ReferenceSource("synthetic", folder / "reference"))
        lsoas = [r["lsoa11_code"] for r in wh.rows("SELECT lsoa11_code FROM ref_lsoa ORDER BY 1 LIMIT 3")]
    postcodes = folder / "postcodes.csv"
    postcodes.write_text(
        "postcode,lsoa11_code\n" + "".join(f"LS{i} 1AA,{code}\n" for i, code in enumerate(lsoas, start=1)),
        encoding="utf-8",
    )
    with open_warehouse(path) as wh:
        load_reference(wh, ReferenceSource("synthetic", folder / "reference"), postcodes)
    return path


@pytest.fixture
def wh(geography_warehouse: Path, tmp_path: Path) -> Iterator[Warehouse]:
    """A private copy of the geography warehouse (tests write the provision tables into it)."""
    copy = tmp_path / "atr.duckdb"
    shutil.copy(geography_warehouse, copy)
    with open_warehouse(copy) as opened:
        yield opened


def service(
    service_id: str,
    kind: str,
    *,
    postcode: str | None = None,
    lat_lon: tuple[float, float] | None = None,
    areas: tuple[str, ...] = (),
    ages: tuple[int | None, int | None] = (None, None),
    **extra: Any,
) -> dict[str, Any]:
    """One service in the Open Referral UK shape (HSDS 3.0: terms through attributes)."""
    location: dict[str, Any] = {"id": f"loc-{service_id}", "name": f"Base of {service_id}"}
    if postcode:
        location["addresses"] = [
            {"id": f"adr-{service_id}", "postal_code": postcode, "address_1": "1 Street"}
        ]
    if lat_lon:
        location["latitude"], location["longitude"] = lat_lon
    return {
        "id": service_id,
        "name": f"Service {service_id}",
        "status": "active",
        "minimum_age": ages[0],
        "maximum_age": ages[1],
        "organization": {"id": "org-1", "name": "Helping Hands"},
        "attributes": [
            {"id": f"at-{service_id}", "taxonomy_term": {"id": f"t-{kind}", "name": kind, "term": kind}}
        ],
        "service_at_locations": [{"id": f"sal-{service_id}", "location": location}]
        if postcode or lat_lon
        else [],
        "service_areas": [{"id": f"sa-{service_id}-{i}", "name": a} for i, a in enumerate(areas)],
        **extra,
    }


def write_pages(folder: Path, items: list[Any], per_page: int = 3) -> Path:
    """``services-page-N.json`` files in the profile's ``Page`` envelope."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]
    for n, contents in enumerate(pages, start=1):
        page = {
            "total_items": len(items),
            "total_pages": len(pages),
            "page_number": n,
            "size": per_page,
            "first_page": n == 1,
            "last_page": n == len(pages),
            "empty": not contents,
            "contents": contents,
        }
        (folder / f"services-page-{n}.json").write_text(json.dumps(page), encoding="utf-8")
    return folder


@pytest.fixture
def pages() -> Callable[..., Path]:
    return write_pages
