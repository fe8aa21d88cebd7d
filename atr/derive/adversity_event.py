"""``adversity_event``: every adverse experience with its evidence, one row per event.

The rules are loaded as ``derive_rule`` (the reasons, in words) and ``derive__code_rule`` (the
code look-ups); each rule's query is unioned into ``derive__event_raw``; then every event is
dated to its financial year, given the child's age, and kept only if the child was under 18 on
the day (or unborn, which is flagged). Events from the child's own children's-services and
police child-role records are kept when the age is unknown; every other rule needs a known age.
"""

from __future__ import annotations

import pyarrow as pa

from atr.derive.events_child import child_record_queries
from atr.derive.events_household import household_queries
from atr.derive.events_sql import CODE_RULE_TABLE, RAW_COLUMNS, EventContext
from atr.derive.periods_sql import birth_date_sql, fy_label_sql
from atr.derive.rules import CODE_RULES, all_rules
from atr.periods import age_sql
from atr.warehouse import Warehouse

RAW_TABLE = "derive__event_raw"
RULE_TABLE = "derive_rule"

EVENT_COLUMNS: tuple[str, ...] = (
    "entity_id",
    "category",
    "rule_id",
    "evidence_tier",
    "toxic_trio_domain",
    "source_dataset",
    "source_table",
    "source_record_id",
    "partner_code",
    "source_code",
    "event_date",
    "event_end_date",
    "financial_year",
    "age_at_event",
    "unborn",
    "assessment_id",
    "household_link_id",
    "household_link_type",
    "household_link_confidence",
    "adult_entity_id",
    "reason",
)


def write_rule_tables(warehouse: Warehouse) -> None:
    """``derive_rule`` (public description of each rule) and the code look-up table."""
    rules = all_rules()
    warehouse.write_arrow(
        RULE_TABLE,
        pa.table(
            {
                "rule_id": [r.rule_id for r in rules],
                "category": [r.category for r in rules],
                "evidence_tier": [r.tier for r in rules],
                "whose": [r.whose for r in rules],
                "toxic_trio_domain": pa.array([r.trio_domain for r in rules], pa.string()),
                "description": [r.description for r in rules],
            }
        ),
    )
    warehouse.write_arrow(
        CODE_RULE_TABLE,
        pa.table(
            {
                "field": [c.field for c in CODE_RULES],
                "code": [c.code.upper() for c in CODE_RULES],
                "rule_id": [c.rule.rule_id for c in CODE_RULES],
                "category": [c.rule.category for c in CODE_RULES],
                "evidence_tier": [c.rule.tier for c in CODE_RULES],
                "toxic_trio_domain": pa.array([c.rule.trio_domain for c in CODE_RULES], pa.string()),
            }
        ),
    )


def build_adversity_events(warehouse: Warehouse, ctx: EventContext) -> int:
    """Create ``adversity_event``; return its row count."""
    columns = ", ".join(RAW_COLUMNS)
    queries = [*child_record_queries(ctx), *household_queries(ctx)]
    union = "\nUNION ALL\n".join(f"SELECT {columns} FROM ({q}) q{i}" for i, q in enumerate(queries))
    warehouse.execute(f"CREATE OR REPLACE TABLE {RAW_TABLE} AS {union}")
    birth = birth_date_sql("c")
    age = age_sql("c", "e.event_date")
    warehouse.execute(
        f"""
        CREATE OR REPLACE TABLE adversity_event AS
        SELECT e.entity_id, e.category, e.rule_id, e.evidence_tier, e.toxic_trio_domain,
               e.source_dataset, e.source_table, e.source_record_id, e.partner_code, e.source_code,
               CAST(e.event_date AS DATE) AS event_date, CAST(e.event_end_date AS DATE) AS event_end_date,
               {fy_label_sql("CAST(e.event_date AS DATE)")} AS financial_year,
               CASE WHEN c.birth_year IS NULL OR e.event_date < {birth} THEN NULL ELSE {age} END AS age_at_event,
               coalesce(e.event_date < {birth}, FALSE) AS unborn,
               e.assessment_id, e.household_link_id, e.household_link_type,
               CAST(e.household_link_confidence AS DOUBLE) AS household_link_confidence,
               e.adult_entity_id, r.description AS reason
        FROM {RAW_TABLE} e
        JOIN {ctx.t("entity")} c ON c.entity_id = e.entity_id
        JOIN {RULE_TABLE} r ON r.rule_id = e.rule_id
        WHERE e.event_date IS NOT NULL
          AND (CASE WHEN c.birth_year IS NULL THEN NOT e.needs_known_age ELSE {age} < 18 END)
        ORDER BY e.entity_id, event_date, e.rule_id
        """
    )
    warehouse.execute(f"DROP TABLE {RAW_TABLE}")
    return warehouse.count("adversity_event")
