"""The adverse experiences derive reports, and which of them the observable ACE count covers.

The list is data (``categories`` in ``atr/ingest/contract/mapping_rules_v1.yaml``, read by
:mod:`atr.mapping_rules`); kept apart from the rules (``rules.py``) because every table that
reports per category reads this list, while only the event queries need the rules.
"""

from __future__ import annotations

from atr.mapping_rules import TRIO_DOMAINS, Category, TrioDomain, load_mapping_rules

_MAPPING = load_mapping_rules()

CATEGORIES: tuple[Category, ...] = _MAPPING.categories
CATEGORY_NAMES: tuple[str, ...] = tuple(c.name for c in CATEGORIES)
OBSERVABLE_ACE_CATEGORIES: tuple[str, ...] = tuple(c.name for c in CATEGORIES if c.observable_ace)
HOUSEHOLD_CATEGORIES: tuple[str, ...] = tuple(c.name for c in CATEGORIES if c.household)
SPECIFIC_ABUSE_CATEGORIES: tuple[str, ...] = tuple(c.name for c in CATEGORIES if c.specific_abuse)

# What cannot be observed in these sources (§5), shown wherever the observable count is shown.
NOT_OBSERVABLE: tuple[str, ...] = _MAPPING.not_observable

__all__ = [
    "CATEGORIES",
    "CATEGORY_NAMES",
    "HOUSEHOLD_CATEGORIES",
    "NOT_OBSERVABLE",
    "OBSERVABLE_ACE_CATEGORIES",
    "SPECIFIC_ABUSE_CATEGORIES",
    "TRIO_DOMAINS",
    "Category",
    "TrioDomain",
]
