"""Every indicator's caveats fit that indicator: no caveat describes another age group (#19).

The caveats are printed under each indicator on the site and in the report, so a caveat copied
from another indicator (first-time entrants aged 10-17 once carried "children aged 0-17") tells
a reader the wrong population. An age band may appear in a caveat only if it is the indicator's
own ``age_band`` or is declared in its definition (the adults' fallback denominator, residents
aged 16+, is stated there).
"""

from __future__ import annotations

import re

import pytest

from atr.indicators import load_catalogue
from atr.indicators.catalogue import Indicator

AGED = re.compile(r"\baged\s+(\d+)\s*(?:(?:-|–|to)\s*(\d+)|(\+|and over))", re.IGNORECASE)


def bands(text: str) -> set[str]:
    """Age bands named as ``aged N-M`` / ``aged N+``, normalised to the catalogue's spelling."""
    return {f"{m[0]}-{m[1]}" if m[1] else f"{m[0]}+" for m in AGED.findall(text)}


def test_bands_reads_the_spellings_used_in_text() -> None:
    text = "children aged 0–17, young people aged 10 to 17, adults aged 18+ and residents aged 65 and over"
    assert bands(text) == {"0-17", "10-17", "18+", "65+"}
    assert bands("four or more ACEs (4+) in 2024") == set()


@pytest.mark.parametrize("indicator", load_catalogue(), ids=lambda i: i.id)
def test_no_caveat_names_an_age_band_other_than_the_indicators_own(indicator: Indicator) -> None:
    own = {indicator.age_band.replace(" ", "")} | bands(indicator.definition)
    for caveat in indicator.caveats:
        foreign = bands(caveat) - own
        assert not foreign, f"{indicator.id}: caveat names ages {sorted(foreign)}: {caveat}"


def test_first_time_entrants_caveat_names_ten_to_seventeen() -> None:
    (fte,) = load_catalogue(only=["youth_justice_first_time_entrants"])
    named = set().union(*(bands(c) for c in fte.caveats))
    assert named == {"10-17"}
