"""A synthetic ATR Network, written as a ``network`` extract: the demo's stand-in for the platform.

Why here and not only in the web application: ``make demo`` must carry the network dataset end
to end (extract → ingest → derive → indicators → dashboard) on a machine that has never run
the Django platform. The rows follow the shapes the programme describes (about 60 organisations
across the sectors and the five West Yorkshire districts, 150–300 members counted by sector and
district with lived experience among them, 100+ pledges with progress, charter signatures, a
year of knowledge exchanges and workshops reaching about 1,500 people) and are written with
the same writer ``atr web export`` uses, so ingest sees exactly the platform's format.

Everything is made up from a seed: organisation names are built from word lists, identifiers
are well-formed but not real, and there are no people at all, only counts.
"""

from __future__ import annotations

import random
from dataclasses import asdict, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from atr.platform import (
    EventReachRow,
    EventRow,
    MemberCountRow,
    NetworkExport,
    OrganisationRow,
    PledgerKind,
    PledgeRow,
    PledgeType,
    write_network_extract,
)
from atr.synthetic.workforce import synthetic_workforce

DISTRICTS = ("E08000032", "E08000033", "E08000034", "E08000035", "E08000036")
"""Bradford, Calderdale, Kirklees, Leeds, Wakefield."""
DISTRICT_WEIGHTS = (0.24, 0.09, 0.19, 0.35, 0.13)
SECTORS = (
    "early_years_early_help",
    "commissioners",
    "primary_care",
    "acute_trust",
    "mental_health_trust",
    "local_authority",
    "education",
    "educational_psychology",
    "safeguarding",
    "police",
    "youth_justice",
    "housing",
    "voluntary_community",
    "lived_experience_group",
    "other",
)
ORGANISATIONS_PER_SECTOR = {
    "early_years_early_help": 5,
    "commissioners": 2,
    "primary_care": 6,
    "acute_trust": 2,
    "mental_health_trust": 2,
    "local_authority": 5,
    "education": 9,
    "educational_psychology": 2,
    "safeguarding": 2,
    "police": 1,
    "youth_justice": 3,
    "housing": 5,
    "voluntary_community": 11,
    "lived_experience_group": 3,
    "other": 2,
}
"""60 organisations; councils, trusts and the police serve more than one district."""
_PLACES = ("Aire", "Calder", "Colne", "Holme", "Wharfe", "Pennine", "Dearne", "Spen", "Ryburn", "Worth")
_KINDS = {
    "early_years_early_help": "Family Hub",
    "commissioners": "Integrated Care Board place team",
    "primary_care": "Medical Practice",
    "acute_trust": "Hospitals NHS Trust",
    "mental_health_trust": "Care NHS Foundation Trust",
    "local_authority": "Council children's services",
    "education": "Academy",
    "educational_psychology": "Educational Psychology Service",
    "safeguarding": "Safeguarding Partnership",
    "police": "Police",
    "youth_justice": "Youth Justice Service",
    "housing": "Housing Association",
    "voluntary_community": "Community Trust",
    "lived_experience_group": "Voices Collective",
    "other": "Sports Foundation",
}
_CATEGORIES = (
    "training",
    "wellbeing",
    "practice",
    "leadership",
    "lived_experience",
    "partnership",
    "environment",
)
"""The platform's pledge categories (``atr.platform.network.vocab``), so both write the same codes."""
NETWORK_START = date(2023, 4, 1)
DEFAULT_EXTRACT_DATE = date(2025, 4, 30)
"""As the synthetic partner extracts (``atr.synthetic.demography.EXTRACT_DATE``)."""


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _with_identifiers(rng: random.Random, org: OrganisationRow) -> OrganisationRow:
    """Well-formed, made-up identifiers of the kinds each sector holds."""
    if org.sector == "primary_care":
        return replace(org, ods_code=f"B{rng.randrange(80000, 89999)}")
    if org.sector in ("acute_trust", "mental_health_trust", "commissioners"):
        return replace(org, ods_code=f"R{rng.choice('ABCDEFGHJKLMNPQRTVWXY')}{rng.randrange(1, 9)}")
    if org.sector == "education":
        return replace(org, urn=str(rng.randrange(100000, 150000)))
    if org.sector in ("voluntary_community", "lived_experience_group", "other"):
        return replace(org, charity_number=str(rng.randrange(1000000, 1199999)))
    if org.sector == "housing":
        return replace(org, company_number=str(rng.randrange(10000000, 15999999)))
    return org


def _organisations(rng: random.Random, extract_date: date) -> list[OrganisationRow]:
    rows: list[OrganisationRow] = []
    for sector in SECTORS:
        for n in range(ORGANISATIONS_PER_SECTOR[sector]):
            wide = sector in ("police", "commissioners", "mental_health_trust", "safeguarding")
            if wide or (sector == "local_authority" and n == 0):
                districts: tuple[str, ...] = DISTRICTS
            else:
                districts = (rng.choices(DISTRICTS, DISTRICT_WEIGHTS)[0],)
            joined = _day_between(rng, NETWORK_START, extract_date - timedelta(days=30))
            headcount = rng.randrange(8, 60) if sector != "acute_trust" else rng.randrange(4000, 9000)
            org = OrganisationRow(
                record_id=f"ORG{len(rows) + 1:03d}",
                name=f"{rng.choice(_PLACES)} {_KINDS[sector]}",
                sector=sector,
                districts=districts,
                headcount=headcount * (20 if wide else 1),
                joined_date=joined,
            )
            rows.append(_with_identifiers(rng, org))
    return rows


def _pledges(
    rng: random.Random, orgs: list[OrganisationRow], extract_date: date
) -> tuple[list[PledgeRow], list[OrganisationRow]]:
    """Charter signatures by about 40% of organisations, organisation pledges, and staff pledges."""
    pledges: list[PledgeRow] = []
    signed: list[OrganisationRow] = []

    def add(org: OrganisationRow | None, kind: PledgerKind, pledge_type: PledgeType, made: date) -> None:
        updates = rng.choice((0, 0, 1, 1, 2, 3, 5))
        last = _day_between(rng, made, extract_date) if updates else None
        pledges.append(
            PledgeRow(
                record_id=f"PLG{len(pledges) + 1:04d}",
                organisation_id=org.record_id if org else None,
                pledger_kind=kind,
                category="charter" if pledge_type == "charter" else rng.choice(_CATEGORIES),
                pledge_type=pledge_type,
                made_date=made,
                is_public=rng.random() < 0.85,
                progress_updates=updates,
                last_progress_date=last,
            )
        )

    for org in orgs:
        charter = None
        if rng.random() < 0.4:
            charter = _day_between(rng, org.joined_date, extract_date)
            add(org, "organisation", "charter", charter)
        elif rng.random() < 0.25:
            add(org, "organisation", "pledge", _day_between(rng, org.joined_date, extract_date))
        signed.append(replace(org, charter_signed_date=charter))
    for _ in range(rng.randrange(85, 110)):
        employer = rng.choice(orgs) if rng.random() < 0.85 else None
        start = employer.joined_date if employer else NETWORK_START
        add(employer, "person", "pledge", _day_between(rng, start, extract_date))
    return pledges, signed


def _events(rng: random.Random, extract_date: date) -> tuple[list[EventRow], list[EventReachRow]]:
    """A year of events ending a month before the extract: knowledge exchanges, workshops, training."""
    events: list[EventRow] = []
    reach: list[EventReachRow] = []
    first = extract_date.replace(year=extract_date.year - 1) - timedelta(days=29)
    for month in range(12):
        day = first + timedelta(days=30 * month + rng.randrange(0, 25))
        plan = [("knowledge_exchange", 90, 220)] if month % 3 == 0 else []
        plan += [("workshop", 15, 45), ("training", 12, 35)]
        for kind, low, high in plan:
            attendees = rng.randrange(low, high)
            events.append(
                EventRow(
                    record_id=f"EVT{len(events) + 1:03d}",
                    title=f"{kind.replace('_', ' ').capitalize()}: becoming trauma informed",
                    kind=kind,
                    event_date=day,
                    district=rng.choices(DISTRICTS, DISTRICT_WEIGHTS)[0],
                    registered=attendees + rng.randrange(0, max(2, attendees // 4)),
                    attendees=attendees,
                )
            )
            sectors = rng.sample(SECTORS, rng.randrange(3, 7))
            weights = [rng.random() + 0.2 for _ in sectors]
            left = attendees
            for i, sector in enumerate(sectors):
                share = left if i == len(sectors) - 1 else round(attendees * weights[i] / sum(weights))
                share = min(share, left)
                left -= share
                if share:
                    reach.append(
                        EventReachRow(
                            record_id=f"RCH{len(reach) + 1:04d}",
                            event_id=events[-1].record_id,
                            sector=sector,
                            attendees=share,
                        )
                    )
    return events, reach


def _member_counts(rng: random.Random, extract_date: date) -> list[MemberCountRow]:
    """Quarter-end snapshots from the network's start, growing to about 240 members."""
    rows: list[MemberCountRow] = []
    snapshots = [
        d
        for year in range(NETWORK_START.year, extract_date.year + 1)
        for d in (date(year, 3, 31), date(year, 6, 30), date(year, 9, 30), date(year, 12, 31))
        if NETWORK_START <= d <= extract_date
    ]
    cells = [(s, d) for s in SECTORS for d in DISTRICTS]
    base = {cell: rng.random() ** 2 for cell in cells}
    scale = sum(base.values())
    for n, snapshot in enumerate(snapshots):
        total = 90 + (240 - 90) * n / max(1, len(snapshots) - 1)
        for sector, district in cells:
            members = round(total * base[(sector, district)] / scale + rng.random() * 0.6)
            if not members:
                continue
            lived = 0 if sector != "lived_experience_group" else members
            lived += sum(rng.random() < 0.1 for _ in range(members - lived))
            rows.append(
                MemberCountRow(
                    record_id=f"MC{len(rows) + 1:04d}",
                    snapshot_date=snapshot,
                    sector=sector,
                    district=district,
                    members=members,
                    lived_experience=lived,
                )
            )
    return rows


def generate_network(seed: int = 7, extract_date: date = DEFAULT_EXTRACT_DATE) -> NetworkExport:
    """A plausible synthetic network, the same for the same seed and extract date."""
    rng = random.Random(f"atr-network-{seed}")
    orgs = _organisations(rng, extract_date)
    pledges, orgs = _pledges(rng, orgs, extract_date)
    events, reach = _events(rng, extract_date)
    members = _member_counts(rng, extract_date)
    # Its own random stream, so the network's rows are those of the seed before the workforce (#16).
    workforce = synthetic_workforce(random.Random(f"atr-workforce-{seed}"), orgs, extract_date)
    return NetworkExport(orgs, pledges, events, reach, members, *workforce)


def write_synthetic_network(
    extract_root: Path, *, seed: int = 7, extract_date: date = DEFAULT_EXTRACT_DATE
) -> Path:
    """Write ``extract_root/network/`` (a synthetic extract, marked so in its manifest)."""
    rows = generate_network(seed, extract_date)
    return write_network_extract(extract_root, rows, extract_date=extract_date, synthetic=True)


def as_ingested(rows: NetworkExport, partner_code: str = "WYATR") -> dict[str, list[dict[str, Any]]]:
    """The rows as ingest's ``network_*`` tables hold them (for tests and benchmarks that skip
    ingest): the same column names and values, minus the names and titles ingest never loads."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, (_, table_rows) in rows.tables().items():
        dropped = {"name", "title"}
        out[f"network_{name}"] = [
            {
                "partner_code": partner_code,
                **{
                    k: (";".join(v) if isinstance(v, tuple) else v)
                    for k, v in asdict(r).items()
                    if k not in dropped
                },
            }
            for r in table_rows
        ]
    return out
