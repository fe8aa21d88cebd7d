"""Keyed pseudonyms for whole columns, computed once per distinct value.

The HMAC itself is :mod:`atr.pseudonymise` (one place for the algorithm and the key). Calling
it from Python costs about 2 µs a value, so ingest hashes each *distinct* value once (a person
appears in many event rows but is hashed once) and hands DuckDB a mapping table to join: a
``person_id`` map per (dataset, partner) and one identifier map per folder. At scale 1.0 that is
about ten million values, ≈ 25 s. Splitting the hashing over helper processes was tried and
measured: on two shared cores it was no faster (pickling the values cost what the second core
saved), so it was dropped.

Which normalised value is hashed for each identifier kind is defined here, once, and used both
to build the map and to join it, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

from atr.ingest.checkdigits import (
    sql_clean_nhs_number,
    sql_clean_upn,
    sql_nhs_problem_of_clean,
    sql_upn_problem_of_clean,
)
from atr.ingest.normalise import sql_identifier, sql_uprn
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse, sql_literal

PERSON_IDENTIFIERS = {
    "nhs_number": "nhs",
    "upn": "upn",
    "la_child_id": "la_child",
    "pnc_id": "pnc",
    "uprn": "uprn",
}
"""Person column → identifier kind passed to ``PseudonymisationKey.identifier``."""


def person_identifiers_sql(accepted: str, partner_code: str) -> str:
    """Accepted person rows plus ``__nhs_clean``, ``__upn_clean`` and ``__value_<kind>``: the
    exact value hashed for each identifier kind (NULL when it must not be used for linkage)."""
    cleaned = (
        f"SELECT s.*, {sql_clean_nhs_number('s.nhs_number')} AS __nhs_clean, "
        f"{sql_clean_upn('s.upn')} AS __upn_clean FROM {accepted} s"
    )
    values = [  # only NHS numbers passing Modulus 11, only UPNs with the right check letter
        f"CASE WHEN ({sql_nhs_problem_of_clean('c.__nhs_clean')}) IS NULL THEN c.__nhs_clean END AS __value_nhs",
        f"CASE WHEN ({sql_upn_problem_of_clean('c.__upn_clean')}) IS NULL THEN c.__upn_clean END AS __value_upn",
        f"{identifier_value('la_child', 'c.la_child_id', partner_code)} AS __value_la_child",
        f"{identifier_value('pnc', 'c.pnc_id', partner_code)} AS __value_pnc",
        f"{identifier_value('uprn', 'c.uprn', partner_code)} AS __value_uprn",
    ]
    return f"SELECT c.*, {', '.join(values)} FROM ({cleaned}) c"


def identifier_value(kind: str, col: str, partner_code: str) -> str:
    """SQL for the value of ``col`` hashed as identifier ``kind`` (la_child, pnc or uprn)."""
    if kind == "la_child":  # LA child ids are unique only within one LA
        return f"{sql_literal(partner_code + '|')} || {sql_identifier(col)}"
    if kind == "pnc":
        return sql_identifier(col)
    if kind == "uprn":
        return sql_uprn(col)
    raise ValueError(f"unknown identifier kind '{kind}'")


def write_person_map(
    wh: Warehouse, key: PseudonymisationKey, dataset: str, partner_code: str, keys_sql: str, target: str
) -> None:
    """``target(key, person_id)``: the pseudonym of every raw person key ``keys_sql`` selects."""
    raw = wh.query(f"SELECT DISTINCT key FROM ({keys_sql}) WHERE key IS NOT NULL")
    keys: list[str] = raw.column("key").to_pylist()
    ids = [key.person_id(dataset, partner_code, v) for v in keys]
    wh.write_arrow(
        target, pa.table({"key": pa.array(keys, pa.string()), "person_id": pa.array(ids, pa.string())})
    )


def write_identifier_map(
    wh: Warehouse, key: PseudonymisationKey, sources: Iterable[tuple[str, str]], target: str
) -> None:
    """``target(kind, value, hash)`` for every (kind, SQL selecting ``value``) in ``sources``."""
    kinds: list[str] = []
    values: list[str] = []
    hashes: list[str] = []
    by_kind: dict[str, list[str]] = {}
    for kind, sql in sources:
        by_kind.setdefault(kind, []).append(sql)
    for kind, queries in by_kind.items():
        union = " UNION ".join(f"SELECT value FROM ({q})" for q in queries)
        distinct: list[str] = (
            wh.query(f"SELECT DISTINCT value FROM ({union}) WHERE value IS NOT NULL")
            .column("value")
            .to_pylist()
        )
        values.extend(distinct)
        hashes.extend(key.identifier(kind, v) for v in distinct)
        kinds.extend([kind] * len(distinct))
    wh.write_arrow(
        target,
        pa.table(
            {
                "kind": pa.array(kinds, pa.string()),
                "value": pa.array(values, pa.string()),
                "hash": pa.array(hashes, pa.string()),
            }
        ),
    )
