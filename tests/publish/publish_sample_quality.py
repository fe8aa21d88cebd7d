"""The aggregate quality tables the publish stage's data-quality page reads (invented numbers).

Split from ``publish_sample_tables`` (which calls it) so each test helper stays short.
"""

from __future__ import annotations

import pyarrow as pa

from atr.warehouse import Warehouse


def quality_tables(wh: Warehouse, periods: tuple[str, ...], region: str) -> None:
    ingest = [
        {
            "batch_id": f"b{i}",
            "dataset": ds,
            "partner_code": pc,
            "table_name": t,
            "file": f"{t}.csv",
            "status": "accepted",
            "reason": None,
            "rows_read": n,
            "rows_accepted": n - q,
            "rows_quarantined": q,
            "warnings": 0,
        }
        for i, (ds, pc, t, n, q) in enumerate(
            [
                ("csc", "383", "person", 41_200, 37),
                ("csc", "383", "episode", 60_100, 3),
                ("police", "13", "person", 88_000, 412),
                ("school", "380", "person", 120_500, 0),
            ]
        )
    ]
    wh.write_arrow("ingest_file", pa.Table.from_pylist(ingest))
    wh.write_arrow(
        "link_quality",
        pa.Table.from_pylist(
            [
                {"metric": "records", "value": 309_800.0, "note": "identity rows linked"},
                {"metric": "entities", "value": 201_344.0, "note": "people after linkage"},
                {"metric": "estimated_precision", "value": 0.987, "note": "against clerical review sample"},
            ]
        ),
    )
    wh.write_arrow(
        "modelled_toxic_trio",
        pa.Table.from_pylist(
            [
                {
                    "area_code": code,
                    "area_type": t,
                    "measure": "any",
                    "estimate": est,
                    "lower": est * 0.8,
                    "upper": est * 1.2,
                    "rate": 19.3,
                    "rate_lower": 15.0,
                    "rate_upper": 23.0,
                    "children": kids,
                    "method": "CCO 2018 rescaled",
                }
                for code, t, est, kids in [
                    (region, "region", 90_210.5, 112_345),
                    ("E08000035", "district", 30_100.2, 41_000),
                    ("E08000032", "district", 25_000.0, 3),
                    ("E05001341", "ward", 150.0, 900),
                ]
            ]
        ),
    )
    wh.write_arrow(
        "hidden_need",
        pa.Table.from_pylist(
            [
                {
                    "area_code": code,
                    "area_type": "district",
                    "financial_year": year,
                    "measure": "any",
                    "evidence": "all",
                    "recorded": r + i,
                    "children_0_17": 150_000,
                    "modelled_estimate": m * 1.0,
                    "modelled_lower": m * 0.8,
                    "modelled_upper": m * 1.2,
                    "recorded_share": r / m,
                    "recorded_above_modelled": False,
                    "person_id": "LEAKED-ID-7f3a",
                }
                for i, year in enumerate(periods)
                for code, m, r in [("E08000035", 30_210, 9_870), ("E08000032", 27_400, 8_020)]
            ]
        ),
    )
