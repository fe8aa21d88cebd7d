"""When a partner's new batch may replace the one in force: whole batches, or the old one stays.

Why: a batch with one bad file used to replace the partner's previous load anyway, leaving the
bad table empty (a checksum error in one file took a council's social-care episodes from 290 to
0), and a file whose rows were nearly all quarantined emptied its table with exit status 0. Now
a batch is loaded only when every file of it passes, unless the user accepts a partial batch
(``--accept-partial``); otherwise the previous batch of that dataset and partner stays in force
and the report says which one. A file that would quarantine more than a set share of its rows
(``[ingest] max_quarantine_share``, default 5%) is rejected rather than loaded nearly empty, and so
is an empty file, or a table left out, where the previous load had rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from atr.ingest.bookkeeping_tables import BATCH_TABLE, FILE_TABLE
from atr.ingest.report import TableOutcome
from atr.ingest.settings import IngestSettings
from atr.warehouse import Warehouse

DEFAULT_MAX_QUARANTINE_SHARE = IngestSettings().max_quarantine_share


@dataclass(frozen=True)
class LoadPolicy:
    """How strict a run is about replacing a partner's previous load."""

    max_quarantine_share: float = DEFAULT_MAX_QUARANTINE_SHARE
    accept_partial: bool = False


@dataclass(frozen=True)
class PreviousLoad:
    """The batch of one (dataset, partner) in force before this run."""

    extract_date: str
    loaded_at: str
    rows: dict[str, int] = field(default_factory=dict)  # table → rows accepted

    def describe(self) -> str:
        return f"extract of {self.extract_date}, loaded {self.loaded_at}"


def previous_loads(wh: Warehouse) -> dict[tuple[str, str], PreviousLoad]:
    """Every (dataset, partner)'s load in force, with its accepted rows per table."""
    if not wh.table_exists(BATCH_TABLE) or not wh.table_exists(FILE_TABLE):
        return {}
    rows: dict[tuple[str, str], dict[str, int]] = {}
    for r in wh.rows(
        f"SELECT dataset, partner_code, table_name, sum(rows_accepted) AS n FROM {FILE_TABLE} "
        "WHERE status = 'accepted' GROUP BY ALL"
    ):
        rows.setdefault((r["dataset"], r["partner_code"]), {})[r["table_name"]] = int(r["n"] or 0)
    return {
        (r["dataset"], r["partner_code"]): PreviousLoad(
            str(r["extract_date"]),
            str(r["loaded_at"])[:16],
            rows.get((r["dataset"], r["partner_code"]), {}),
        )
        for r in wh.rows(f"SELECT dataset, partner_code, extract_date, loaded_at FROM {BATCH_TABLE}")
    }


def file_problem(
    outcome: TableOutcome, policy: LoadPolicy, previous: PreviousLoad | None
) -> tuple[str, str] | None:
    """(rule, message) when a file that passed its checks must still be rejected, else None."""
    before = previous.rows.get(outcome.table, 0) if previous else 0
    if outcome.rows_read == 0 and before:
        return "file.no_rows", f"holds no data rows; the previous load had {before:,}"
    share = outcome.rows_quarantined / outcome.rows_read if outcome.rows_read else 0.0
    if share > policy.max_quarantine_share:
        return (
            "file.too_many_quarantined",
            f"would quarantine {outcome.rows_quarantined:,} of {outcome.rows_read:,} rows ({share:.0%}; "
            f"the limit is {policy.max_quarantine_share:.0%})",
        )
    return None


def tables_not_sent(previous: PreviousLoad | None, sent: set[str]) -> list[tuple[str, int]]:
    """Tables the previous load had rows of that the new batch does not send."""
    if previous is None:
        return []
    return sorted((t, n) for t, n in previous.rows.items() if n and t not in sent)
