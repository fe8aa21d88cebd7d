"""Check one table file: stage it, run its rules, split rows into accepted and quarantined.

Leaves for the folder to use: the view ``<stage>__ok`` (accepted rows, raw text; a view over the
staged file, so rows are not copied), ``<stage>__keys`` (their keys, for other tables'
references) and rows appended to the folder's quarantine and warning tables. The staged file
lives until the run ends, because the commit reads it. Returns the file's :class:`TableOutcome`, whose constructor
asserts rows read = accepted + quarantined.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from atr.ingest.contract_model import Contract, Table
from atr.ingest.manifest import ManifestFile
from atr.ingest.reader import StagedFile, stage_file
from atr.ingest.report import FieldQuality, RuleCount, TableOutcome
from atr.ingest.rules import CheckContext, hits_query
from atr.warehouse import Warehouse, quote_ident, sql_literal

_VALUE_SAFE_TYPES = {"code", "bool", "int"}  # values that cannot identify anyone
_MAX_EXAMPLES = 5


@dataclass(frozen=True)
class TableJob:
    """Everything needed to check one table file of a folder."""

    contract: Contract
    dataset: str
    partner_code: str
    table_name: str
    table: Table
    path: Path
    display_path: str
    listed: ManifestFile
    stage: str
    extract_date: date
    accepted_keys: dict[str, str]
    postcodes: str | None
    quarantine: str  # folder's quarantine temp table
    warnings: str  # folder's warning temp table


def _in_list(rules: list[str]) -> str:
    return ", ".join(sql_literal(r) for r in rules) or "NULL"


def check_table(wh: Warehouse, job: TableJob) -> tuple[TableOutcome, list[FieldQuality]]:
    """Stage and check one file (raises ``FileRejected`` for file-level errors)."""
    staged = stage_file(wh, job.path, job.table, job.listed, job.stage)
    present = set(job.table.column_names) - set(staged.missing_optional)
    ctx = CheckContext(job.contract, job.stage, job.extract_date, job.accepted_keys, job.postcodes)
    hits, bad, ok = f"{job.stage}__hits", f"{job.stage}__bad", f"{job.stage}__ok"
    errors = _in_list([r for r, spec in job.contract.rules.items() if spec.severity == "error"])
    warnings = _in_list([r for r, spec in job.contract.rules.items() if spec.severity == "warning"])

    wh.execute(f"CREATE OR REPLACE TEMP TABLE {hits} AS {hits_query(ctx, job.table, present)}")
    wh.execute(
        f"CREATE OR REPLACE TEMP TABLE {bad} AS SELECT DISTINCT row_number FROM {hits} WHERE rule IN ({errors})"
    )
    wh.execute(
        f"CREATE OR REPLACE TEMP VIEW {ok} AS SELECT s.* FROM {job.stage} s "
        f"ANTI JOIN {bad} b ON s.__row = b.row_number"
    )
    wh.execute(
        f"CREATE OR REPLACE TEMP TABLE {job.stage}__keys AS "
        f"SELECT DISTINCT {quote_ident(job.table.key)} AS key FROM {ok}"
    )
    where = f"{sql_literal(job.dataset)}, {sql_literal(job.partner_code)}, {sql_literal(job.table_name)}"
    wh.execute(
        f"INSERT INTO {job.quarantine} SELECT {where}, CAST(row_number AS INTEGER), rule, field "
        f"FROM {hits} WHERE rule IN ({errors})"
    )
    wh.execute(
        f"INSERT INTO {job.warnings} SELECT {where}, CAST(h.row_number AS INTEGER), h.rule, h.field "
        f"FROM {hits} h ANTI JOIN {bad} b ON h.row_number = b.row_number WHERE h.rule IN ({warnings})"
    )
    quarantined = int(wh.scalar(f"SELECT count(*) FROM {bad}"))
    accepted = int(wh.scalar(f"SELECT count(*) FROM {ok}"))
    warning_count = int(
        wh.scalar(
            f"SELECT count(*) FROM {hits} h ANTI JOIN {bad} b ON h.row_number = b.row_number WHERE h.rule IN ({warnings})"
        )
    )
    outcome = TableOutcome(
        dataset=job.dataset,
        partner_code=job.partner_code,
        table=job.table_name,
        file=job.display_path,
        status="accepted",
        rows_in_file=staged.rows,
        rows_read=staged.rows,
        rows_accepted=accepted,
        rows_quarantined=quarantined,
        warnings=warning_count,
        rules=_rule_counts(wh, job, hits, bad, errors),
        ignored_columns=list(staged.ignored_columns),
        missing_optional_columns=list(staged.missing_optional),
    )
    quality = _field_quality(wh, job, staged, present, hits)
    wh.execute(f"DROP TABLE {hits}")
    return outcome, quality


def _rule_counts(wh: Warehouse, job: TableJob, hits: str, bad: str, errors: str) -> list[RuleCount]:
    """Per (rule, field): how many rows, the first row numbers, and safe example values."""
    counted = wh.rows(
        f"SELECT h.rule, h.field, count(*) AS n, list(h.row_number ORDER BY h.row_number)[1:{_MAX_EXAMPLES}] AS rows "
        f"FROM {hits} h LEFT JOIN {bad} b ON h.row_number = b.row_number "
        f"WHERE h.rule IN ({errors}) OR b.row_number IS NULL GROUP BY ALL ORDER BY h.rule, h.field"
    )
    out = []
    for c in counted:
        rule, field = str(c["rule"]), str(c["field"])
        column = job.table.column(field)
        values: list[str] = []
        if (column.type in _VALUE_SAFE_TYPES or column.pattern) and rule != "required.missing":
            found = wh.rows(
                f"SELECT s.{quote_ident(field)} AS v, count(*) AS n FROM {hits} h JOIN {job.stage} s "
                f"ON s.__row = h.row_number WHERE h.rule = ? AND h.field = ? "
                f"GROUP BY v ORDER BY n DESC, v LIMIT {_MAX_EXAMPLES}",
                [rule, field],
            )
            values = [f"{f['v']} ({f['n']:,})" for f in found]
        out.append(
            RuleCount(
                rule, field, job.contract.severity(rule), int(c["n"]), [int(r) for r in c["rows"]], values
            )
        )
    return out


def _field_quality(
    wh: Warehouse, job: TableJob, staged: StagedFile, present: set[str], hits: str
) -> list[FieldQuality]:
    """Completeness (share of rows with a value) and validity (share of values breaking no rule)."""
    columns = [c.name for c in job.table.columns if c.name in present]
    if not columns or staged.rows == 0:
        return [FieldQuality(job.table_name, c.name, None, None) for c in job.table.columns]
    counts = wh.rows(
        f"SELECT {', '.join(f'count({quote_ident(c)}) AS {quote_ident(c)}' for c in columns)} FROM {job.stage}"
    )[0]
    broken = {
        str(r["field"]): int(r["n"])
        for r in wh.rows(
            f"SELECT field, count(DISTINCT row_number) AS n FROM {hits} WHERE rule <> 'required.missing' GROUP BY field"
        )
    }
    out = []
    for col in job.table.columns:
        if col.name not in present:
            out.append(FieldQuality(job.table_name, col.name, 0.0, None))
            continue
        filled = int(counts[col.name])
        validity = (filled - broken.get(col.name, 0)) / filled if filled else None
        out.append(
            FieldQuality(
                job.table_name,
                col.name,
                round(filled / staged.rows, 4),
                None if validity is None else round(validity, 4),
            )
        )
    return out
