"""The adverse experiences derive reports, and which of them the observable ACE count covers.

Kept apart from the rules (``rules.py``) because every table that reports per category reads
this list, while only the event queries need the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TrioDomain = Literal["domestic_abuse", "mental_health", "substance_misuse"]


@dataclass(frozen=True)
class Category:
    """An adverse experience reported per child and year."""

    name: str
    label: str
    observable_ace: bool
    """One of the eight categories of the observable ACE count (never a survey ACE score)."""


CATEGORIES: tuple[Category, ...] = (
    Category("physical_abuse", "Physical abuse", True),
    Category("emotional_abuse", "Emotional abuse", True),
    Category("sexual_abuse", "Sexual abuse", True),
    Category("neglect", "Neglect (physical and emotional cannot be separated)", True),
    Category("domestic_abuse", "Domestic abuse in the household", True),
    Category("household_substance_misuse", "Household substance misuse", True),
    Category("household_mental_ill_health", "Household mental ill health", True),
    Category("household_custody", "Household member in custody", True),
    Category("abuse_type_unspecified", "Abuse, type unspecified (CP category MUL)", False),
    Category("peer_abuse", "Abuse by another child (CIN factors 18B, 19B)", False),
    Category("extra_familial_harm", "Extra-familial harm", False),
    Category("separation", "Separation from parents, including entry to care", False),
    Category("poverty", "Poverty (free school meals, low income)", False),
    Category("homelessness", "Homelessness of the child's household", False),
    Category("parental_illness_disability", "Parental illness or disability, young carer", False),
)
CATEGORY_NAMES: tuple[str, ...] = tuple(c.name for c in CATEGORIES)
OBSERVABLE_ACE_CATEGORIES: tuple[str, ...] = tuple(c.name for c in CATEGORIES if c.observable_ace)
HOUSEHOLD_CATEGORIES: tuple[str, ...] = (
    "domestic_abuse",
    "household_substance_misuse",
    "household_mental_ill_health",
    "household_custody",
)
SPECIFIC_ABUSE_CATEGORIES: tuple[str, ...] = ("physical_abuse", "emotional_abuse", "sexual_abuse", "neglect")
TRIO_DOMAINS: tuple[TrioDomain, ...] = ("domestic_abuse", "mental_health", "substance_misuse")

# What cannot be observed in these sources (§5), shown wherever the observable count is shown.
NOT_OBSERVABLE: tuple[str, ...] = (
    "emotional neglect as distinct from neglect",
    "parental separation or divorce",
    "parental death",
    "most protective factors (trusted adults, community connection, positive activities)",
)
