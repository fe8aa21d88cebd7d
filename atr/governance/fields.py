"""The datasets and fields a project uses, and why, from the partner contract.

Every column of every contract table gets a purpose from its type and what ingest does with it,
so the list cannot drift from the code: names, dates of birth and addresses are used only for
linkage and kept in the encrypted identity store; identifiers become keyed hashes; postcodes in
events become LSOA codes; codes and dates drive the derivation rules and indicators.
"""

from __future__ import annotations

from dataclasses import dataclass

from atr.ingest import Column, Contract

_IDENTITY_NAMES = {"date_of_birth", "address_line_1", "town"}
_DEMOGRAPHIC_NAMES = {"sex", "ethnicity_code", "gender"}


@dataclass(frozen=True)
class FieldUse:
    dataset: str
    table: str
    column: str
    kind: str
    required: bool
    purpose: str
    kept_as: str


def purpose(table: str, column: Column) -> tuple[str, str]:
    """(purpose, how it is kept) of one contract column."""
    kind, name = column.type, column.name
    if kind == "name" or (table == "person" and name in _IDENTITY_NAMES):
        return "record linkage only", "identity store (encrypted); never in the analysis warehouse"
    if kind == "postcode" and table == "person":
        return (
            "record linkage; the neighbourhood (LSOA) of the person",
            "identity store; LSOA code in the warehouse",
        )
    if kind in ("nhs_number", "upn", "identifier"):
        return "record linkage (deterministic)", "keyed hash (HMAC-SHA-256) in the identity store"
    if kind == "uprn":
        return "household linkage (same address)", "keyed hash"
    if kind == "postcode":
        return "where an event happened, as a neighbourhood", "LSOA code only"
    if kind == "person_ref":
        return "joins a record to its person", "keyed pseudonym"
    if kind == "record_ref":
        return "joins records of one case", "as received (partner record key)"
    if name in _DEMOGRAPHIC_NAMES:
        return "breakdowns of indicators (equality monitoring)", "as received (code)"
    if kind == "date":
        if table == "person":
            return "age at events; record linkage", "identity store; birth year and month in the warehouse"
        return "when an event happened (yearly counts, ages)", "as received (date)"
    if kind == "code":
        return "classifies the record for the derivation rules and indicators", "as received (code)"
    return "describes the record for the derivation rules and indicators", "as received"


def field_uses(contract: Contract, datasets: list[str] | None = None) -> list[FieldUse]:
    """Every column of the chosen datasets (all of the contract's by default), with its purpose."""
    rows = []
    for code in contract.datasets:
        if datasets is not None and code not in datasets:
            continue
        for table_name, table in contract.tables_of(code).items():
            for column in table.columns:
                use, kept = purpose(table_name, column)
                rows.append(FieldUse(code, table_name, column.name, column.type, column.required, use, kept))
    return rows
