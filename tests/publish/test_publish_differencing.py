"""The differencing attack (differencing.py) against small cases built to leak, and the built site.

Each constructed case is published twice: the way the code published it before disclosure
control covered derived figures (the attack must recover the hidden counts, exactly, so the
test can fail) and the way it is published now (the attack must recover nothing).
"""

from __future__ import annotations

import csv
import dataclasses
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from differencing import Rule, Table, add_area_sums, attack, read_csv
from differencing_site import read_html_tables
from pypdf import PdfReader

from atr.errors import StageError
from atr.indicators.disclosure import apply_disclosure_control
from atr.indicators.settings import DisclosureSettings
from atr.publish import quality
from atr.publish.dataset import PublishedData, load_published
from atr.publish.derived import protect_summary
from atr.publish.privacy import DisclosureRule, check_derived_value, count_columns, protect_summary_rows
from atr.publish.report import render_report_html, write_report
from atr.publish.sources import WarehouseSource
from atr.warehouse import open_warehouse

RULE = DisclosureRule(suppress_below=8, round_to=5)
REGION, DISTRICTS = "R0", ("D1", "D2", "D3")


def hidden_need_rows() -> list[dict[str, Any]]:
    """``hidden_need`` as derive writes it: true counts, derived columns from them."""
    rows = []
    recorded = {"D1": [3, 41, 7], "D2": [12, 1, 5], "D3": [0, 9, 2]}
    modelled = {"D1": 1692.617, "D2": 933.25, "D3": 410.5}
    for m, measure in enumerate(("any", "two_or_more", "all_three")):
        for code in (REGION, *DISTRICTS):
            r = sum(recorded[d][m] for d in DISTRICTS) if code == REGION else recorded[code][m]
            est = sum(modelled.values()) / (m + 1) if code == REGION else modelled[code] / (m + 1)
            rows.append(
                {
                    "area_code": code,
                    "area_type": "region" if code == REGION else "district",
                    "financial_year": "2023/24",
                    "measure": measure,
                    "evidence": "all_tiers",
                    "recorded": r,
                    "children_0_17": 140_818.5,
                    "modelled_estimate": est,
                    "modelled_lower": est * 0.8 - 0.37,
                    "modelled_upper": est * 1.2 + 0.61,
                    "hidden_estimate": est - r,
                    "recorded_share": r / est,
                    "recorded_above_modelled": r > est * 1.2 + 0.61,
                }
            )
    return rows


def as_published_csv(rows: list[dict[str, Any]], path: Path) -> Table:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in rows)
    table = read_csv(path, Rule(), name="quality/hidden_need")
    add_area_sums(
        table, dict.fromkeys(DISTRICTS, REGION), ("financial_year", "measure", "evidence"), ("recorded",)
    )
    return table


def test_hidden_need_published_the_old_way_gives_back_every_hidden_count(tmp_path: Path) -> None:
    rows = hidden_need_rows()
    old = protect_summary_rows([dict(r) for r in rows], ["recorded"], RULE)  # counts only, as before
    found = attack(as_published_csv(old, tmp_path / "hidden_need.csv"))
    hidden = [(i, r["recorded"]) for i, r in enumerate(rows) if 1 <= r["recorded"] <= 7]
    suppressed = {(f.row, f.value) for f in found if f.kind == "suppressed" and f.column == "recorded"}
    assert suppressed == set(hidden)  # every suppressed count comes back, exactly
    rounded = {(f.row, f.value) for f in found if f.kind == "rounded"}
    assert rounded and all(rows[i]["recorded"] == v for i, v in rounded)  # and rounded ones' true values


def test_hidden_need_published_now_gives_back_nothing(tmp_path: Path) -> None:
    rows = hidden_need_rows()
    published, counts = protect_summary("hidden_need", [dict(r) for r in rows], ["recorded"], RULE)
    assert counts == ["recorded"]
    assert attack(as_published_csv(published, tmp_path / "hidden_need.csv")) == []
    small = [p for r, p in zip(rows, published, strict=True) if 1 <= r["recorded"] <= 7]
    assert small and all(p["hidden_estimate"] is None and p["recorded_share"] is None for p in small)
    shown = next(p for p in published if p["recorded"])
    assert shown["hidden_estimate"] == pytest.approx(shown["modelled_estimate"] - shown["recorded"])


def test_a_number_without_a_disclosure_role_stops_the_build() -> None:
    rows = [{**hidden_need_rows()[0], "recorded_per_modelled": 0.5}]
    with pytest.raises(
        StageError, match=r"hidden_need, row 1, field 'recorded_per_modelled'.*no disclosure role"
    ):
        protect_summary("hidden_need", rows, ["recorded"], RULE)


def mean_table(seed: int) -> pd.DataFrame:
    """A mean indicator for a region and districts (total of categories over children)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i, code in enumerate(("R0", *(f"D{k}" for k in range(1, 9)))):
        n = int(rng.integers(40, 400))
        values = rng.integers(1, 6, size=n)
        total, squares = float(values.sum()), float((values**2).sum())
        mean, sd = total / n, math.sqrt((squares - total * total / n) / (n - 1))
        half = 1.96 * sd / math.sqrt(n)
        rows.append(
            {
                "indicator_id": "observable_aces_mean",
                "period": "2023/24",
                "area_code": code,
                "area_type": "region" if i == 0 else "district",
                "breakdown": "all",
                "breakdown_value": "all",
                "count": total,
                "denominator": float(n),
                "value": mean,
                "lower_95": mean - half,
                "upper_95": mean + half,
                "lower_998": mean - 1.6 * half,
                "upper_998": mean + 1.6 * half,
                "method": "mean",
                "multiplier": 1.0,
                "note": None,
            }
        )
    return pd.DataFrame(rows)


def mean_recoveries(published: pd.DataFrame, path: Path) -> int:
    published.to_csv(path, index=False)
    table = read_csv(path, Rule(), name="mean")
    table.ratios.append(("value", "count", "denominator"))
    return sum(1 for f in attack(table) if f.kind == "rounded")


def test_an_exact_mean_gives_back_its_unrounded_counts_and_a_recomputed_one_does_not(tmp_path: Path) -> None:
    table = mean_table(3)
    exact_means = apply_disclosure_control(table, {}, DisclosureSettings(values_from_rounded=False))
    assert mean_recoveries(exact_means, tmp_path / "old.csv") >= len(table)  # numerator and denominator
    published = apply_disclosure_control(table, {}, DisclosureSettings())
    assert mean_recoveries(published, tmp_path / "new.csv") == 0
    assert np.allclose(published["value"], published["count"] / published["denominator"])
    assert (published["upper_95"] > published["value"]).all()


def test_a_value_not_computed_from_the_published_counts_is_refused(published_data: PublishedData) -> None:
    shown = next(
        v
        for v in published_data.values
        if v.has_value and v.count and v.denominator and v.area_type == "district"
    )
    meta = published_data.indicator(shown.indicator_id)
    multiplier = meta.multiplier or 1.0
    check_derived_value("indicator_value", 9, shown, meta.method, multiplier)  # as published: fine
    exact = dataclasses.replace(shown, value=(shown.count + 2) / (shown.denominator - 1) * multiplier)
    with pytest.raises(StageError, match=r"row 9, field 'value'.*not the published count"):
        check_derived_value("indicator_value", 9, exact, meta.method, multiplier)


def report_warehouse(published_warehouse: Path, tmp_path: Path) -> tuple[Path, list[int]]:
    """The publish fixture's warehouse with ``hidden_need`` replaced by small constructed counts."""
    copy = tmp_path / "atr.duckdb"
    copy.write_bytes(published_warehouse.read_bytes())
    with open_warehouse(copy) as wh:
        region = wh.rows("SELECT area_code FROM ref_area WHERE area_type = 'region'")[0]["area_code"]
        leeds = wh.rows("SELECT area_code FROM ref_area WHERE area_name = 'Leeds'")[0]["area_code"]
        others = [
            r["area_code"]
            for r in wh.rows(
                "SELECT area_code FROM ref_area WHERE area_type = 'district' "
                f"AND area_code <> '{leeds}' ORDER BY 1 LIMIT 2"
            )
        ]
        codes = dict(zip((REGION, *DISTRICTS), (region, leeds, *others), strict=True))
        rows = [
            {**r, "area_code": codes[r["area_code"]], "financial_year": "2024/25"} for r in hidden_need_rows()
        ]
        for r in rows:  # small modelled numbers, so that a share shown as a whole percentage is precise
            scale = 31.73 / r["modelled_estimate"]
            for column in ("modelled_estimate", "modelled_lower", "modelled_upper"):
                r[column] = r[column] * scale if r["area_type"] == "district" else r[column]
            r["hidden_estimate"] = r["modelled_estimate"] - r["recorded"]
            r["recorded_share"] = r["recorded"] / r["modelled_estimate"]
        wh.write_arrow("hidden_need", pa.Table.from_pylist(rows))
    return copy, [r["recorded"] for r in rows if r["area_code"] == leeds and 1 <= r["recorded"] <= 7]


def report_recoveries(warehouse: Path, tmp_path: Path, rule: Rule) -> list[Any]:
    with open_warehouse(warehouse, read_only=True) as wh:
        data = load_published(WarehouseSource(wh, warehouse))
    html, _ = render_report_html(data, "Leeds")
    page = tmp_path / "leeds.html"
    page.write_text(html, encoding="utf-8")
    return [f for table in read_html_tables(page, rule) for f in attack(table) if f.kind == "suppressed"]


def test_the_report_shows_nothing_that_gives_back_a_hidden_count(
    published_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The needs assessment (HTML, and the PDF made from it) under the attack, old way and new."""
    warehouse, hidden = report_warehouse(published_warehouse, tmp_path)
    assert hidden  # Leeds has suppressed recorded counts in the latest year
    assert report_recoveries(warehouse, tmp_path, Rule()) == []
    pdf = tmp_path / "leeds.pdf"
    with open_warehouse(warehouse, read_only=True) as wh:
        write_report(load_published(WarehouseSource(wh, warehouse)), "Leeds", pdf)
    html = (tmp_path / "leeds.html").read_text(encoding="utf-8")
    text = " ".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    assert "[c]" in text
    shown = set(re.findall(r"\d[\d,.]*%?", html))
    assert set(re.findall(r"\d[\d,.]*%", text)) <= shown  # the PDF shows no share the HTML does not

    def old_way(name: str, rows: list[dict[str, Any]], integers: Any, rule: DisclosureRule) -> Any:
        return protect_summary_rows(rows, integers, rule), sorted(count_columns(integers))

    monkeypatch.setattr(quality, "protect_summary", old_way)
    # the old way also printed modelled estimates to one decimal place (now whole: derived.Roles.people)
    monkeypatch.setattr(quality, "ROLES", {})
    old = report_recoveries(warehouse, tmp_path, Rule())
    assert sorted(f.value for f in old) == sorted(hidden)  # each hidden count, from its share
