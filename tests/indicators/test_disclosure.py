"""Disclosure control: the rule, and an attacker who tries to recover suppressed cells.

The attacker knows every published figure and every additive relation (a total is the sum of
its breakdown; the region is the sum of its districts; a district the sum of its wards) and
repeatedly solves any relation with a single unknown, feeding what it learns back in. With
rounding switched off (the strongest attacker: published figures are exact), it must recover
no suppressed count, and no sum of suppressed counts it can compute may be a small number.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from atr.indicators.disclosure import (
    PRIMARY_NOTE,
    SECONDARY_NOTE,
    apply_disclosure_control,
    round_to_base,
    rule_description,
)
from atr.indicators.settings import DisclosureSettings

SEXES = ("F", "M", "unknown")
REGION = "R0"


def make_table(leaves: dict[tuple[str, str, str], tuple[int, int]]) -> tuple[pd.DataFrame, dict[str, str]]:
    """A consistent indicator table from (district, ward, sex) → (count, denominator) leaves."""
    rows: list[dict[str, Any]] = []
    parents: dict[str, str] = {}

    def add(area: str, area_type: str, breakdown: str, value: str, keys: list[tuple[str, str, str]]) -> None:
        count = sum(leaves[k][0] for k in keys)
        denominator = sum(leaves[k][1] for k in keys)
        rows.append(
            dict(
                indicator_id="ind",
                period="2023/24",
                area_code=area,
                area_type=area_type,
                breakdown=breakdown,
                breakdown_value=value,
                count=count,
                denominator=denominator,
                value=100 * count / denominator if denominator else math.nan,
                lower_95=0.0,
                upper_95=100.0,
                lower_998=0.0,
                upper_998=100.0,
                method="proportion",
                multiplier=100.0,
                note=None,
            )
        )

    districts = sorted({d for d, _, _ in leaves})
    add(REGION, "region", "all", "all", list(leaves))
    for sex in SEXES:
        add(REGION, "region", "sex", sex, [k for k in leaves if k[2] == sex])
    for d in districts:
        parents[d] = REGION
        add(d, "district", "all", "all", [k for k in leaves if k[0] == d])
        for sex in SEXES:
            add(d, "district", "sex", sex, [k for k in leaves if k[0] == d and k[2] == sex])
        for w in sorted({w for dd, w, _ in leaves if dd == d}):
            parents[w] = d
            add(w, "ward", "all", "all", [k for k in leaves if k[0] == d and k[1] == w])
    return pd.DataFrame(rows), parents


def attacker_relations(table: pd.DataFrame, parents: dict[str, str]) -> list[tuple[int, list[int]]]:
    """The attacker's own list of what adds up to what (independent of the module's)."""
    key = {(r.area_code, r.breakdown, r.breakdown_value): i for i, r in enumerate(table.itertuples())}
    relations = []
    for area in table["area_code"].unique():
        if (area, "sex", "F") in key:
            relations.append((key[(area, "all", "all")], [key[(area, "sex", s)] for s in SEXES]))
    for parent in set(parents.values()):
        for kind in ("district", "ward"):
            kids = [
                a
                for a, p in parents.items()
                if p == parent and table.loc[key[(a, "all", "all")], "area_type"] == kind
            ]
            if not kids:
                continue
            values = [("all", "all")] + ([("sex", s) for s in SEXES] if kind == "district" else [])
            for breakdown, value in values:
                relations.append(
                    (key[(parent, breakdown, value)], [key[(k, breakdown, value)] for k in kids])
                )
    return relations


def attack(
    published: pd.DataFrame, relations: list[tuple[int, list[int]]]
) -> tuple[dict[int, float], list[float]]:
    """Solve every relation with one unknown, repeatedly; also collect sums of hidden parts."""
    known = {i: float(c) for i, c in enumerate(published["count"]) if not math.isnan(c)}
    recovered: dict[int, float] = {}
    progress = True
    while progress:
        progress = False
        for total, parts in relations:
            unknown = [i for i in [total, *parts] if i not in known]
            if len(unknown) != 1:
                continue
            cell = unknown[0]
            if cell == total:
                known[cell] = sum(known[p] for p in parts)
            else:
                known[cell] = known[total] - sum(known[p] for p in parts if p != cell)
            recovered[cell] = known[cell]
            progress = True
    hidden_sums = [
        known[t] - sum(known[p] for p in parts if p in known)
        for t, parts in relations
        if t in known and any(p not in known for p in parts)
    ]
    return recovered, hidden_sums


leaf_counts = st.lists(st.tuples(st.integers(0, 12), st.integers(0, 40)), min_size=12, max_size=12)


def _leaves(values: list[tuple[int, int]]) -> dict[tuple[str, str, str], tuple[int, int]]:
    keys = [(d, f"{d}w{w}", s) for d in ("D1", "D2") for w in (1, 2) for s in SEXES]
    return {k: (c, c + extra) for k, (c, extra) in zip(keys, values, strict=True)}


EXACT = DisclosureSettings(round_to=1)  # strongest attacker: nothing is rounded


@settings(max_examples=300, deadline=None)
@given(leaf_counts)
def test_differencing_recovers_no_suppressed_cell(values: list[tuple[int, int]]) -> None:
    table, parents = make_table(_leaves(values))
    published = apply_disclosure_control(table, parents, EXACT)
    recovered, hidden_sums = attack(published, attacker_relations(table, parents))
    assert recovered == {}, published.assign(true=table["count"])
    assert all(s == 0 or s >= EXACT.suppress_below for s in hidden_sums)


def test_the_attack_works_without_secondary_suppression() -> None:
    """The same attacker does recover cells when only primary suppression is applied."""
    leaves = _leaves([(1, 10), (2, 5), (1, 9)] + [(10, 10)] * 9)  # ward D1w1 holds 4 people
    table, parents = make_table(leaves)
    published = apply_disclosure_control(
        table, parents, DisclosureSettings(round_to=1, secondary_suppression=False)
    )
    recovered, _ = attack(published, attacker_relations(table, parents))
    truth = table["count"].to_numpy()
    assert recovered and all(truth[i] == v for i, v in recovered.items())
    assert any(1 <= truth[i] <= 7 for i in recovered)
    safe = apply_disclosure_control(table, parents, EXACT)
    assert attack(safe, attacker_relations(table, parents))[0] == {}


def test_rule_primary_rounding_and_derived_values() -> None:
    leaves = _leaves([(3, 100), (0, 50), (12, 88)] + [(40, 60)] * 9)
    table, parents = make_table(leaves)
    out = apply_disclosure_control(table, parents)
    by_key = out.set_index(["area_code", "breakdown", "breakdown_value"])
    hidden = by_key.loc[("D1w1", "all", "all")]  # count 3+0+12 = 15: published, rounded
    assert hidden["count"] == 15 and not hidden["suppressed"]
    f_d1 = by_key.loc[("D1", "sex", "F")]  # 3 + 40 = 43 → 45
    assert f_d1["count"] == 45
    # values are recomputed from the rounded figures (45 / rounded denominator)
    assert f_d1["value"] == 100 * 45 / f_d1["denominator"]
    assert f_d1["lower_95"] < f_d1["value"] < f_d1["upper_95"] and f_d1["upper_95"] < f_d1["upper_998"]
    zero = table.assign(count=0)
    out_zero = apply_disclosure_control(zero, parents)
    assert (out_zero["count"] == 0).all() and not out_zero["suppressed"].any()  # 0 is shown as 0


def test_suppressed_rows_lose_value_and_get_a_reason() -> None:
    leaves = _leaves([(2, 30)] + [(0, 30)] * 11)
    table, parents = make_table(leaves)
    out = apply_disclosure_control(table, parents)
    primary = out[out["note"] == PRIMARY_NOTE.format(n=8)]
    assert len(primary) > 0 and primary["count"].isna().all() and primary["value"].isna().all()
    assert primary["suppressed"].all()
    assert (out.loc[out["suppressed"], ["value", "lower_95", "upper_998"]].isna()).all().all()
    assert set(out.loc[out["suppressed"], "note"]) <= {PRIMARY_NOTE.format(n=8), SECONDARY_NOTE}


def test_inequality_rows_follow_their_quantiles() -> None:
    leaves = _leaves([(2, 30), (10, 30), (10, 30), (2, 30)] + [(10, 30)] * 8)  # D1 has 4 girls
    table, parents = make_table(leaves)
    quantiles = table[(table["area_code"] == "D1") & (table["breakdown"] == "sex")].assign(
        breakdown="imd_decile"
    )
    sii = table.iloc[[0]].assign(
        area_code="D1",
        breakdown="inequality",
        breakdown_value="sii_imd_decile",
        count=np.nan,
        denominator=np.nan,
        method="sii",
    )
    out = apply_disclosure_control(pd.concat([table, quantiles, sii], ignore_index=True), parents)
    assert out.iloc[-1]["suppressed"] and math.isnan(out.iloc[-1]["value"])
    d2 = table[(table["area_code"] == "D2") & (table["breakdown"] == "sex")].assign(breakdown="imd_decile")
    other = apply_disclosure_control(
        pd.concat([table, d2, sii.assign(area_code="D2")], ignore_index=True), parents
    )
    assert not other.iloc[-1]["suppressed"]


def test_rounding_and_description() -> None:
    assert list(round_to_base(np.array([0, 8, 12, 13, 22, 23, 1000]), 5)) == [0, 10, 10, 15, 20, 25, 1000]
    text = rule_description(DisclosureSettings())
    assert "1 to 7" in text and "nearest 5" in text and "NHS England" in text


def test_modelled_rows_are_rounded_not_suppressed_and_trends_need_published_years() -> None:
    leaves = _leaves([(1, 30), (2, 30), (1, 30)] + [(10, 30)] * 9)  # ward D1w1 holds 4
    table, parents = make_table(leaves)
    modelled = table.assign(indicator_id="model", method="modelled", count=table["count"] + 0.4)
    years = []
    for period in ("2019/20", "2020/21", "2021/22", "2022/23", "2023/24"):
        years.append(table.assign(period=period, trend="Increasing"))
    out = apply_disclosure_control(pd.concat([modelled, *years], ignore_index=True), parents)
    model_rows = out[out["indicator_id"] == "model"]
    assert not model_rows["suppressed"].any() and (model_rows["count"] % 5 == 0).all()
    latest = out[(out["indicator_id"] == "ind") & (out["period"] == "2023/24")]
    hidden_series = set(out.loc[out["suppressed"] & (out["indicator_id"] == "ind"), "area_code"])
    assert hidden_series  # the small ward and what protects it
    for row in latest.itertuples():
        if row.area_code in hidden_series and row.breakdown == "all":
            assert row.trend is None
    assert (latest.loc[~latest["area_code"].isin(hidden_series), "trend"] == "Increasing").any()
