"""The tables ingest writes (``docs/tables.md``, "ingest"), as SQL built from the contract.

Identity zone: ``identity_person``, the only table linkage reads, with normalised names,
dates, postcodes and keyed hashes of identifiers; its rows go to the encrypted identity store
(:mod:`atr.identity`), never into the warehouse. Pseudonymised zone: ``<dataset>_<table>``
content tables with every contract column typed, person keys pseudonymised, postcodes reduced
to LSOA and UPRNs hashed; and ``person_demographics``. Direct identifiers (names, NHS numbers,
UPNs, dates of birth, addresses) never reach the pseudonymised zone: column types ``name``,
``nhs_number``, ``upn`` and ``identifier`` produce no content-table column at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from atr.ingest.checkdigits import sql_nhs_status_of_clean, sql_upn_status_of_clean
from atr.ingest.contract_model import Contract, Table
from atr.ingest.hashing import PERSON_IDENTIFIERS, identifier_value
from atr.ingest.normalise import sql_bool, sql_code, sql_date, sql_int, sql_name
from atr.ingest.postcodes import (
    sql_outward_from_key,
    sql_postcode_from_key,
    sql_postcode_key,
    sql_postcode_key_of_stripped,
    sql_postcode_stripped,
    sql_sector_from_key,
)
from atr.warehouse import quote_ident, sql_literal

IDENTITY_TABLE = "identity_person"
DEMOGRAPHICS_TABLE = "person_demographics"
_NO_OUTPUT = {"name", "nhs_number", "upn", "identifier"}
_SQL_TYPES = {"date": "DATE", "bool": "BOOLEAN", "int": "INTEGER"}

IDENTITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("dataset", "VARCHAR"),
    ("partner_code", "VARCHAR"),
    ("person_id", "VARCHAR"),
    ("nhs_number_hash", "VARCHAR"),
    ("nhs_number_status", "VARCHAR"),
    ("upn_hash", "VARCHAR"),
    ("upn_status", "VARCHAR"),
    ("la_child_id_hash", "VARCHAR"),
    ("pnc_id_hash", "VARCHAR"),
    ("uprn_hash", "VARCHAR"),
    ("forename", "VARCHAR"),
    ("middle_names", "VARCHAR"),
    ("surname", "VARCHAR"),
    ("former_surname", "VARCHAR"),
    ("forename_raw", "VARCHAR"),
    ("surname_raw", "VARCHAR"),
    ("date_of_birth", "DATE"),
    ("birth_year", "INTEGER"),
    ("birth_month", "INTEGER"),
    ("sex", "VARCHAR"),
    ("ethnicity_code", "VARCHAR"),
    ("postcode", "VARCHAR"),
    ("postcode_outward", "VARCHAR"),
    ("postcode_sector", "VARCHAR"),
    ("lsoa11_code", "VARCHAR"),
    ("address_line_1", "VARCHAR"),
    ("town", "VARCHAR"),
    ("extract_date", "DATE"),
    ("row_number", "INTEGER"),
)
DEMOGRAPHICS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("dataset", "VARCHAR"),
    ("partner_code", "VARCHAR"),
    ("person_id", "VARCHAR"),
    ("birth_year", "INTEGER"),
    ("birth_month", "INTEGER"),
    ("sex", "VARCHAR"),
    ("ethnicity_code", "VARCHAR"),
    ("lsoa11_code", "VARCHAR"),
)


def content_table_name(dataset: str, table: str) -> str:
    return f"{dataset}_{table}"


def _postcode_output(column: str) -> str:
    """``home_postcode`` → ``home_lsoa11_code``; ``postcode`` → ``lsoa11_code``."""
    prefix = column.removesuffix("postcode").rstrip("_")
    return f"{prefix}_lsoa11_code" if prefix else "lsoa11_code"


def content_columns(table: Table) -> list[tuple[str, str]]:
    """(name, SQL type) of a content table, in order."""
    out = [("dataset", "VARCHAR"), ("partner_code", "VARCHAR")]
    for col in table.columns:
        if col.type in _NO_OUTPUT:
            continue
        if col.type == "postcode":
            out.append((_postcode_output(col.name), "VARCHAR"))
        elif col.type == "uprn":
            out.append((f"{col.name}_hash", "VARCHAR"))
        else:
            out.append((col.name, _SQL_TYPES.get(col.type, "VARCHAR")))
    out.append(("row_number", "INTEGER"))
    return out


def output_tables(contract: Contract) -> dict[str, list[tuple[str, str]]]:
    """Every table ingest writes into the warehouse, with its columns and types (identities go to
    the identity store, ``atr.identity``, not here)."""
    tables: dict[str, list[tuple[str, str]]] = {DEMOGRAPHICS_TABLE: list(DEMOGRAPHICS_COLUMNS)}
    for code, dataset in contract.datasets.items():
        for name, table in dataset.tables.items():
            tables[content_table_name(code, name)] = content_columns(table)
    return tables


def create_statements(contract: Contract) -> list[str]:
    """``CREATE TABLE IF NOT EXISTS`` for every table ingest writes, so all exist even if empty."""
    tables = output_tables(contract)
    return [
        f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(f'{quote_ident(c)} {t}' for c, t in cols)})"
        for name, cols in tables.items()
    ]


@dataclass(frozen=True)
class OutputContext:
    contract: Contract
    dataset: str
    partner_code: str
    extract_date: date
    person_map: str  # (key, person_id)
    identifier_map: str  # (kind, value, hash)
    postcodes: str  # a table or subquery with (postcode_key, lsoa11_code)


def content_select(ctx: OutputContext, table: Table, accepted: str) -> str:
    """SELECT producing the content table's rows from the accepted staged rows."""
    keys = [
        f"{sql_postcode_key(f's.{quote_ident(c.name)}')} AS {quote_ident('__pc_' + c.name)}"
        for c in table.columns
        if c.type == "postcode"
    ]
    source = f"(SELECT {', '.join(['s.*', *keys])} FROM {accepted} s)"
    selects = [f"{sql_literal(ctx.dataset)} AS dataset", f"{sql_literal(ctx.partner_code)} AS partner_code"]
    joins: list[str] = []
    for i, col in enumerate(table.columns):
        c = f"s.{quote_ident(col.name)}"
        if col.type in _NO_OUTPUT:
            continue
        if col.type == "person_ref":
            joins.append(f"LEFT JOIN {ctx.person_map} p{i} ON p{i}.key = {c}")
            selects.append(f"p{i}.person_id AS {quote_ident(col.name)}")
        elif col.type == "postcode":
            joins.append(
                f"LEFT JOIN {ctx.postcodes} pc{i} ON pc{i}.postcode_key = s.{quote_ident('__pc_' + col.name)}"
            )
            selects.append(f"pc{i}.lsoa11_code AS {quote_ident(_postcode_output(col.name))}")
        elif col.type == "uprn":
            value = identifier_value("uprn", c, ctx.partner_code)
            joins.append(
                f"LEFT JOIN {ctx.identifier_map} u{i} ON u{i}.kind = 'uprn' AND u{i}.value = {value}"
            )
            selects.append(f"u{i}.hash AS {quote_ident(col.name + '_hash')}")
        else:
            selects.append(f"{_typed(ctx, col.type, col.codes, c)} AS {quote_ident(col.name)}")
    selects.append("CAST(s.__row AS INTEGER) AS row_number")
    return f"SELECT {', '.join(selects)} FROM {source} s {' '.join(joins)}"


def _typed(ctx: OutputContext, kind: str, codes: str | None, c: str) -> str:
    if kind == "date":
        return sql_date(c)
    if kind == "bool":
        return sql_bool(c)
    if kind == "int":
        return sql_int(c)
    if kind == "code" and codes:
        return sql_code(c, ctx.contract.code_lists[codes].canonical())
    return c


def identity_select(ctx: OutputContext, person_ids: str) -> str:
    """SELECT producing ``identity_person`` rows from the accepted person rows with their
    identifier values (``hashing.person_identifiers_sql``)."""
    stripped = f"SELECT p.*, {sql_postcode_stripped('p.postcode')} AS __pcs FROM {person_ids} p"
    inner = (
        f"SELECT q.*, {sql_postcode_key_of_stripped('q.__pcs')} AS __pc_key, "
        f"{sql_date('q.date_of_birth')} AS __dob FROM ({stripped}) q"
    )
    joins = [f"JOIN {ctx.person_map} pid ON pid.key = s.person_id"]
    for kind in PERSON_IDENTIFIERS.values():
        joins.append(
            f"LEFT JOIN {ctx.identifier_map} h_{kind} ON h_{kind}.kind = '{kind}' AND h_{kind}.value = s.__value_{kind}"
        )
    joins.append(f"LEFT JOIN {ctx.postcodes} pc ON pc.postcode_key = s.__pc_key")
    exprs = {
        "dataset": sql_literal(ctx.dataset),
        "partner_code": sql_literal(ctx.partner_code),
        "person_id": "pid.person_id",
        "nhs_number_hash": "h_nhs.hash",
        "nhs_number_status": sql_nhs_status_of_clean("s.__nhs_clean"),
        "upn_hash": "h_upn.hash",
        "upn_status": sql_upn_status_of_clean("s.__upn_clean"),
        "la_child_id_hash": "h_la_child.hash",
        "pnc_id_hash": "h_pnc.hash",
        "uprn_hash": "h_uprn.hash",
        "forename": sql_name("s.forename"),
        "middle_names": sql_name("s.middle_names"),
        "surname": sql_name("s.surname"),
        "former_surname": sql_name("s.former_surname"),
        "forename_raw": "s.forename",
        "surname_raw": "s.surname",
        "date_of_birth": "s.__dob",
        "birth_year": "CAST(year(s.__dob) AS INTEGER)",
        "birth_month": "CAST(month(s.__dob) AS INTEGER)",
        "sex": sql_code("s.sex", ctx.contract.code_lists["sex"].canonical(), keep_unknown=False),
        "ethnicity_code": "upper(s.ethnicity_code)",
        "postcode": sql_postcode_from_key("s.__pc_key"),
        "postcode_outward": sql_outward_from_key("s.__pc_key"),
        "postcode_sector": sql_sector_from_key("s.__pc_key"),
        "lsoa11_code": "pc.lsoa11_code",
        "address_line_1": sql_name("s.address_line_1"),
        "town": sql_name("s.town"),
        "extract_date": f"DATE '{ctx.extract_date.isoformat()}'",
        "row_number": "CAST(s.__row AS INTEGER)",
    }
    selects = ", ".join(f"{exprs[name]} AS {name}" for name, _ in IDENTITY_COLUMNS)
    return f"SELECT {selects} FROM ({inner}) s {' '.join(joins)}"


def demographics_select(identity_ready: str) -> str:
    return f"SELECT {', '.join(name for name, _ in DEMOGRAPHICS_COLUMNS)} FROM {identity_ready}"
