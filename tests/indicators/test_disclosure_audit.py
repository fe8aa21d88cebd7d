"""The interval audit: cells an attacker pins through several relations at once are protected.

Secondary suppression alone (every relation with a hidden cell has two, holding at least 8)
leaves this case open: West Yorkshire and three districts are published exactly (rounding off),
so the two hidden districts hold 28 together; one has 20 hidden wards and the other 8, each
ward at least 1 (0 is always shown), so the districts are pinned at 20 and 8 and every ward at 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from atr.indicators import disclosure
from atr.indicators.disclosure import EXEMPT_METHODS, apply_disclosure_control, build_relations
from atr.indicators.disclosure_audit import pinned
from atr.indicators.settings import DisclosureSettings

from .test_disclosure import make_table

EXACT = DisclosureSettings(round_to=1)


def nested_case() -> tuple[pd.DataFrame, dict[str, str]]:
    leaves: dict[tuple[str, str, str], tuple[int, int]] = {}
    for district, wards, per_ward in (
        ("D1", 20, 1),
        ("D2", 1, 15),
        ("D3", 1, 15),
        ("D4", 1, 15),
        ("D5", 8, 1),
    ):
        for w in range(wards):
            leaves[(district, f"{district}w{w}", "F")] = (per_ward, per_ward + 40)
            leaves[(district, f"{district}w{w}", "M")] = (0, 40)
            leaves[(district, f"{district}w{w}", "unknown")] = (0, 0)
    return make_table(leaves)


def pins(table: pd.DataFrame, parents: dict[str, str], published: pd.DataFrame) -> int:
    relations = build_relations(table[~table["method"].isin(EXEMPT_METHODS)], parents)
    hidden = published["suppressed"].to_numpy()
    return int(pinned(table["count"].to_numpy(float), hidden, relations, EXACT).sum())


def test_secondary_suppression_alone_leaves_cells_pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    table, parents = nested_case()
    monkeypatch.setattr(disclosure, "close_interval_leaks", lambda c, d, mc, md, *rest: (mc, md))
    published = apply_disclosure_control(table, parents, EXACT)
    assert pins(table, parents, published) > 0


def test_the_audit_leaves_no_suppressed_cell_pinned() -> None:
    table, parents = nested_case()
    published = apply_disclosure_control(table, parents, EXACT)
    assert published["suppressed"].any()
    assert pins(table, parents, published) == 0
    shown = published[~published["suppressed"]]
    assert np.array_equal(shown["count"], table.loc[shown.index, "count"])  # rounding off: exact
