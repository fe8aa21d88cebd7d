"""The need-and-provision tables as publish reads them (written by ``atr provision``).

Optional: a project with no service directory has none, and the site then has no need-and-
provision page. Recorded need is the only figure here that comes from people's records, so it
is checked against the disclosure rule like every published count before anything is shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from atr.errors import InputFileError
from atr.publish.privacy import DisclosureRule
from atr.publish.sources import TableSource

TABLES = ("need_provision_ward", "provision_allocation", "provision_sensitivity", "provision_service_place")


@dataclass
class ProvisionData:
    wards: list[dict[str, Any]]
    allocation: list[dict[str, Any]]
    sensitivity: list[dict[str, Any]]
    services: int
    kinds: dict[str, str] = field(default_factory=dict)  # kind → label, in the order declared
    basis: dict[str, str] = field(default_factory=dict)  # kind → where its need figures come from

    def __post_init__(self) -> None:
        for r in self.wards:
            self.kinds.setdefault(str(r["need_kind"]), str(r["need_label"]))
            self.basis.setdefault(str(r["need_kind"]), str(r["need_basis"] or "not available"))

    @property
    def modelled(self) -> bool:
        return any(b == "modelled" for b in self.basis.values())

    def widest_gaps(self, district_code: str | None, per_kind: int = 3) -> list[dict[str, Any]]:
        """The wards with the widest gaps of each kind (in a district, or in each district)."""
        picked: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for r in sorted(self.wards, key=lambda r: (r["gap_rank"] is None, r["gap_rank"] or 0)):
            if r["gap_rank"] is None or (district_code and r["lad19_code"] != district_code):
                continue
            key = (str(r["lad19_code"]), str(r["need_kind"]))
            if len(picked[key]) < per_kind and (r["gap"] or 0) > 0:
                picked[key].append(r)
        order = list(self.kinds)
        return sorted(
            (r for rows in picked.values() for r in rows),
            key=lambda r: (r["district"], order.index(r["need_kind"]), r["gap_rank"]),
        )

    def unserved(self, district_code: str | None) -> list[dict[str, Any]]:
        rows = [r for r in self.wards if r["high_need_unserved"]]
        rows = [r for r in rows if district_code is None or r["lad19_code"] == district_code]
        return sorted(
            rows, key=lambda r: (r["district"], r["ward_name"], list(self.kinds).index(r["need_kind"]))
        )

    def allocation_for(self, area_code: str) -> dict[str, Any] | None:
        return next((a for a in self.allocation if a["area_code"] == area_code), None)


def _check_recorded(rows: list[dict[str, Any]], rule: DisclosureRule, where: str) -> None:
    for i, r in enumerate(rows, start=1):
        value = r.get("recorded_need")
        if value is None or value == 0:
            continue
        if value < rule.suppress_below or value % rule.round_to:
            raise InputFileError(
                where,
                f"recorded need {value} is not disclosure-controlled ({rule.description})",
                row=i,
                field="recorded_need",
            )


def read_provision(source: TableSource, rule: DisclosureRule) -> ProvisionData | None:
    """The tables, checked; None when there are none or they are empty (no directory)."""
    tables = {name: source.read(name) for name in TABLES}
    wards = tables["need_provision_ward"]
    if wards is None or wards.num_rows == 0:
        return None
    ward_rows = wards.to_pylist()
    _check_recorded(ward_rows, rule, source.where("need_provision_ward"))
    places = tables["provision_service_place"]
    return ProvisionData(
        wards=ward_rows,
        allocation=tables["provision_allocation"].to_pylist() if tables["provision_allocation"] else [],
        sensitivity=tables["provision_sensitivity"].to_pylist() if tables["provision_sensitivity"] else [],
        services=len(set(places.column("service_id").to_pylist())) if places is not None else 0,
    )


__all__ = ["TABLES", "ProvisionData", "read_provision"]
