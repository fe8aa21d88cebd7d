"""Turn ``identity_person`` into the one table Splink reads, ``link__input``.

Why a separate table: Splink needs one integer key per record, identifiers that are NULL
unless trustworthy (an invalid NHS number must never count as evidence), and derived columns
(nickname variants, day/month of birth for the transposition level, the house number and
street of the first address line, ``addresses.py``). Building them once in
SQL keeps the model's comparisons simple and the raw identity table untouched for audit.

Columns a partner did not send are NULL throughout; a column missing from ``identity_person``
altogether is treated the same way, except the few without which linkage cannot work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from atr.errors import StageError
from atr.link.addresses import house_number_sql, street_sql
from atr.link.forenames import lookup_table
from atr.warehouse import Warehouse

IDENTITY_TABLE = "identity_person"
INPUT_TABLE = "link__input"
FORENAME_LOOKUP_TABLE = "link__forename_lookup"

REQUIRED_COLUMNS = ("dataset", "partner_code", "person_id", "forename", "surname", "date_of_birth")
OPTIONAL_COLUMNS = (
    "nhs_number_hash",
    "nhs_number_status",
    "upn_hash",
    "upn_status",
    "la_child_id_hash",
    "pnc_id_hash",
    "uprn_hash",
    "middle_names",
    "former_surname",
    "sex",
    "ethnicity_code",
    "postcode",
    "postcode_outward",
    "postcode_sector",
    "lsoa11_code",
    "address_line_1",
    "town",
    "extract_date",
)
# The identifier columns of link__input, and the comparisons that use them.
IDENTIFIERS = ("nhs_number", "upn", "la_child_id", "pnc_id")
EVIDENCE_COLUMNS = (
    *IDENTIFIERS,
    "forename",
    "surname",
    "date_of_birth",
    "sex",
    "postcode",
    "postcode_sector",
    "postcode_outward",
    "uprn",
    "address_line_1",
    "house_number",
    "address_street",
    "middle_name",
    "former_surname",
)


@dataclass
class PreparedInput:
    """What the rest of the stage needs to know about the prepared records."""

    records: int
    records_by_dataset: dict[str, int]
    missing_columns: list[str]
    # evidence column -> number of records holding a value
    completeness: dict[str, int] = field(default_factory=dict)

    def has(self, column: str) -> bool:
        """Whether any record holds this evidence column (else its comparison is left out)."""
        return self.completeness.get(column, 0) > 0


def _columns(wh: Warehouse) -> set[str]:
    return set(wh.columns(IDENTITY_TABLE))


def _expr(present: set[str], column: str, sql: str | None = None, cast: str = "VARCHAR") -> str:
    return (sql or column) if column in present else f"CAST(NULL AS {cast})"


def _select_sql(present: set[str]) -> str:
    def col(name: str, cast: str = "VARCHAR") -> str:
        return _expr(present, name, f"i.{name}", cast)

    nhs_valid = (
        "CASE WHEN i.nhs_number_status = 'valid' THEN i.nhs_number_hash END"
        if {"nhs_number_hash", "nhs_number_status"} <= present
        else col("nhs_number_hash")
    )
    upn_valid = (
        "CASE WHEN i.upn_status = 'valid' THEN i.upn_hash END"
        if {"upn_hash", "upn_status"} <= present
        else col("upn_hash")
    )
    sex = "CASE WHEN i.sex IN ('M', 'F') THEN i.sex END" if "sex" in present else "CAST(NULL AS VARCHAR)"
    # Placeholder dates of birth (1900-01-01 and earlier) are missing values, not evidence.
    dob = "CASE WHEN i.date_of_birth > DATE '1900-01-01' THEN CAST(i.date_of_birth AS DATE) END"
    return f"""
        SELECT
            CAST(row_number() OVER (ORDER BY i.dataset, i.partner_code, i.person_id) AS BIGINT)
                AS record_key,
            i.dataset, i.partner_code, i.person_id,
            {nhs_valid} AS nhs_number,
            {upn_valid} AS upn,
            {col("la_child_id_hash")} AS la_child_id,
            {col("pnc_id_hash")} AS pnc_id,
            {col("uprn_hash")} AS uprn,
            nullif(i.forename, '') AS forename,
            f.forename_canonical,
            f.forename_variants,
            nullif(split_part({col("middle_names")}, ' ', 1), '') AS middle_name,
            nullif(i.surname, '') AS surname,
            nullif({col("former_surname")}, '') AS former_surname,
            {dob} AS date_of_birth,
            strftime({dob}, '%Y-%m-%d') AS dob_text,
            year({dob}) AS birth_year,
            month({dob}) AS birth_month,
            day({dob}) AS birth_day,
            year({dob}) * 10000 + least(month({dob}), day({dob})) * 100 + greatest(month({dob}), day({dob}))
                AS dob_key,
            {sex} AS sex,
            {col("ethnicity_code")} AS ethnicity_code,
            {col("postcode")} AS postcode,
            {col("postcode_outward")} AS postcode_outward,
            {col("postcode_sector")} AS postcode_sector,
            {col("lsoa11_code")} AS lsoa11_code,
            nullif({col("address_line_1")}, '') AS address_line_1,
            {house_number_sql(col("address_line_1"))} AS house_number,
            {street_sql(col("address_line_1"))} AS address_street,
            {col("town")} AS town,
            {col("extract_date", "DATE")} AS extract_date
        FROM {IDENTITY_TABLE} AS i
        LEFT JOIN {FORENAME_LOOKUP_TABLE} AS f ON f.forename = i.forename
    """


def prepare_input(wh: Warehouse) -> PreparedInput:
    """Build ``link__forename_lookup`` and ``link__input``; describe what they hold."""
    if not wh.table_exists(IDENTITY_TABLE):
        raise StageError(
            "link",
            f"the warehouse has no '{IDENTITY_TABLE}' table",
            fix="run `atr ingest` on the partner extracts first",
        )
    present = _columns(wh)
    lacking = [c for c in REQUIRED_COLUMNS if c not in present]
    if lacking:
        raise StageError(
            "link",
            f"'{IDENTITY_TABLE}' lacks required column(s): {', '.join(lacking)}",
            fix="re-run `atr ingest` with this version of ATR Observatory",
        )
    total = int(wh.scalar(f"SELECT count(*) FROM {IDENTITY_TABLE}"))
    if total == 0:
        raise StageError("link", f"'{IDENTITY_TABLE}' is empty", fix="ingest at least one extract")
    duplicates = int(
        wh.scalar(
            f"SELECT count(*) FROM (SELECT 1 FROM {IDENTITY_TABLE} "
            "GROUP BY dataset, partner_code, person_id HAVING count(*) > 1)"
        )
    )
    if duplicates:
        raise StageError(
            "link",
            f"'{IDENTITY_TABLE}' has {duplicates} repeated (dataset, partner_code, person_id) keys",
            fix="re-run `atr ingest`; each partner person must appear once",
        )

    names = wh.query(f"SELECT DISTINCT forename FROM {IDENTITY_TABLE} WHERE forename IS NOT NULL")
    wh.write_temp_arrow(FORENAME_LOOKUP_TABLE, lookup_table(names.column("forename").to_pylist()))
    wh.execute(f"CREATE OR REPLACE TEMP TABLE {INPUT_TABLE} AS {_select_sql(present)}")

    counts = ", ".join(f"count({c}) AS {c}" for c in EVIDENCE_COLUMNS)
    completeness = wh.rows(f"SELECT {counts} FROM {INPUT_TABLE}")[0]
    by_dataset = wh.rows(
        f"SELECT dataset, count(*) AS n FROM {INPUT_TABLE} GROUP BY dataset ORDER BY dataset"
    )
    return PreparedInput(
        records=total,
        records_by_dataset={r["dataset"]: int(r["n"]) for r in by_dataset},
        missing_columns=sorted(c for c in OPTIONAL_COLUMNS if c not in present),
        completeness={k: int(v) for k, v in completeness.items()},
    )
