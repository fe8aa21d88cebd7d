"""Shared pieces of the event queries: the columns every rule produces and the joins they share.

Each rule is a SELECT producing :data:`RAW_COLUMNS`; the queries are unioned into
``derive__event_raw`` and then dated, aged and filtered once (see ``adversity_event.py``), so the
age limit (under 18, or unborn flagged separately) is applied the same way to every rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from atr.derive.inputs import Inputs
from atr.derive.rules import RULES_BY_ID

RAW_COLUMNS: tuple[str, ...] = (
    "entity_id",
    "rule_id",
    "category",
    "evidence_tier",
    "toxic_trio_domain",
    "source_dataset",
    "source_table",
    "partner_code",
    "source_record_id",
    "source_code",
    "event_date",
    "event_end_date",
    "assessment_id",
    "household_link_id",
    "household_link_type",
    "household_link_confidence",
    "adult_entity_id",
    "needs_known_age",
)
CODE_RULE_TABLE = "derive__code_rule"


@dataclass(frozen=True)
class EventContext:
    """What every event query needs to know."""

    inputs: Inputs
    household_threshold: float
    open_end: str
    """SQL DATE literal used as the end of spells that are still open (end of the last period)."""

    def t(self, name: str) -> str:
        return self.inputs[name]


def member_join(ctx: EventContext, content_alias: str, member_alias: str = "m") -> str:
    """Join a content table to the person (entity) its row is about."""
    return (
        f"JOIN {ctx.t('entity_membership')} {member_alias} ON {member_alias}.dataset = {content_alias}.dataset "
        f"AND {member_alias}.partner_code = {content_alias}.partner_code "
        f"AND {member_alias}.person_id = {content_alias}.person_id"
    )


def rule_literals(rule_id: str) -> str:
    """``rule_id, category, evidence_tier, toxic_trio_domain`` as SQL literals for a fixed rule."""
    rule = RULES_BY_ID[rule_id]
    domain = f"'{rule.trio_domain}'" if rule.trio_domain else "CAST(NULL AS VARCHAR)"
    return f"'{rule.rule_id}' AS rule_id, '{rule.category}' AS category, '{rule.tier}' AS evidence_tier, {domain} AS toxic_trio_domain"


def _literal(value: str | None) -> str:
    return f"'{value}'" if value is not None else "CAST(NULL AS VARCHAR)"


def rule_choice(condition: str, then_id: str, else_id: str) -> str:
    """The four rule columns of :func:`rule_literals`, choosing between two rules by a SQL condition.

    Columns on which the two rules agree are plain literals, so the SQL stays as simple as a
    single rule's while the category and tier still come from the mapping-rules file.
    """
    then_rule, else_rule = RULES_BY_ID[then_id], RULES_BY_ID[else_id]
    columns = []
    for name, attribute in (
        ("rule_id", "rule_id"),
        ("category", "category"),
        ("evidence_tier", "tier"),
        ("toxic_trio_domain", "trio_domain"),
    ):
        a, b = getattr(then_rule, attribute), getattr(else_rule, attribute)
        value = _literal(a) if a == b else f"CASE WHEN {condition} THEN {_literal(a)} ELSE {_literal(b)} END"
        columns.append(f"{value} AS {name}")
    return ", ".join(columns)


def code_rule_join(field: str, code_expr: str, alias: str = "r") -> str:
    """Look a code up in the rule table (codes compared upper-case and trimmed)."""
    return f"JOIN {CODE_RULE_TABLE} {alias} ON {alias}.field = '{field}' AND {alias}.code = upper(trim({code_expr}))"


def sql_list(values: tuple[str, ...]) -> str:
    """A SQL ``IN`` list of string literals (the values are constants in this package)."""
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


NO_LINK = (
    "CAST(NULL AS VARCHAR) AS household_link_id, CAST(NULL AS VARCHAR) AS household_link_type, "
    "CAST(NULL AS DOUBLE) AS household_link_confidence, CAST(NULL AS VARCHAR) AS adult_entity_id"
)
NO_ASSESSMENT = "CAST(NULL AS VARCHAR) AS assessment_id"
