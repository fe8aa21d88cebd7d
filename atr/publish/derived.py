"""Figures built on counts are published from the *published* counts, never the true ones.

A summary table from another stage mixes counts of people (``recorded``, ``observed``) with
figures computed from them (``hidden_estimate = modelled_estimate − recorded``, a share, a
model's estimate). Suppressing and rounding the count alone is not enough: the true count comes
straight back from any exact figure built on it (``modelled_estimate − hidden_estimate``,
``recorded_share × modelled_estimate``). So every numeric column of a published summary table
has a declared *role*, and the publish stage refuses a numeric column without one:

* **count**: a count of people in the records; suppressed (1 to the threshold) and rounded;
  every whole-number column not named as something else is one;
* **derived**: computed from a count; recomputed here from the published count (so it reveals
  nothing the count does not), or blank when that count is suppressed;
* **model**: not computed from counts of people in the records (populations, published rates,
  modelled prevalence): published as it is;
* **label**: a whole number that describes rather than counts (models tried, a year).

Separately, :attr:`Roles.people` names the model and derived figures that are *numbers of
people* (a modelled estimate of children and its limits, the hidden estimate): the tables a
reader sees show them whole (``fmt.count``), since 90,210.5 children is not a number of
children. That is presentation only: the CSV downloads keep the figure as published, so the
relations the disclosure audit and the differencing attack reason over are unchanged.

The roles of each table are written down in :data:`ROLES`; a new numeric column upstream stops
the build until someone decides what it is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from atr.errors import StageError
from atr.publish.privacy import DisclosureRule, count_columns, protect_summary_rows

Row = Mapping[str, Any]
Formula = Callable[[Row, Row, DisclosureRule], Any]
"""``(published row so far, true row, rule)`` to the published figure."""


@dataclass(frozen=True)
class Derived:
    """A figure computed from the count ``base``: blank when ``base`` is suppressed."""

    base: str
    formula: Formula


@dataclass(frozen=True)
class Roles:
    """What each numeric column of a summary table is (see the module docstring)."""

    counts: frozenset[str] = frozenset()
    derived: Mapping[str, Derived] = field(default_factory=dict)
    model: frozenset[str] = frozenset()
    labels: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()
    """Model or derived figures that are numbers of people: shown as whole numbers."""


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _difference(published: Row, true: Row, rule: DisclosureRule) -> float | None:
    recorded, modelled = _number(published.get("recorded")), _number(published.get("modelled_estimate"))
    return None if recorded is None or modelled is None else modelled - recorded


def _share(published: Row, true: Row, rule: DisclosureRule) -> float | None:
    recorded, modelled = _number(published.get("recorded")), _number(published.get("modelled_estimate"))
    if recorded is None or modelled is None or not modelled > 0:
        return None
    return recorded / modelled


def _above(published: Row, true: Row, rule: DisclosureRule) -> bool | None:
    recorded, upper = _number(published.get("recorded")), _number(published.get("modelled_upper"))
    return None if recorded is None or upper is None else recorded > upper


def rounded_like_a_count(column: str) -> Formula:
    """A model's estimate of a number of people, rounded to the same base as counts."""

    def formula(published: Row, true: Row, rule: DisclosureRule) -> float | None:
        value = _number(true.get(column))
        if value is None or math.isnan(value):
            return None
        return float(rule.round_to * math.floor(value / rule.round_to + 0.5))

    return formula


def rounded_to(column: str, decimals: int) -> Formula:
    """A model statistic published to ``decimals`` places (enough to read, too few to invert)."""

    def formula(published: Row, true: Row, rule: DisclosureRule) -> float | None:
        value = _number(true.get(column))
        return None if value is None or math.isnan(value) else round(value, decimals)

    return formula


COVERAGE_COLUMNS = ("homelessness", "offending", "substance_misuse", "mental_health")

ROLES: dict[str, Roles] = {
    "hidden_need": Roles(
        counts=frozenset({"recorded"}),
        derived={
            "hidden_estimate": Derived("recorded", _difference),
            "recorded_share": Derived("recorded", _share),
            "recorded_above_modelled": Derived("recorded", _above),
        },
        model=frozenset({"children_0_17", "modelled_estimate", "modelled_lower", "modelled_upper"}),
        people=frozenset(
            {"children_0_17", "modelled_estimate", "modelled_lower", "modelled_upper", "hidden_estimate"}
        ),
    ),
    "modelled_toxic_trio": Roles(
        model=frozenset(
            {
                *("children_0_17", "estimate", "lower", "upper"),
                *("rate", "rate_lower", "rate_upper", "district_published_rate"),
            }
        ),
        people=frozenset({"children_0_17", "children", "estimate", "lower", "upper"}),
    ),
    "capture_recapture": Roles(
        counts=frozenset({"observed", "recorded_two_or_more"}),
        derived={
            "estimate": Derived("observed", rounded_like_a_count("estimate")),
            "lower": Derived("observed", rounded_like_a_count("lower")),
            "upper": Derived("observed", rounded_like_a_count("upper")),
            "criterion_value": Derived("observed", rounded_to("criterion_value", 1)),
            **{
                f"coverage_{name}": Derived("observed", rounded_to(f"coverage_{name}", 2))
                for name in COVERAGE_COLUMNS
            },
        },
        labels=frozenset({"candidate_models"}),
        people=frozenset({"estimate", "lower", "upper"}),
    ),
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _refuse(table: str, row: int, column: str, why: str) -> StageError:
    return StageError(
        "publish",
        f"{table}, row {row}, field '{column}': {why}; refusing to publish",
        fix=f"declare the column's disclosure role in atr/publish/derived.py (ROLES['{table}'])",
    )


def protect_summary(
    table: str, rows: list[dict[str, Any]], integer_columns: Iterable[str], rule: DisclosureRule
) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows of summary ``table`` as they may be published, and its count columns.

    Counts are suppressed and rounded, derived figures recomputed from the published counts
    (blank when their count is), and any other number must be a declared model figure or label.
    """
    roles = ROLES.get(table, Roles())
    integers = set(integer_columns)
    counts = (set(count_columns(integers)) | roles.counts) - roles.model - roles.labels - set(roles.derived)
    protected = protect_summary_rows(rows, (), rule)  # drops identifying columns
    for number, (true, clean) in enumerate(zip(rows, protected, strict=True), start=1):
        for column in counts & clean.keys():
            value = clean[column]
            if _is_number(value) and math.isnan(value):
                clean[column] = None
            elif _is_number(value) and float(value).is_integer():
                clean[column] = rule.protect(int(value))
            elif _is_number(value):
                raise _refuse(table, number, column, f"count {value} is not a whole number")
        for column, derived in roles.derived.items():
            if column in clean:
                base = clean.get(derived.base)
                clean[column] = None if base is None else derived.formula(clean, true, rule)
        for column, value in clean.items():
            known = column in counts or column in roles.derived or column in roles.model
            if _is_number(value) and not known and column not in roles.labels and column in integers:
                continue  # whole-number columns describing groups (years, deciles): see NOT_A_COUNT
            if _is_number(value) and not known and column not in roles.labels:
                raise _refuse(table, number, column, f"the number {value} has no disclosure role")
    return protected, sorted(counts)
