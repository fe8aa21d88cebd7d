"""The "Need and provision" chapter of each place's needs assessment (``atr provision``'s tables).

For a district: its wards with the widest gaps, the wards of high need that no service of a
kind reaches, and its share of the declared allocation with its range. For West Yorkshire: how
many such wards each district has, by kind, and the allocation (the wards are in each district's
report and on the site's page, so the printed region report stays short). None when the project
has no service directory (the chapter is left out).
"""

from __future__ import annotations

from typing import Any

from atr.publish.dataset import PublishedData
from atr.publish.model import Area
from atr.publish.site_provision import (
    PROVISION_PATH,
    allocation_table,
    gaps_table,
    govuk_table,
    money,
    unserved_rows,
)


def by_district_table(data: PublishedData) -> dict[str, Any]:
    """Per district and kind, the number of wards of high need that no service of the kind reaches."""
    provision = data.provision
    assert provision is not None
    counts: dict[tuple[str, str], int] = {}
    for r in provision.wards:
        key = (str(r["lad19_code"]), str(r["need_kind"]))
        counts[key] = counts.get(key, 0) + (1 if r["high_need_unserved"] else 0)
    rows = [[d.name, *(str(counts.get((d.code, k), 0)) for k in provision.kinds)] for d in data.districts]
    return govuk_table(
        "Wards of high need that no service of the kind reaches, by district",
        ["District", *provision.kinds.values()],
        rows,
        set(range(1, len(provision.kinds) + 1)),
    )


def provision_chapter(data: PublishedData, area: Area) -> dict[str, Any] | None:
    provision = data.provision
    if provision is None:
        return None
    is_region = area.code == data.region.code
    district = None if is_region else area.code
    unserved = unserved_rows(provision, district)
    allocation = provision.allocation_for(area.code)
    level = provision.allocation[0]["area_type"] if provision.allocation else "district"
    share = None
    if allocation is not None:
        unit = allocation["unit"]
        share = (
            f"{area.name} receives {money(allocation['allocation'], unit)} of {money(allocation['total'], unit)} "
            f"({100 * allocation['share']:.1f}%)"
        )
        if allocation["allocation_low"] is not None:
            share += (
                f"; over the need intervals, between {money(allocation['allocation_low'], unit)} "
                f"and {money(allocation['allocation_high'], unit)}"
            )
        share += "."
    return {
        "services": provision.services,
        "modelled": provision.modelled,
        "is_region": is_region,
        "gaps": None
        if is_region
        else gaps_table(provision, district, f"Wards with the widest gaps in {area.name}"),
        "by_district": by_district_table(data) if is_region else None,
        "unserved": [] if is_region else unserved,
        "allocation_share": share,
        "allocation": allocation_table(provision, "The declared allocation")
        if is_region or level == "ward"
        else None,
        "page": PROVISION_PATH,
        "universal_share": provision.allocation[0]["universal_share"] if provision.allocation else None,
    }


__all__ = ["provision_chapter"]
