"""Plain words for the column names and codes that derive's summary tables use.

The data-quality page and the needs assessment show derive's tables (modelled prevalence, hidden
need, capture-recapture) to people who have never seen the warehouse: ``any_broad``,
``tier_ab`` or ``coverage_adjusted`` mean nothing to a board member. The CSV downloads keep the
codes (they are what an analyst joins on); every page shows these words instead. A code with no
entry is shown with its underscores turned to spaces, so a new code is readable, if not elegant.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

COLUMN_NAMES: dict[str, str] = {
    "area_code": "Area",
    "measure": "Measure",
    "evidence": "Evidence",
    "recorded": "Recorded",
    "modelled_estimate": "Modelled estimate",
    "modelled_lower": "Modelled, lower 95% limit",
    "modelled_upper": "Modelled, upper 95% limit",
    "recorded_share": "Share recorded",
    "estimate": "Estimate",
    "lower": "Lower 95% limit",
    "upper": "Upper 95% limit",
    "rate": "Rate (%)",
    "rate_lower": "Rate, lower 95% limit",
    "rate_upper": "Rate, upper 95% limit",
    "population": "Who is counted",
    "estimator": "Method",
    "observed": "People recorded",
}

VALUE_NAMES: dict[str, str] = {
    # toxic-trio measures (Children's Commissioner definitions)
    "any_narrow": "Any of the toxic trio (narrow definition)",
    "any_broad": "Any of the toxic trio (broad definition)",
    "two_or_more_narrow": "Two or more of the toxic trio (narrow)",
    "two_or_more_broad": "Two or more of the toxic trio (broad)",
    "all_three_narrow": "All three of the toxic trio (narrow)",
    "all_three_broad": "All three of the toxic trio (broad)",
    "any": "Any of the toxic trio",
    "two_or_more": "Two or more of the toxic trio",
    "all_three": "All three of the toxic trio",
    # evidence
    "all_tiers": "Any recorded evidence",
    "tier_ab": "Direct evidence only (tiers A and B)",
    # capture-recapture
    "multiple_disadvantage": "Adults with two or more domains",
    "at_least_one_domain": "Adults with at least one domain",
    "coverage_adjusted": "Coverage-adjusted (headline)",
    "loglinear": "Log-linear (for comparison)",
}


DATASET_NAMES: dict[str, str] = {
    "csc": "Children's social care",
    "lac": "Children looked after",
    "school": "Schools",
    "police": "Police",
    "mental_health": "Mental health services",
    "substance": "Substance misuse treatment",
    "probation": "Probation",
    "housing": "Housing and homelessness",
    "youth_justice": "Youth justice",
    "gp_registration": "GP registrations",
    "network": "Network platform",
    "programme": "Programme participation",
}
"""The contract's dataset codes as a reader would name the service."""


def dataset_name(code: str) -> str:
    return DATASET_NAMES.get(code) or code.replace("_", " ").capitalize()


def column_name(column: str) -> str:
    """The heading a page shows for a summary-table column."""
    return COLUMN_NAMES.get(column) or column.replace("_", " ").capitalize()


def value_name(value: str) -> str:
    """The words a page shows for a code in a summary table (codes are lower_snake_case)."""
    if value in VALUE_NAMES:
        return VALUE_NAMES[value]
    if value.islower() and "_" in value:
        return value.replace("_", " ").capitalize()
    return value


def name_indicators(text: str, titles: Mapping[str, str]) -> str:
    """``text`` with each indicator id it mentions replaced by the indicator's title in quotes.

    The catalogue's definitions and caveats refer to one another by id ("As
    domestic_abuse_children_present_rate, directly standardised …"), which is right for the
    catalogue and wrong on a page or in a printed report."""
    if not titles or "_" not in text:
        return text
    ids = sorted(titles, key=len, reverse=True)  # the longest first: no id is cut by a shorter one
    pattern = re.compile(r"\b(" + "|".join(re.escape(i) for i in ids) + r")\b")
    return pattern.sub(lambda m: f"“{titles[m.group(1)]}”", text)


__all__ = ["column_name", "dataset_name", "name_indicators", "value_name"]
