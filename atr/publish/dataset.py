"""Everything the site and the report show, loaded once and indexed for the page builders.

:func:`load_published` reads the published tables from a :class:`~atr.publish.sources.TableSource`,
checks them (columns, types, disclosure; see :mod:`atr.publish.privacy`) and returns a
:class:`PublishedData` whose look-ups answer the questions pages ask: "the latest West Yorkshire
value", "every district in 2024/25", "the decile gradient for Leeds".
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from atr.errors import InputFileError, StageError
from atr.indicators import DisclosureSettings
from atr.publish.evaluation_data import ProgrammeSummary, load_evaluation
from atr.publish.model import (
    COUNTRY_TYPE,
    DISTRICT_TYPE,
    REGION_TYPE,
    TOTAL_BREAKDOWN,
    Area,
    IndicatorMeta,
    Value,
    period_sort_key,
)
from atr.publish.plain_words import name_indicators
from atr.publish.privacy import (
    DisclosureRule,
    check_derived_value,
    check_published_row,
    refuse_identifier_columns,
)
from atr.publish.provision_data import ProvisionData, read_provision
from atr.publish.quality import QualitySummary, read_quality
from atr.publish.records import (
    META_REQUIRED,
    VALUE_COLUMNS,
    meta_from_row,
    require_columns,
    value_from_row,
)
from atr.publish.sources import TableSource
from atr.reference import DISTRICTS, REGION_CODE, REGION_NAME

ENGLAND_CODE = "E92000001"


@dataclass(frozen=True)
class Boundary:
    code: str
    name: str
    district_code: str | None
    geometry: dict[str, Any]


@dataclass(frozen=True)
class GovernanceRecord:
    """One governance record: a public document written by ``atr governance``."""

    record_id: str
    title: str
    markdown: str
    html: str


def _governance(source: TableSource) -> list[GovernanceRecord]:
    table = source.read("governance_record")
    if table is None:
        return []
    return [
        GovernanceRecord(str(r["record_id"]), str(r["title"]), str(r["markdown"]), str(r["html"]))
        for r in table.to_pylist()
    ]


@dataclass
class PublishedData:
    indicators: list[IndicatorMeta]
    values: list[Value]
    areas: dict[str, Area]
    boundaries: dict[str, list[Boundary]]
    reference_is_synthetic: bool
    extracts_are_synthetic: bool
    population_scale: float
    """Share of the real population the extracts describe (derive's ``population_scale``)."""
    disclosure: DisclosureRule
    quality: QualitySummary
    source: str
    held_back: list[str] = field(default_factory=list)  # partners whose newest extract is not in force
    network: list[IndicatorMeta] = field(default_factory=list)
    """The network platform's KPIs that have figures (shown in their own section, not among the
    population indicators above; see :mod:`atr.publish.figures_network`)."""
    governance: list[GovernanceRecord] = field(default_factory=list)
    """The project's governance records (``atr governance``), linked from the methods page."""
    provision: ProvisionData | None = None
    """Need against provision (``atr provision``); None without a service directory."""
    evaluation: list[ProgrammeSummary] = field(default_factory=list)
    """One summary per programme (``atr evaluate``), each shown on its own page."""
    _series: dict[tuple[str, str, str], list[Value]] = field(default_factory=dict, repr=False)
    _cells: dict[tuple[str, str, str, str], list[Value]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        series: dict[tuple[str, str, str], list[Value]] = defaultdict(list)
        cells: dict[tuple[str, str, str, str], list[Value]] = defaultdict(list)
        for v in self.values:
            series[(v.indicator_id, v.area_code, v.breakdown)].append(v)
            cells[(v.indicator_id, v.period, v.area_type, v.breakdown)].append(v)
        for rows in series.values():
            rows.sort(key=lambda v: (period_sort_key(v.period), v.breakdown_value))
        self._series = dict(series)
        self._cells = dict(cells)

    # --- places ------------------------------------------------------------------------------
    @property
    def is_synthetic(self) -> bool:
        return self.reference_is_synthetic or self.extracts_are_synthetic

    @property
    def region(self) -> Area:
        return self.areas.get(REGION_CODE) or Area(REGION_CODE, REGION_NAME, REGION_TYPE, None)

    @property
    def districts(self) -> list[Area]:
        found = [a for a in self.areas.values() if a.area_type == DISTRICT_TYPE]
        if not found:
            found = [Area(code, name, DISTRICT_TYPE, code) for code, name in DISTRICTS.items()]
        return sorted(found, key=lambda a: a.name)

    def area_name(self, code: str) -> str:
        area = self.areas.get(code)
        return area.name if area else code

    def place(self, key: str) -> Area:
        """A district or the region, by name, slug or code (for ``atr report --place``)."""
        wanted = key.strip().lower()
        for area in [self.region, *self.districts]:
            if wanted in (area.code.lower(), area.name.lower(), area.slug):
                return area
        names = ", ".join(a.slug for a in [*self.districts, self.region])
        raise StageError("report", f"unknown place '{key}'", fix=f"use one of: {names}")

    # --- figures -----------------------------------------------------------------------------
    def indicator(self, indicator_id: str) -> IndicatorMeta:
        for meta in (*self.indicators, *self.network):
            if meta.indicator_id == indicator_id:
                return meta
        raise KeyError(indicator_id)

    def series(self, indicator_id: str, area_code: str, breakdown: str = TOTAL_BREAKDOWN) -> list[Value]:
        """Every period of one area's figures, oldest first."""
        return self._series.get((indicator_id, area_code, breakdown), [])

    def periods(self, indicator_id: str) -> list[str]:
        found = {v.period for v in self.series(indicator_id, self.region.code)}
        for d in self.districts:
            found.update(v.period for v in self.series(indicator_id, d.code))
        return sorted(found, key=period_sort_key)

    def latest_period(self, indicator_id: str) -> str | None:
        periods = self.periods(indicator_id)
        return periods[-1] if periods else None

    def at(self, indicator_id: str, period: str, area_code: str) -> Value | None:
        """The whole-population figure for one area and period."""
        for v in self.series(indicator_id, area_code):
            if v.period == period:
                return v
        return None

    def by_area_type(self, indicator_id: str, period: str, area_type: str) -> list[Value]:
        return self._cells.get((indicator_id, period, area_type, TOTAL_BREAKDOWN), [])

    def breakdown(self, indicator_id: str, period: str, area_code: str, breakdown: str) -> list[Value]:
        return [v for v in self.series(indicator_id, area_code, breakdown) if v.period == period]

    def england(self, indicator_id: str, period: str) -> Value | None:
        return self.at(indicator_id, period, ENGLAND_CODE)

    def small_area_type(self, indicator_id: str, period: str) -> str | None:
        """Wards if the indicator is published for wards, else MSOAs, else None."""
        for area_type in ("ward", "msoa"):
            if self.by_area_type(indicator_id, period, area_type) and self.boundaries.get(area_type):
                return area_type
        return None


def _disclosure(source: TableSource) -> DisclosureRule:
    recorded = source.meta("disclosure")
    defaults = DisclosureSettings()
    if isinstance(recorded, dict):
        return DisclosureRule(
            suppress_below=int(recorded.get("suppress_below", defaults.suppress_below)),
            round_to=int(recorded.get("round_to", defaults.round_to)),
            recorded=True,
        )
    return DisclosureRule(defaults.suppress_below, defaults.round_to, recorded=False)


def _areas(source: TableSource) -> dict[str, Area]:
    table = source.read("ref_area")
    areas: dict[str, Area] = {}
    if table is not None:
        require_columns(table, ("area_code", "area_name", "area_type"), source.where("ref_area"))
        district_column = "lad19_code" in table.column_names
        for row in table.to_pylist():
            if row["area_type"] == "lsoa":
                continue  # never shown: LSOA figures are not published
            district = row.get("lad19_code") if district_column else None
            areas[str(row["area_code"])] = Area(
                str(row["area_code"]), str(row["area_name"]), str(row["area_type"]), district
            )
    areas.setdefault(REGION_CODE, Area(REGION_CODE, REGION_NAME, REGION_TYPE, None))
    areas.setdefault(ENGLAND_CODE, Area(ENGLAND_CODE, "England", COUNTRY_TYPE, None))
    return areas


def _boundaries(source: TableSource) -> dict[str, list[Boundary]]:
    table = source.read("ref_boundary")
    found: dict[str, list[Boundary]] = defaultdict(list)
    if table is None:
        return {}
    where = source.where("ref_boundary")
    require_columns(table, ("area_type", "area_code", "area_name", "geometry"), where)
    for i, row in enumerate(table.to_pylist()):
        if row["area_type"] not in ("district", "ward", "msoa"):
            continue
        try:
            geometry = json.loads(row["geometry"])
        except (TypeError, json.JSONDecodeError) as exc:
            raise InputFileError(
                where, f"geometry is not GeoJSON: {exc}", row=i + 1, field="geometry"
            ) from exc
        found[str(row["area_type"])].append(
            Boundary(str(row["area_code"]), str(row["area_name"]), row.get("lad19_code"), geometry)
        )
    return dict(found)


def load_published(source: TableSource) -> PublishedData:
    """Read, check and index every table the publish stage uses."""
    meta_table = source.read("indicator_meta")
    value_table = source.read("indicator_value")
    if meta_table is None or value_table is None:
        raise StageError(
            "publish",
            f"{source.describe()} has no indicator_value/indicator_meta tables",
            fix="run `atr indicators` first",
        )
    rule = _disclosure(source)
    meta_where, value_where = source.where("indicator_meta"), source.where("indicator_value")
    refuse_identifier_columns("indicator_meta", meta_table.column_names)
    refuse_identifier_columns("indicator_value", value_table.column_names)
    require_columns(meta_table, META_REQUIRED, meta_where)
    require_columns(value_table, VALUE_COLUMNS, value_where)

    indicators = [meta_from_row(row, meta_where, i + 1) for i, row in enumerate(meta_table.to_pylist())]
    seen: set[str] = set()
    for i, meta in enumerate(indicators):
        if meta.indicator_id in seen:
            raise InputFileError(
                meta_where, f"indicator '{meta.indicator_id}' listed twice", row=i + 1, field="indicator_id"
            )
        seen.add(meta.indicator_id)

    titles = {meta.indicator_id: meta.title for meta in indicators}
    indicators = [  # definitions and caveats name other indicators by title, not by id
        replace(
            m, definition=name_indicators(m.definition, titles), caveats=name_indicators(m.caveats, titles)
        )
        for m in indicators
    ]
    methods = {meta.indicator_id: meta for meta in indicators}
    values = []
    for i, row in enumerate(value_table.select(list(VALUE_COLUMNS)).to_pylist()):
        value = value_from_row(row, value_where, i + 1)
        if value.indicator_id not in seen:
            raise InputFileError(
                value_where,
                f"indicator '{value.indicator_id}' is not in indicator_meta",
                row=i + 1,
                field="indicator_id",
            )
        meta = methods[value.indicator_id]
        check_published_row("indicator_value", i + 1, value, rule, meta.method)
        check_derived_value("indicator_value", i + 1, value, meta.method, meta.multiplier or 1.0)
        values.append(value)

    with_figures = {v.indicator_id for v in values}
    network = [m for m in indicators if m.is_network]
    return PublishedData(
        indicators=[m for m in indicators if not m.is_network],
        network=[m for m in network if m.indicator_id in with_figures],
        values=values,
        areas=_areas(source),
        boundaries=_boundaries(source),
        reference_is_synthetic=bool(source.meta("reference_is_synthetic")),
        extracts_are_synthetic=bool(source.meta("extracts_are_synthetic")),
        population_scale=float(source.meta("population_scale") or 1.0),
        disclosure=rule,
        quality=read_quality(source, rule),
        source=source.describe(),
        held_back=held_back_notes(source.meta("ingest_held_back")),
        governance=_governance(source),
        provision=read_provision(source, rule),
        evaluation=load_evaluation(source, rule),
    )


def held_back_notes(state: Any) -> list[str]:
    """One sentence per partner whose newest extract was rejected or loaded only in part
    (``atr.ingest.commit.held_back``); empty when every partner's newest extract is in force."""
    notes = []
    for key, entry in sorted((state or {}).items()):
        if entry.get("loaded"):
            notes.append(f"{key}: the newest extract was loaded only in part ({entry.get('reason')}).")
        elif entry.get("in_force"):
            notes.append(f"{key}: the newest extract was rejected; figures use the {entry['in_force']}.")
        else:
            notes.append(f"{key}: the newest extract was rejected and no earlier extract is loaded.")
    return notes
