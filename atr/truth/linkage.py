"""Linkage quality against ground truth (synthetic data): precision, recall and F1.

``link_judge(truth_dir, key)`` is what ``run_link`` calls once its outputs exist (``atr link
--truth``, ``atr run`` with ``truth_dir``). It sees link's outputs (``entity_membership``,
``household_link``) and, for the threshold sweep, link's re-clustering, through
``atr.link.LinkedRecords``; it never reads the identity zone.

People, pairwise: every two records in one entity is a predicted pair; every two records of
one true person is a true pair. Precision = shared pairs / predicted pairs, recall = shared
pairs / true pairs. Pairwise figures weight big clusters heavily (a cluster of n records
holds n(n-1)/2 pairs), which is why cluster figures are given too: a predicted cluster is
right when it holds exactly one true person's records, all of them.

Households: each entity stands for the true person most of its records belong to. A
household link is right when that child and that adult truly shared a household (at any time
in the truth's window). Recall is over true child-adult pairs who both appear in some
partner's records, and counts links at or above ``household_confidence_threshold``; evidence
the partners never held cannot be found, so this recall measures linkage, not coverage.

The evaluation works on two warehouse tables the judge fills from the truth folder
(``linkage_files.py``): ``truth__records(dataset, partner_code, person_id, true_id)`` with
pseudonymised person ids, and ``truth__household_pairs(child_true_id, adult_true_id)``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from atr.link import LinkedRecords
from atr.pseudonymise import PseudonymisationKey
from atr.truth.linkage_files import TRUTH_HOUSEHOLD_PAIRS, TRUTH_RECORDS, load_truth
from atr.warehouse import Warehouse

MEMBERSHIP_TABLE = "entity_membership"
HOUSEHOLD_TABLE = "household_link"
SWEEP_THRESHOLDS = (0.5, 0.8, 0.9, 0.95, 0.99, 0.999)


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None or precision + recall == 0:
        return None
    return 2 * precision * recall / (precision + recall)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _rounded(values: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 6) if isinstance(v, float) else v for k, v in values.items()}


def person_metrics(wh: Warehouse, clusters_sql: str) -> dict[str, Any]:
    """Pairwise and cluster scores for clusters given as SQL yielding
    (dataset, partner_code, person_id, cluster)."""
    # Materialised first: as one statement with CTEs, DuckDB 2.0 planned the exact-cluster join
    # badly enough to spill tens of gigabytes at scale 0.1.
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE link__judged_records AS
            SELECT c.cluster, t.true_id
            FROM ({clusters_sql}) c
            JOIN {TRUTH_RECORDS} t USING (dataset, partner_code, person_id)"""
    )
    wh.execute(
        """CREATE OR REPLACE TEMP TABLE link__judged_groups AS
           SELECT cluster, true_id, count(*) AS n,
                  sum(count(*)) OVER (PARTITION BY cluster) AS cluster_n,
                  sum(count(*)) OVER (PARTITION BY true_id) AS true_n
           FROM link__judged_records GROUP BY cluster, true_id"""
    )
    row = wh.rows(
        """SELECT sum(n) AS records,
                  (SELECT sum(n * (n - 1) / 2) FROM (SELECT any_value(cluster_n) AS n FROM link__judged_groups
                                                     GROUP BY cluster)) AS predicted_pairs,
                  (SELECT sum(n * (n - 1) / 2) FROM (SELECT any_value(true_n) AS n FROM link__judged_groups
                                                     GROUP BY true_id)) AS true_pairs,
                  sum(n * (n - 1) / 2) AS shared_pairs,
                  count(DISTINCT cluster) AS clusters,
                  count(DISTINCT true_id) AS true_people,
                  count(*) FILTER (n = cluster_n AND n = true_n) AS exact_clusters
           FROM link__judged_groups"""
    )[0]
    for table in ("link__judged_records", "link__judged_groups"):
        wh.execute(f"DROP TABLE IF EXISTS {table}")
    counts = {k: int(v or 0) for k, v in row.items()}
    precision = _ratio(counts["shared_pairs"], counts["predicted_pairs"])
    recall = _ratio(counts["shared_pairs"], counts["true_pairs"])
    cluster_precision = _ratio(counts["exact_clusters"], counts["clusters"])
    cluster_recall = _ratio(counts["exact_clusters"], counts["true_people"])
    return _rounded(
        {
            **counts,
            "pairwise_precision": precision,
            "pairwise_recall": recall,
            "pairwise_f1": _f1(precision, recall),
            "cluster_precision": cluster_precision,
            "cluster_recall": cluster_recall,
            "cluster_f1": _f1(cluster_precision, cluster_recall),
            "clusters_per_true_person": _ratio(counts["clusters"], counts["true_people"]),
        }
    )


def threshold_sweep(
    linked: LinkedRecords, thresholds: tuple[float, ...] = SWEEP_THRESHOLDS
) -> list[dict[str, Any]]:
    """Person scores if the cluster threshold were each of ``thresholds`` (the trade-off table)."""
    results = []
    try:
        for threshold in thresholds:
            scores = person_metrics(linked.warehouse, linked.clusters_at(threshold))
            results.append({"threshold": threshold, **scores})
    finally:
        linked.tidy()
    return results


def household_metrics(wh: Warehouse, confidence_threshold: float) -> dict[str, Any]:
    """Precision of household links (all, usable, by type) and recall of usable links."""
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE link__entity_truth AS
            SELECT entity_id, true_id FROM (
                SELECT m.entity_id, t.true_id,
                       row_number() OVER (PARTITION BY m.entity_id ORDER BY count(*) DESC, t.true_id) AS rank
                FROM {MEMBERSHIP_TABLE} m JOIN {TRUTH_RECORDS} t USING (dataset, partner_code, person_id)
                GROUP BY m.entity_id, t.true_id
            ) WHERE rank = 1"""
    )
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE link__household_judged AS
            SELECT h.link_type, h.confidence >= {confidence_threshold} AS usable,
                   c_t.true_id AS child_true_id, a_t.true_id AS adult_true_id,
                   p.child_true_id IS NOT NULL AS correct
            FROM {HOUSEHOLD_TABLE} h
            JOIN link__entity_truth c_t ON c_t.entity_id = h.child_entity_id
            JOIN link__entity_truth a_t ON a_t.entity_id = h.adult_entity_id
            LEFT JOIN (SELECT DISTINCT child_true_id, adult_true_id FROM {TRUTH_HOUSEHOLD_PAIRS}) p
              ON p.child_true_id = c_t.true_id AND p.adult_true_id = a_t.true_id"""
    )
    by_type = wh.rows(
        """SELECT link_type, count(*) AS links, count(*) FILTER (correct) AS correct,
                  count(*) FILTER (usable) AS usable, count(*) FILTER (usable AND correct) AS usable_correct
           FROM link__household_judged GROUP BY link_type ORDER BY link_type"""
    )
    found = wh.rows(
        f"""WITH seen AS (SELECT DISTINCT true_id FROM {TRUTH_RECORDS}),
                 truth AS (SELECT DISTINCT p.child_true_id, p.adult_true_id FROM {TRUTH_HOUSEHOLD_PAIRS} p
                           JOIN seen c ON c.true_id = p.child_true_id JOIN seen a ON a.true_id = p.adult_true_id),
                 hit AS (SELECT DISTINCT child_true_id, adult_true_id FROM link__household_judged
                         WHERE usable AND correct)
            SELECT (SELECT count(*) FROM truth) AS true_pairs,
                   (SELECT count(*) FROM truth JOIN hit USING (child_true_id, adult_true_id)) AS found"""
    )[0]
    links = sum(int(r["links"]) for r in by_type)
    correct = sum(int(r["correct"]) for r in by_type)
    usable = sum(int(r["usable"]) for r in by_type)
    usable_correct = sum(int(r["usable_correct"]) for r in by_type)
    precision_usable = _ratio(usable_correct, usable)
    recall = _ratio(int(found["found"]), int(found["true_pairs"]))
    return {
        "overall": _rounded(
            {
                "links": links,
                "precision_all_links": _ratio(correct, links),
                "usable_links": usable,
                "precision": precision_usable,
                "true_pairs_seen_by_partners": int(found["true_pairs"]),
                "recall": recall,
                "f1": _f1(precision_usable, recall),
            }
        ),
        "by_type": {
            r["link_type"]: _rounded(
                {
                    "links": int(r["links"]),
                    "precision_all_links": _ratio(int(r["correct"]), int(r["links"])),
                    "usable_links": int(r["usable"]),
                    "precision": _ratio(int(r["usable_correct"]), int(r["usable"])),
                }
            )
            for r in by_type
        },
    }


def evaluate(linked: LinkedRecords, *, sweep: bool = True) -> dict[str, Any]:
    """Every truth-based figure for the report (the truth tables must be loaded)."""
    wh = linked.warehouse
    result: dict[str, Any] = {
        "people": person_metrics(
            wh, f"SELECT dataset, partner_code, person_id, entity_id AS cluster FROM {MEMBERSHIP_TABLE}"
        ),
    }
    if sweep and linked.can_recluster:
        result["threshold_sweep"] = threshold_sweep(linked)
    if wh.table_exists(TRUTH_HOUSEHOLD_PAIRS):
        households = household_metrics(wh, linked.settings.household_confidence_threshold)
        result["households"] = households["overall"]
        result["households_by_type"] = households["by_type"]
    return result


def link_judge(
    truth_dir: Path, key: PseudonymisationKey, *, sweep: bool = True
) -> Callable[[LinkedRecords], dict[str, Any]]:
    """What ``run_link(judge=…)`` calls once its outputs exist: load the truth, then measure."""

    def judge(linked: LinkedRecords) -> dict[str, Any]:
        load_truth(linked.warehouse, truth_dir, key)
        return evaluate(linked, sweep=sweep)

    return judge
