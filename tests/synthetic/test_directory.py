"""The synthetic service directory: its planted gaps are real gaps, and everything else is covered."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from atr.platform import SERVICE_KINDS
from atr.reference import ReferenceSource
from atr.synthetic import Area, areas_from_reference, planted_gaps, synthetic_services, write_oruk_pages
from atr.synthetic.directory import COVERED_TOP_WARDS, GAP_KINDS, wards_by_need


@pytest.fixture(scope="module")
def areas(tmp_path_factory: pytest.TempPathFactory) -> list[Area]:
    folder = tmp_path_factory.mktemp("synthetic-reference")
    return areas_from_reference(ReferenceSource("synthetic", folder))


def _where(service: dict[str, Any], ward_of: dict[str, str]) -> tuple[str, set[str], str]:
    kind = service["attributes"][0]["taxonomy_term"]["term"]
    postcode = service["service_at_locations"][0]["location"]["addresses"][0]["postal_code"]
    served = {a["extent"] for a in service["service_areas"]}
    return kind, served, ward_of[postcode]


def test_planted_gaps_have_no_service_of_their_kind_and_the_neediest_wards_are_covered(
    areas: list[Area],
) -> None:
    services = synthetic_services(areas, seed=3)
    assert len(services) >= 600
    ward_of = {a.postcode: a.ward_code for a in areas}
    district_of_ward = {a.ward_code: a.district_code for a in areas}
    located: dict[tuple[str, str], int] = defaultdict(int)
    serving: dict[tuple[str, str], int] = defaultdict(int)
    for service in services:
        kind, served, ward = _where(service, ward_of)
        located[(ward, kind)] += 1
        for code in served:
            serving[(code, kind)] += 1
    gaps = planted_gaps(areas)
    assert len(gaps) == 5 * len(GAP_KINDS)
    for gap in gaps:
        assert located[(gap.ward_code, gap.kind_code)] == 0, gap
        assert serving[(gap.ward_code, gap.kind_code)] == 0, gap
        assert serving[(gap.district_code, gap.kind_code)] == 0, gap
        in_district = [
            w
            for (w, k), n in located.items()
            if k == gap.kind_code and district_of_ward[w] == gap.district_code and n
        ]
        assert in_district, f"{gap.kind_code} has no service at all in {gap.district_code}"
    barred = {(g.ward_code, g.kind_code) for g in gaps}
    for wards in wards_by_need(areas).values():
        for ward in wards[:COVERED_TOP_WARDS]:
            for service_kind in SERVICE_KINDS:
                if (ward, service_kind.code) not in barred:
                    assert located[(ward, service_kind.code)] >= 1, (ward, service_kind.code)


def test_the_directory_is_deterministic_and_written_as_page_files(areas: list[Area], tmp_path: Path) -> None:
    first = synthetic_services(areas, seed=5)
    assert first == synthetic_services(areas, seed=5)
    assert first != synthetic_services(areas, seed=6)
    pages = write_oruk_pages(first, tmp_path, per_page=250)
    assert [p.name for p in pages] == [f"services-page-{n}.json" for n in range(1, len(pages) + 1)]
    read = [json.loads(p.read_text(encoding="utf-8")) for p in pages]
    assert read[0]["first_page"] and read[-1]["last_page"] and read[0]["total_items"] == len(first)
    assert [s["id"] for page in read for s in page["contents"]] == [s["id"] for s in first]
