"""The last line of defence: nothing identifiable or undisclosed leaves through a published file.

The indicators stage applies disclosure control; this stage trusts it but checks, because a
mistake here is a breach, not a bug. Three checks, each refusing to publish with a message that
names the table, row and field:

* no table this stage reads may carry a column that identifies a person (``person_id``,
  ``entity_id``, names, dates of birth, postcodes, hashed identifiers …);
* a row marked ``suppressed`` must carry no count, value or interval;
* an unsuppressed sub-national count must not be a small number (1 up to the threshold);
  whole numbers only, since a modelled estimate such as 3.4 children counts nobody;
* a proportion, rate or mean must be its published count over its published denominator
  (:func:`check_derived_value`), since an exact ratio of true counts gives them back.

Quality summaries from other stages (``modelled_toxic_trio``, ``hidden_need`` …) are read
generically, so their identifier-like columns are dropped rather than refused, and their whole
numbers are treated as counts and protected with the same rule as the indicators; every other
number needs a declared role (:mod:`atr.publish.derived`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from atr.errors import StageError
from atr.publish.model import Value

IDENTIFIER_COLUMN = re.compile(
    r"^(person_id|entity_id|.*_entity_id|related_person_id|contact_person_id|adult_entity_id"
    r"|nhs_number.*|upn(_.*)?|.*_hash|la_child_id.*|pnc_id.*|uprn.*|source_record_id"
    r"|forename.*|surname.*|middle_names|former_surname|full_name|date_of_birth|birth_(year|month)"
    r"|postcode.*|address.*|town|email.*|phone.*)$"
)
"""Column names that would identify a person (or a record about one) if published."""

NOT_A_COUNT = re.compile(r"(year|decile|quintile|rank|order|version|age|month|period)")
"""Whole-number columns that describe a group rather than count people (left as they are)."""


@dataclass(frozen=True)
class DisclosureRule:
    """The small-number rule the indicators stage applied (recorded in ``atr_meta``)."""

    suppress_below: int = 8
    round_to: int = 5
    recorded: bool = False

    @property
    def description(self) -> str:
        return (
            f"Counts from 1 to {self.suppress_below - 1} are suppressed, and other counts are "
            f"rounded to the nearest {self.round_to}."
        )

    def protect(self, count: int) -> int | None:
        """A count as it may be published: None when suppressed, else rounded."""
        if count == 0:
            return 0
        if 0 < abs(count) < self.suppress_below:
            return None
        return int(self.round_to * round(count / self.round_to))


def identifier_columns(columns: Iterable[str]) -> list[str]:
    return [c for c in columns if IDENTIFIER_COLUMN.match(c.lower())]


def refuse_identifier_columns(table: str, columns: Sequence[str]) -> None:
    """Stop the build if a table meant for publication carries an identifying column."""
    found = identifier_columns(columns)
    if found:
        raise StageError(
            "publish",
            f"table '{table}' has identifying column(s) {', '.join(found)}; refusing to publish",
            fix="publish reads only aggregate tables; remove these columns upstream",
        )


MODELLED_METHOD = "modelled"
"""Model outputs are not counts of people: indicators round them like counts but never suppress
them (``atr.indicators.disclosure.EXEMPT_METHODS``), so a small whole estimate is not a leak."""


def check_published_row(
    table: str, row_number: int, value: Value, rule: DisclosureRule, method: str = ""
) -> None:
    """Refuse a row that breaks disclosure control (see the module docstring). ``method`` is the
    indicator's: a modelled estimate, rounded to a whole multiple of the base, is not a count."""
    if value.suppressed:
        for field in ("count", "value", "lower_95", "upper_95", "lower_998", "upper_998"):
            if getattr(value, field) is not None:
                raise StageError(
                    "publish",
                    f"{table}, row {row_number}, field '{field}': the row is marked suppressed "
                    "but carries a figure; refusing to publish",
                    fix="the indicators stage must blank suppressed figures",
                )
        return
    count = value.count
    observed = method != MODELLED_METHOD and count is not None and float(count).is_integer()
    if observed and count is not None and value.area_type != "country" and 0 < count < rule.suppress_below:
        raise StageError(
            "publish",
            f"{table}, row {row_number}, field 'count': {count:g} is below the disclosure "
            f"threshold ({rule.suppress_below}) but is not suppressed; refusing to publish",
            fix="the indicators stage must suppress small counts",
        )


RECOMPUTED_METHODS = ("proportion", "rate", "mean")
"""Methods whose published value is the published count over the published denominator."""


def check_derived_value(table: str, row_number: int, value: Value, method: str, multiplier: float) -> None:
    """Refuse a value that is not computed from the row's published count and denominator.

    An exact ratio of the true counts gives them back (few pairs within the rounding ranges
    share one exact ratio), so a proportion, rate or mean must be the published count over the
    published denominator (times the multiplier). National rows are others' published figures.
    """
    if method not in RECOMPUTED_METHODS or value.suppressed or value.area_type == "country":
        return
    if value.value is None or value.count is None or not value.denominator:
        return
    expected = value.count / value.denominator * multiplier
    if not math.isclose(value.value, expected, rel_tol=1e-9, abs_tol=1e-12):
        raise StageError(
            "publish",
            f"{table}, row {row_number}, field 'value': {value.value!r} is not the published count "
            f"over the published denominator ({expected!r}); an exact value of unrounded counts gives "
            "them back; refusing to publish",
            fix="the indicators stage must compute values from the rounded counts (values_from_rounded)",
        )


def count_columns(integer_columns: Iterable[str]) -> list[str]:
    """The whole-number columns that count people (and so are protected)."""
    return [c for c in integer_columns if not NOT_A_COUNT.search(c.lower())]


def protect_summary_rows(
    rows: list[dict[str, Any]], integer_columns: Iterable[str], rule: DisclosureRule
) -> list[dict[str, Any]]:
    """Drop identifying columns and apply the small-number rule to whole-number columns."""
    counts = set(count_columns(integer_columns))
    protected = []
    for row in rows:
        clean: dict[str, Any] = {}
        for key, value in row.items():
            if IDENTIFIER_COLUMN.match(key.lower()):
                continue
            if key in counts and isinstance(value, int) and not isinstance(value, bool):
                clean[key] = rule.protect(value)
            else:
                clean[key] = value
        protected.append(clean)
    return protected
