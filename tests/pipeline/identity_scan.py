"""Scan a warehouse for identities: every table, every text and date column.

The probes are what the synthetic world knows about its people (ground truth: forenames,
surnames, dates of birth, postcodes, UPRNs) plus the address lines the identity store holds.
Text values are compared after folding case and dropping everything but letters and digits, so
``O'Neill``/``oneill`` and ``LS6 1AB``/``ls61ab`` match. A date column is an identity leak when
nearly all of its distinct values are dates of birth (event dates coincide with some birthday
far less often: a few thousand people cover a minority of days).

Two allowances, both for vocabulary rather than people: a name counts only when a column holds
at least ``MIN_NAMES`` different ones (surnames such as White and Ward are also an ethnic group
and an area type; a column of leaked names holds hundreds), and ``ref_postcode``, the public
postcode directory (every postcode of the region mapped to its LSOA, naming no one), is not
scanned for postcodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from atr.identity import IdentityStore
from atr.warehouse import Warehouse

MIN_PROBE = 4  # shorter strings (initials, "amy") collide with codes by chance
MIN_NAMES = 3
NAME_KINDS = ("forename", "surname")
POSTCODE_DIRECTORY = "ref_postcode"
DOB_SHARE = 0.9
MIN_DATES = 20


def fold(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", value.lower())


@dataclass
class Probes:
    text: dict[str, str]  # folded value -> kind
    dates: set[object]

    def __len__(self) -> int:
        return len(self.text) + len(self.dates)


def probes(truth_dir: Path, store: IdentityStore) -> Probes:
    text: dict[str, str] = {}

    def add(kind: str, values: list[object]) -> None:
        for v in values:
            if v is not None and len(folded := fold(str(v))) >= MIN_PROBE:
                text.setdefault(folded, kind)

    person = pq.read_table(truth_dir / "person.parquet", columns=["forename", "surname", "date_of_birth"])
    add("forename", person.column("forename").to_pylist())
    add("surname", person.column("surname").to_pylist())
    dobs = set(person.column("date_of_birth").drop_null().to_pylist())
    add("date of birth", [d.isoformat() for d in dobs])  # type: ignore[attr-defined]
    addresses = pq.read_table(truth_dir / "person_address.parquet", columns=["postcode", "uprn"])
    add("postcode", addresses.column("postcode").to_pylist())
    add("uprn", addresses.column("uprn").to_pylist())
    stored = store.read(columns=["address_line_1", "postcode", "forename", "surname"])
    add("address", stored.column("address_line_1").to_pylist())
    add("postcode", stored.column("postcode").to_pylist())
    return Probes(text, dobs)


def _scanned(kind: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_date(kind))


def scan(wh: Warehouse, found: Probes) -> list[str]:
    """Every (table, column, kind, example count) where an identity turns up."""
    leaks: list[str] = []
    for table in sorted(set(wh.list_tables())):
        schema = wh.query(f'SELECT * FROM "{table}" LIMIT 0').schema
        for field in schema:
            if not _scanned(field.type):
                continue
            values = wh.query(f'SELECT DISTINCT "{field.name}" AS v FROM "{table}"').column("v").drop_null()
            if pa.types.is_date(field.type):
                dates = values.to_pylist()
                hits = sum(d in found.dates for d in dates)
                if len(dates) >= MIN_DATES and hits >= DOB_SHARE * len(dates):
                    leaks.append(f"{table}.{field.name}: {hits} of {len(dates)} dates are dates of birth")
                continue
            folded = pc.utf8_lower(values).to_pylist()
            kinds: dict[str, int] = {}
            for v in folded:
                kind = found.text.get(fold(v))
                if kind is not None:
                    kinds[kind] = kinds.get(kind, 0) + 1
            if table == POSTCODE_DIRECTORY:
                kinds.pop("postcode", None)
            leaks.extend(
                f"{table}.{field.name}: {n} {kind} value(s)"
                for kind, n in sorted(kinds.items())
                if n >= (MIN_NAMES if kind in NAME_KINDS else 1)
            )
    return leaks
