"""The mapping from partner codes to adverse experiences, as derive uses it.

The rules themselves are data: ``atr/ingest/contract/mapping_rules_v1.yaml``, read and validated
by :mod:`atr.mapping_rules` (the synthetic generator reads the same file). This module gives
derive the views it needs under stable names. The same rules drive the SQL, the documentation
and the tests, and are loaded into the warehouse as ``derive_rule`` so every derived event can
be traced to the rule that made it (``adversity_event.rule_id``).

Tiers: A statutory finding or decision; B an assessed concern by a professional; C a service-use
proxy about a linked adult (needs a household link); D a weak or non-specific proxy.
"""

from __future__ import annotations

from atr.mapping_rules import (
    CP_FIELD,
    FACTOR_FIELD,
    NEED_FIELD,
    SUPPORT_FIELD,
    CodeRule,
    Rule,
    Tier,
    Whose,
    load_mapping_rules,
)

_MAPPING = load_mapping_rules()

CODE_RULES: tuple[CodeRule, ...] = _MAPPING.code_rules
STRUCTURAL_RULES: tuple[Rule, ...] = _MAPPING.structural_rules
RULES_BY_ID: dict[str, Rule] = {rule.rule_id: rule for rule in _MAPPING.all_rules()}
NOT_ADVERSITY_CODES: dict[str, str] = dict(_MAPPING.not_adversity_codes)
"""Codes the reference maps to something other than an adverse experience, and why."""


def all_rules() -> tuple[Rule, ...]:
    """Every distinct rule, code look-ups first, in a stable order."""
    return _MAPPING.all_rules()


__all__ = [
    "CODE_RULES",
    "CP_FIELD",
    "FACTOR_FIELD",
    "NEED_FIELD",
    "NOT_ADVERSITY_CODES",
    "RULES_BY_ID",
    "STRUCTURAL_RULES",
    "SUPPORT_FIELD",
    "CodeRule",
    "Rule",
    "Tier",
    "Whose",
    "all_rules",
]
