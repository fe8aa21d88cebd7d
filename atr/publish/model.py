"""What the publish stage knows about an indicator and its published values.

The indicators stage writes ``indicator_meta`` and ``indicator_value`` (see ``docs/tables.md``);
this module turns their rows into small typed records and reads their free-text vocabularies
(polarity, comparison, trend) into a few fixed categories, so the pages, charts and sentences
all agree on what "better" or "increasing" means. The reading is deliberately forgiving about
spelling ("Low is good", ``low_is_good``, "RAG - Low is good") because the vocabulary belongs to
the indicators stage, not to this one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

REGION_TYPE = "region"
DISTRICT_TYPE = "district"
COUNTRY_TYPE = "country"
TOTAL_BREAKDOWN = "all"
TOTAL_MARKERS = frozenset({"", "all", "total", "none", "persons", "overall"})
DEPRIVATION_BREAKDOWNS = ("imd_decile", "imd_quintile")
INEQUALITY_BREAKDOWN = "inequality"
"""Rows of SII/RII: ``breakdown = 'inequality'``, ``breakdown_value = 'sii_imd_decile'`` etc."""
NETWORK_SOURCE = "network"
SII_VALUES = ("sii_imd_decile", "sii_imd_quintile", "imd_decile", "imd_quintile")


class Polarity(StrEnum):
    LOW_IS_GOOD = "low_is_good"
    HIGH_IS_GOOD = "high_is_good"
    NO_JUDGEMENT = "no_judgement"

    @classmethod
    def read(cls, text: str | None) -> Polarity:
        """Read the catalogue's polarity, whatever its spelling; unknown means no judgement."""
        s = (text or "").lower()
        if "low" in s:
            return cls.LOW_IS_GOOD
        if "high" in s:
            return cls.HIGH_IS_GOOD
        return cls.NO_JUDGEMENT


class Direction(StrEnum):
    """Where an area sits against its benchmark, statistically."""

    HIGHER = "higher"
    LOWER = "lower"
    SIMILAR = "similar"
    NOT_COMPARED = "not_compared"


class Assessment(StrEnum):
    """The same, judged by polarity (what the colour of a marker means)."""

    BETTER = "better"
    WORSE = "worse"
    SIMILAR = "similar"
    HIGHER = "higher"  # no-judgement indicators
    LOWER = "lower"
    NOT_COMPARED = "not_compared"


class Trend(StrEnum):
    INCREASING = "increasing"
    DECREASING = "decreasing"
    NO_CHANGE = "no_change"
    NOT_CALCULATED = "not_calculated"

    @classmethod
    def read(cls, text: str | None) -> Trend:
        """Read the trend test's label (Fingertips wording or snake case)."""
        s = (text or "").lower()
        if "increas" in s:
            return cls.INCREASING
        if "decreas" in s:
            return cls.DECREASING
        if "no significant" in s or "no_change" in s or "no change" in s or s == "similar":
            return cls.NO_CHANGE
        return cls.NOT_CALCULATED


def read_comparison(text: str | None, polarity: Polarity) -> Direction | None:
    """The direction a published ``comparison`` label states, or None when it states none.

    Labels may speak of direction ("higher") or of judgement ("worse"); judgements are turned
    back into directions through the indicator's polarity.
    """
    s = (text or "").strip().lower()
    if not s:
        return None
    if "not compared" in s or "not_compared" in s or "cannot" in s or "not applicable" in s:
        return Direction.NOT_COMPARED
    if "similar" in s or "not significant" in s or "no significant" in s:
        return Direction.SIMILAR
    if "higher" in s:
        return Direction.HIGHER
    if "lower" in s:
        return Direction.LOWER
    if "better" in s or "best" in s:
        return Direction.LOWER if polarity is Polarity.LOW_IS_GOOD else Direction.HIGHER
    if "worse" in s or "worst" in s:
        return Direction.HIGHER if polarity is Polarity.LOW_IS_GOOD else Direction.LOWER
    return None


def judge(direction: Direction, polarity: Polarity) -> Assessment:
    """Turn a direction into better/worse using the indicator's polarity."""
    if direction is Direction.NOT_COMPARED:
        return Assessment.NOT_COMPARED
    if direction is Direction.SIMILAR:
        return Assessment.SIMILAR
    if polarity is Polarity.NO_JUDGEMENT:
        return Assessment.HIGHER if direction is Direction.HIGHER else Assessment.LOWER
    high_is_bad = polarity is Polarity.LOW_IS_GOOD
    return Assessment.WORSE if (direction is Direction.HIGHER) == high_is_bad else Assessment.BETTER


def period_sort_key(period: str) -> tuple[int, str]:
    """Financial years (``2023/24``) sort by start year; anything else sorts after, by text."""
    match = re.match(r"^(\d{4})", period)
    return (int(match.group(1)) if match else 9999, period)


def normal_breakdown(value: str | None) -> str:
    """One spelling for "no breakdown" (the whole population of the area)."""
    text = (value or "").strip().lower()
    return TOTAL_BREAKDOWN if text in TOTAL_MARKERS else text


@dataclass(frozen=True)
class Target:
    """A programme target: e.g. outcomes improved for 6,000 young people by 2030."""

    value: float
    by: str | None
    label: str | None
    measure: str  # "count" or "value": which published figure counts towards it


@dataclass(frozen=True)
class IndicatorMeta:
    indicator_id: str
    title: str
    definition: str
    polarity: Polarity
    outcome: str
    unit: str
    multiplier: float | None
    caveats: str
    method: str
    age_band: str
    sources: str
    target: Target | None
    decimals: int | None

    @property
    def caveat_list(self) -> list[str]:
        """The catalogue's caveats, one per item (the indicators stage joins them with " | ")."""
        return [c.strip() for c in self.caveats.split(" | ") if c.strip()]

    @property
    def is_network(self) -> bool:
        """A KPI of the network platform (``sources`` names ``network``): shown in the network
        section, not among the population indicators (:mod:`atr.publish.figures_network`)."""
        return NETWORK_SOURCE in {s.strip().lower() for s in self.sources.replace(",", ";").split(";")}

    @property
    def slug(self) -> str:
        """A file name for the indicator's page (ids are already short and safe, but be sure)."""
        return re.sub(r"[^a-z0-9_-]+", "-", self.indicator_id.lower()).strip("-") or "indicator"


@dataclass(frozen=True)
class Value:
    """One published figure: an indicator for one period, area and breakdown group."""

    indicator_id: str
    period: str
    area_code: str
    area_type: str
    breakdown: str
    breakdown_value: str
    count: float | None
    denominator: float | None
    value: float | None
    lower_95: float | None
    upper_95: float | None
    lower_998: float | None
    upper_998: float | None
    comparison: str | None
    trend: str | None
    suppressed: bool
    note: str | None

    @property
    def has_value(self) -> bool:
        return not self.suppressed and self.value is not None

    @property
    def has_interval(self) -> bool:
        return self.has_value and self.lower_95 is not None and self.upper_95 is not None


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    area_type: str
    district_code: str | None

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or self.code.lower()
