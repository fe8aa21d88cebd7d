"""The linkage precision/recall arithmetic, on clusterings small enough to count by hand."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from atr.truth.linkage import TRUTH_RECORDS, person_metrics
from atr.warehouse import open_warehouse


def test_pairwise_and_cluster_scores(tmp_path: Path) -> None:
    # True people: x has 4 records, y 2, z 1. Predicted: {x1,x2,x3}, {x4,y1,y2}, {z1}.
    records = [("x1", "x"), ("x2", "x"), ("x3", "x"), ("x4", "x"), ("y1", "y"), ("y2", "y"), ("z1", "z")]
    clusters = {"x1": "A", "x2": "A", "x3": "A", "x4": "B", "y1": "B", "y2": "B", "z1": "C"}
    with open_warehouse(tmp_path / "atr.duckdb") as wh:
        wh.write_arrow(
            TRUTH_RECORDS,
            pa.Table.from_pylist(
                [{"dataset": "d", "partner_code": "p", "person_id": p, "true_id": t} for p, t in records]
            ),
        )
        wh.write_arrow(
            "clusters",
            pa.Table.from_pylist(
                [
                    {"dataset": "d", "partner_code": "p", "person_id": p, "cluster": c}
                    for p, c in clusters.items()
                ]
            ),
        )
        scores = person_metrics(wh, "SELECT dataset, partner_code, person_id, cluster FROM clusters")
    # predicted pairs 3 + 3 = 6; true pairs 6 + 1 = 7; shared 3 (x1-x3) + 1 (y1-y2) = 4
    assert (scores["predicted_pairs"], scores["true_pairs"], scores["shared_pairs"]) == (6, 7, 4)
    assert scores["pairwise_precision"] == pytest.approx(4 / 6, abs=1e-6)
    assert scores["pairwise_recall"] == pytest.approx(4 / 7, abs=1e-6)
    # only {z1} reproduces a true person exactly: 1 of 3 clusters, 1 of 3 people
    assert scores["exact_clusters"] == 1
    assert scores["cluster_precision"] == pytest.approx(1 / 3, abs=1e-6)
    assert scores["cluster_recall"] == pytest.approx(1 / 3, abs=1e-6)
