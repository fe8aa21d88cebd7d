"""The kinds of service the programmes plan around: the directory's own taxonomy, one code each.

Django-free on purpose: the synthetic directory (``atr.synthetic``), the need-against-provision
step and the platform's migration all read this one list, so a kind of service is named in one
place. Identifiers are UUIDs derived from the code (``uuid5``), so every copy of the taxonomy —
this platform's API, a page folder, a test — gives the same term the same id. Ages are the usual
eligibility of such services (``None`` = no limit); the synthetic directory draws from them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

TAXONOMY_NAMESPACE = uuid.UUID("6f1c1a4e-4d0e-5b7a-9a55-0a7a2e0b1d17")
TAXONOMY_ID = str(uuid.uuid5(TAXONOMY_NAMESPACE, "atr-service-kinds"))
TAXONOMY_NAME = "ATR service kinds"
TAXONOMY_DESCRIPTION = (
    "The kinds of support the West Yorkshire adversity, trauma and resilience programmes plan "
    "around, one code per kind (ATR Observatory)."
)
TAXONOMY_VERSION = "1"


@dataclass(frozen=True)
class ServiceKind:
    """One term of the taxonomy: a stable code, a name for people and typical ages served."""

    code: str
    name: str
    description: str
    minimum_age: int | None = None
    maximum_age: int | None = None

    @property
    def id(self) -> str:
        """The term's UUID (the same everywhere, derived from the code)."""
        return str(uuid.uuid5(TAXONOMY_NAMESPACE, f"term:{self.code}"))


SERVICE_KINDS: tuple[ServiceKind, ...] = (
    ServiceKind(
        "domestic-abuse",
        "Domestic abuse support",
        "Advocacy, refuge and recovery support for people harmed by domestic abuse.",
        16,
    ),
    ServiceKind(
        "substance-misuse",
        "Substance misuse treatment",
        "Treatment and recovery support for drug and alcohol use.",
        18,
    ),
    ServiceKind(
        "adult-mental-health",
        "Adult mental health",
        "Talking therapies, crisis and community mental health support for adults.",
        18,
    ),
    ServiceKind(
        "children-mental-health",
        "Children's mental health",
        "Emotional wellbeing and mental health support for children and young people.",
        0,
        17,
    ),
    ServiceKind(
        "parenting-family",
        "Parenting and family support",
        "Parenting programmes and whole-family support.",
        16,
    ),
    ServiceKind(
        "early-help", "Early help and family hubs", "Early help, family hubs and children's centres.", 0, 19
    ),
    ServiceKind("youth-work", "Youth work", "Youth clubs, detached youth work and mentoring.", 11, 25),
    ServiceKind(
        "housing-homelessness",
        "Housing and homelessness support",
        "Housing advice, homelessness prevention and supported housing.",
        16,
    ),
    ServiceKind(
        "trauma-therapy",
        "Trauma-focused therapy",
        "Trauma-focused psychological therapy (for example EMDR, TF-CBT).",
        5,
    ),
    ServiceKind(
        "peer-support",
        "Peer and lived-experience support",
        "Support from people with lived experience: peer groups, navigators, mentors.",
        16,
    ),
    ServiceKind(
        "bereavement", "Bereavement support", "Support after a death, including bereavement by suicide.", 4
    ),
    ServiceKind(
        "sexual-violence",
        "Sexual violence support",
        "Independent sexual violence advisers and counselling after sexual violence.",
        13,
    ),
    ServiceKind(
        "debt-welfare", "Debt, money and welfare advice", "Help with debt, benefits and money worries.", 16
    ),
    ServiceKind(
        "carers-support",
        "Young and adult carers support",
        "Support for people who care for a family member.",
        8,
    ),
)
"""Every kind, in the order they are shown."""

KIND_BY_CODE: dict[str, ServiceKind] = {kind.code: kind for kind in SERVICE_KINDS}

__all__ = [
    "KIND_BY_CODE",
    "SERVICE_KINDS",
    "TAXONOMY_DESCRIPTION",
    "TAXONOMY_ID",
    "TAXONOMY_NAME",
    "TAXONOMY_VERSION",
    "ServiceKind",
]
