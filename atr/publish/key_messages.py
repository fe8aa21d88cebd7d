"""Key messages: the few findings a board should read first, chosen by stated rules.

The overview used to be every indicator in catalogue order, most saying "no significant change";
nothing said what changed or where things are worst. Here each rule of ``key_messages.yaml`` names
a *kind* of finding (worse than the comparator, a worsening trend, the widest inequality, progress
to a target …); the code finds every instance in the published figures, the rule's template words
it, and the rules' order and limits choose which few are shown. Each message carries the figure it
rests on and the page that shows that figure, so a reader (and a test) can check it.

Comparators follow the dashboard's: a district against West Yorkshire, West Yorkshire against
England where England's definition matches (``comparison`` of England's row is not
``not comparable``). Network indicators (counts with no comparator) only reach targets.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from atr.errors import InputFileError
from atr.publish import formatting as fmt
from atr.publish.assessment import compare, read_trend, sii, target_progress
from atr.publish.dataset import PublishedData
from atr.publish.model import Area, Assessment, IndicatorMeta

Kind = Literal[
    "worse_than_comparator",
    "better_than_comparator",
    "districts_worse",
    "trend_worse",
    "trend_better",
    "widest_inequality",
    "target",
]
RULES_FILE = "key_messages.yaml"


COMPARED = {"period", "value", "interval", "comparator", "comparator_value"}
TRENDED = {"period", "value", "trend"}
FIELDS: dict[str, set[str]] = {
    "worse_than_comparator": COMPARED,
    "better_than_comparator": COMPARED,
    "districts_worse": {"period", "value", "places"},
    "trend_worse": TRENDED,
    "trend_better": TRENDED,
    "widest_inequality": {"period", "value", "interval"},
    "target": {"period", "value", "text"},
}
"""What each kind of finding can fill in, besides ``{title}`` and ``{place}``."""


class Rule(BaseModel, extra="forbid"):
    kind: Kind
    max: int = Field(1, ge=1)
    template: str

    @model_validator(mode="after")
    def _placeholders_exist(self) -> Rule:
        named = {name for _, name, _, _ in string.Formatter().parse(self.template) if name}
        unknown = named - FIELDS[self.kind] - {"title", "place"}
        if unknown:
            raise ValueError(
                f"{self.kind}: the template names {sorted(unknown)}, which this kind does not give"
            )
        return self


class Rules(BaseModel, extra="forbid"):
    version: int
    max_messages: int = Field(6, ge=1)
    rules: list[Rule]


@dataclass(frozen=True)
class KeyMessage:
    text: str
    indicator_id: str
    evidence: str
    """The figure the message rests on, exactly as the linked page prints it."""
    href: str
    """The page (relative to the site root) that shows ``evidence``."""


def load_rules(text: str | None = None, *, where: str = RULES_FILE) -> Rules:
    if text is None:
        text = resources.files("atr.publish").joinpath(RULES_FILE).read_text("utf-8")
    try:
        return Rules.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputFileError(where, first["msg"], field=".".join(str(p) for p in first["loc"])) from exc


Found = Iterator[tuple[IndicatorMeta, dict[str, str]]]


def _population_indicators(data: PublishedData) -> list[IndicatorMeta]:
    return [m for m in data.indicators if not m.is_network]


def _comparator(data: PublishedData, meta: IndicatorMeta, area: Area, period: str) -> tuple[str, Any]:
    if area.code == data.region.code:
        return "England", data.england(meta.indicator_id, period)
    return data.region.name, data.at(meta.indicator_id, period, data.region.code)


def _compared(data: PublishedData, area: Area, wanted: Assessment) -> Found:
    for meta in _population_indicators(data):
        period = data.latest_period(meta.indicator_id)
        v = data.at(meta.indicator_id, period, area.code) if period else None
        if period is None or v is None or not v.has_value:
            continue
        name, bench = _comparator(data, meta, area, period)
        if bench is None:
            continue
        c = compare(v, bench, meta, name)
        if c.assessment is wanted:
            yield (
                meta,
                {
                    "period": period,
                    "value": fmt.value_text(v, meta),
                    "interval": fmt.interval(v, meta),
                    "comparator": name,
                    "comparator_value": fmt.number(c.benchmark_value, meta),
                },
            )


def _districts_worse(data: PublishedData, area: Area) -> Found:
    if area.code != data.region.code:
        return
    for meta in _population_indicators(data):
        period = data.latest_period(meta.indicator_id)
        region = data.at(meta.indicator_id, period, area.code) if period else None
        if period is None or region is None or not region.has_value:
            continue
        worse = [
            d.name
            for d in data.districts
            if compare(data.at(meta.indicator_id, period, d.code), region, meta, area.name).assessment
            is Assessment.WORSE
        ]
        if worse:
            places = " and ".join([", ".join(worse[:-1]), worse[-1]] if len(worse) > 1 else worse)
            yield meta, {"period": period, "value": fmt.value_text(region, meta), "places": places}


def _trends(data: PublishedData, area: Area, wanted: Assessment) -> Found:
    for meta in _population_indicators(data):
        period = data.latest_period(meta.indicator_id)
        v = data.at(meta.indicator_id, period, area.code) if period else None
        if period is None or v is None or not v.has_value:
            continue
        reading = read_trend(v, meta)
        if reading.assessment is wanted and reading.label.lower().startswith(("increasing", "decreasing")):
            yield meta, {"period": period, "value": fmt.value_text(v, meta), "trend": reading.label.lower()}


def _widest_inequality(data: PublishedData, area: Area) -> Found:
    found = []
    for meta in _population_indicators(data):
        period = data.latest_period(meta.indicator_id)
        index = sii(data, meta.indicator_id, period, area.code) if period else None
        if period is None or index is None or not index.has_interval or index.value is None:
            continue
        assert index.lower_95 is not None and index.upper_95 is not None
        if index.lower_95 > 0 or index.upper_95 < 0:  # a significant gradient
            latest = data.at(meta.indicator_id, period, area.code)
            scale = abs(latest.value) if latest is not None and latest.value else 1.0
            found.append((abs(index.value) / scale, meta, period, index))
    for _, meta, period, index in sorted(found, key=lambda f: -f[0]):
        yield (
            meta,
            {"period": period, "value": fmt.number(index.value, meta), "interval": fmt.interval(index, meta)},
        )


def _targets(data: PublishedData, area: Area) -> Found:
    if area.code != data.region.code:
        return
    for meta in data.indicators:
        progress = target_progress(data, meta)
        if progress is not None and progress.achieved is not None:
            yield (
                meta,
                {
                    "text": progress.text,
                    "period": data.latest_period(meta.indicator_id) or "",
                    "value": fmt.number(progress.achieved, meta),
                },
            )


FINDERS: dict[str, Callable[[PublishedData, Area], Found]] = {
    "worse_than_comparator": lambda d, a: _compared(d, a, Assessment.WORSE),
    "better_than_comparator": lambda d, a: _compared(d, a, Assessment.BETTER),
    "districts_worse": _districts_worse,
    "trend_worse": lambda d, a: _trends(d, a, Assessment.WORSE),
    "trend_better": lambda d, a: _trends(d, a, Assessment.BETTER),
    "widest_inequality": _widest_inequality,
    "target": _targets,
}


def key_messages(
    data: PublishedData, area: Area, href: Callable[[IndicatorMeta], str], rules: Rules | None = None
) -> list[KeyMessage]:
    """The key messages for ``area`` (the region or a district), most important first."""
    rules = rules or load_rules()
    messages: list[KeyMessage] = []
    used: set[str] = set()
    for rule in rules.rules:
        taken = 0
        for meta, fields in FINDERS[rule.kind](data, area):
            if taken >= rule.max or len(messages) >= rules.max_messages:
                break
            if meta.indicator_id in used:  # one message per indicator: the most important rule wins
                continue
            text = rule.template.format(title=meta.title, place=area.name, **fields)
            messages.append(KeyMessage(text, meta.indicator_id, fields["value"], href(meta)))
            used.add(meta.indicator_id)
            taken += 1
    return messages


__all__ = ["KeyMessage", "Rules", "key_messages", "load_rules"]
