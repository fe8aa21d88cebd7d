"""Linkage quality without ground truth: what was linked, how, and what looks wrong.

Every figure here can be computed on real partner data. Under-linking inflates the number of
distinct people and deflates multi-service counts; over-linking invents multi-service people.
Neither is visible in the headline numbers, so this report shows the evidence for both:
cluster sizes, people seen by several services, and "suspicious" clusters that hold two
different valid NHS numbers or UPNs or birth years more than a year apart (chaining, or a
shared identifier typed in error).
"""

from __future__ import annotations

from typing import Any

from atr.link.clustering import CLUSTERS_TABLE, DeterministicSummary
from atr.link.households import HOUSEHOLD_TABLE, LINK_TYPES, HouseholdSummary
from atr.link.model import PAIRS_TABLE, ModelRun
from atr.link.prepare import EVIDENCE_COLUMNS, INPUT_TABLE, PreparedInput
from atr.link.settings import LinkSettings
from atr.warehouse import Warehouse

SIZE_BUCKETS = ("1", "2", "3", "4", "5", "6-10", "11+")
SUSPICIOUS_LIMIT = 20  # entity ids listed per kind (no names: entity ids are pseudonyms)


def _size_distribution(wh: Warehouse) -> dict[str, int]:
    rows = wh.rows(
        f"""SELECT CASE WHEN n <= 5 THEN CAST(n AS VARCHAR) WHEN n <= 10 THEN '6-10' ELSE '11+' END AS bucket,
                   count(*) AS clusters
            FROM (SELECT entity_id, count(*) AS n FROM {CLUSTERS_TABLE} GROUP BY entity_id) GROUP BY bucket"""
    )
    found = {r["bucket"]: int(r["clusters"]) for r in rows}
    return {b: found.get(b, 0) for b in SIZE_BUCKETS}


def _suspicious(wh: Warehouse) -> dict[str, Any]:
    rows = wh.rows(
        f"""SELECT c.entity_id, count(*) AS size,
                   count(DISTINCT i.nhs_number) AS nhs, count(DISTINCT i.upn) AS upn,
                   max(i.birth_year) - min(i.birth_year) AS year_span
            FROM {CLUSTERS_TABLE} c JOIN {INPUT_TABLE} i USING (record_key)
            GROUP BY c.entity_id
            HAVING count(DISTINCT i.nhs_number) > 1 OR count(DISTINCT i.upn) > 1
                OR max(i.birth_year) - min(i.birth_year) > 1
            ORDER BY size DESC, c.entity_id"""
    )
    kinds = {
        "two_nhs_numbers": [r for r in rows if r["nhs"] > 1],
        "two_upns": [r for r in rows if r["upn"] > 1],
        "birth_years_apart": [r for r in rows if (r["year_span"] or 0) > 1],
    }
    return {
        kind: {"count": len(found), "examples": [r["entity_id"] for r in found[:SUSPICIOUS_LIMIT]]}
        for kind, found in kinds.items()
    }


def _model_summary(model: dict[str, Any]) -> dict[str, Any]:
    comparisons = []
    for comparison in model.get("comparisons", []):
        levels = [
            {
                "label": level.get("label_for_charts", level.get("sql_condition", "")),
                "m": level.get("m_probability"),
                "u": level.get("u_probability"),
            }
            for level in comparison.get("comparison_levels", [])
            if not level.get("is_null_level")
        ]
        comparisons.append({"name": comparison.get("output_column_name"), "levels": levels})
    return {
        "probability_two_random_records_match": model.get("probability_two_random_records_match"),
        "comparisons": comparisons,
        "blocking_rules": [
            r.get("blocking_rule", r) if isinstance(r, dict) else r
            for r in model.get("blocking_rules_to_generate_predictions", [])
        ],
    }


def build_report(
    wh: Warehouse,
    settings: LinkSettings,
    prepared: PreparedInput,
    deterministic: DeterministicSummary,
    model: ModelRun,
    households: HouseholdSummary,
) -> dict[str, Any]:
    """The quality report as a JSON-ready dict (``truth`` is added by ``truth.py``)."""
    entities = int(wh.scalar(f"SELECT count(DISTINCT entity_id) FROM {CLUSTERS_TABLE}"))
    by_datasets = wh.rows(
        "SELECT n_datasets, count(*) AS people FROM entity GROUP BY n_datasets ORDER BY n_datasets"
    )
    link_rows = wh.rows(
        f"""SELECT link_type, count(*) AS links, count(*) FILTER (confidence >= ?) AS usable
            FROM {HOUSEHOLD_TABLE} GROUP BY link_type""",
        [settings.household_confidence_threshold],
    )
    link_counts = {r["link_type"]: {"links": int(r["links"]), "usable": int(r["usable"])} for r in link_rows}
    pairs_at = {
        str(t): int(wh.scalar(f"SELECT count(*) FROM {PAIRS_TABLE} WHERE match_probability >= ?", [t]))
        for t in sorted({settings.predict_threshold, 0.8, settings.match_threshold, 0.99})
    }
    return {
        "settings": settings.model_dump(mode="json"),
        "records": {
            "total": prepared.records,
            "by_dataset": prepared.records_by_dataset,
            "completeness": {c: prepared.completeness.get(c, 0) for c in EVIDENCE_COLUMNS},
            "identity_columns_absent": prepared.missing_columns,
        },
        "deterministic": {
            "edges": deterministic.edges_by_identifier,
            "placeholder_values_ignored": deterministic.placeholder_values,
        },
        "model": {
            "trained": model.trained,
            **_model_summary(model.model),
            "warnings": model.warnings,
        },
        "pairs": {
            "blocking": model.blocking_counts,
            "blocked_upper_bound": sum(b["pairs"] for b in model.blocking_counts if b["used"]),
            "scored_kept": model.scored_pairs_kept,
            "at_or_above": pairs_at,
        },
        "clusters": {
            "entities": entities,
            "records_per_entity": round(prepared.records / entities, 4) if entities else None,
            "size_distribution": _size_distribution(wh),
            "max_size": int(
                wh.scalar(
                    f"SELECT max(n) FROM (SELECT count(*) AS n FROM {CLUSTERS_TABLE} GROUP BY entity_id)"
                )
            ),
            "people_by_number_of_datasets": {str(r["n_datasets"]): int(r["people"]) for r in by_datasets},
            "suspicious": _suspicious(wh),
        },
        "households": {
            "evidence_rows": households.evidence_rows,
            "sources_missing": households.missing_sources,
            "links": {t: link_counts.get(t, {"links": 0, "usable": 0}) for t in LINK_TYPES},
        },
        "seconds": {k: round(v, 2) for k, v in model.seconds.items()},
    }


def quality_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Flatten the report into ``link_quality`` rows (metric, value, note)."""
    rows: list[dict[str, Any]] = []

    def add(metric: str, value: float | int | None, note: str = "") -> None:
        rows.append({"metric": metric, "value": None if value is None else float(value), "note": note})

    add("records", report["records"]["total"], "identity_person rows linked")
    for dataset, n in report["records"]["by_dataset"].items():
        add(f"records.{dataset}", n, "identity_person rows from this dataset")
    for column, n in report["records"]["completeness"].items():
        add(
            f"completeness.{column}",
            n / max(report["records"]["total"], 1),
            "share of records holding a usable value",
        )
    for identifier, n in report["deterministic"]["edges"].items():
        add(f"deterministic_edges.{identifier}", n, "records linked outright by this identifier")
    for identifier, n in report["deterministic"]["placeholder_values_ignored"].items():
        add(f"placeholder_values.{identifier}", n, "identifier values shared by too many records: ignored")
    add(
        "pairs.blocked_upper_bound",
        report["pairs"]["blocked_upper_bound"],
        "sum of pairs over the blocking rules used",
    )
    add("pairs.scored_kept", report["pairs"]["scored_kept"], "Splink pairs at or above predict_threshold")
    for threshold, n in report["pairs"]["at_or_above"].items():
        add(f"pairs.p>={threshold}", n, "Splink pairs at or above this match probability")
    clusters = report["clusters"]
    add("entities", clusters["entities"], "people after clustering")
    add("records_per_entity", clusters["records_per_entity"])
    add("cluster_size.max", clusters["max_size"])
    for bucket, n in clusters["size_distribution"].items():
        add(f"cluster_size.{bucket}", n, "entities with this many records")
    for n_datasets, n in clusters["people_by_number_of_datasets"].items():
        add(f"entities_in_datasets.{n_datasets}", n, "people seen by this many datasets")
    add(
        "thin_records_matching_two_people",
        clusters.get("thin_records_matching_two_people"),
        "records without surname or date of birth left unlinked because they matched two people",
    )
    add(
        "merges_refused_conflicting_identifiers",
        clusters.get("merges_refused_conflicting_identifiers"),
        "Splink links not applied because they would give one person two valid NHS numbers, UPNs or PNC ids",
    )
    for kind, found in clusters["suspicious"].items():
        add(f"suspicious.{kind}", found["count"], "clusters to review (see the JSON report for entity ids)")
    add("model.probability_two_random_records_match", report["model"]["probability_two_random_records_match"])
    add("model.warnings", len(report["model"]["warnings"]), "Splink warnings (listed in the JSON report)")
    for link_type, counts in report["households"]["links"].items():
        add(f"household_links.{link_type}", counts["links"], "child-adult links of this type")
        add(
            f"household_links_usable.{link_type}",
            counts["usable"],
            "at or above household_confidence_threshold",
        )
    for step, seconds in report["seconds"].items():
        add(f"seconds.{step}", seconds, "wall-clock time of this step")
    for section, values in report.get("truth", {}).items():
        if isinstance(values, dict):
            for name, value in values.items():
                if isinstance(value, int | float) and not isinstance(value, bool):
                    add(f"truth.{section}.{name}", value, "against the synthetic ground truth")
    return rows
