"""From pairs to people: deterministic identifier links, Splink links, connected components.

Deterministic links come first: two records holding the same *valid* NHS number, the same
valid UPN, or the same LA child id (whose pseudonym already includes the LA, so it only ever
matches within one LA) are one person whatever their names say. Each identifier group is
linked as a star to its smallest record, so the number of edges grows with records, not with
their square. A value shared by more than ``max_identifier_group`` records is a placeholder
(a dummy NHS number typed for every unknown patient), not evidence: it links nothing and is
counted in the quality report.

Splink's pairs at or above ``match_threshold`` are added, and ``components.py`` turns the
graph into clusters, guarding against thin records chaining two people together. Chaining
can still happen between well-described records; the quality report lists clusters holding
two different valid NHS numbers so that it is visible rather than silent.

The ``entity_id`` is ``E`` + the first 15 hex characters of SHA-256 over the cluster's
smallest member key (``dataset|partner_code|person_id``, itself a keyed pseudonym). It
therefore survives re-runs, new extracts and model retraining for every person whose
smallest record is unchanged; it changes only when a cluster gains a record that sorts
earlier, or is split or merged.
"""

from __future__ import annotations

from dataclasses import dataclass

from atr.errors import StageError
from atr.link.components import ClusterCounts, assign_clusters
from atr.link.model import PAIRS_TABLE
from atr.link.prepare import IDENTIFIERS, INPUT_TABLE, PreparedInput
from atr.link.settings import LinkSettings
from atr.warehouse import Warehouse

DETERMINISTIC_TABLE = "link__deterministic_edges"
EDGES_TABLE = "link__edges"
CLUSTERS_TABLE = "link__clusters"


@dataclass
class DeterministicSummary:
    edges_by_identifier: dict[str, int]
    placeholder_values: dict[str, int]  # identifier -> values ignored as shared by too many records


def entity_id_sql(member_key_sql: str) -> str:
    """SQL for the stable entity id of a cluster whose smallest member key is given."""
    return f"'E' || substr(sha256('atr-entity|' || {member_key_sql}), 1, 15)"


def build_deterministic_edges(
    wh: Warehouse, prepared: PreparedInput, settings: LinkSettings
) -> DeterministicSummary:
    """Star edges between records sharing a valid identifier (see module docstring)."""
    parts: list[str] = []
    placeholders: dict[str, int] = {}
    for column in settings.deterministic_identifiers:
        if column not in IDENTIFIERS or not prepared.has(column):
            continue
        placeholders[column] = int(
            wh.scalar(
                f"SELECT count(*) FROM (SELECT {column} FROM {INPUT_TABLE} WHERE {column} IS NOT NULL "
                f"GROUP BY {column} HAVING count(*) > {settings.max_identifier_group})"
            )
        )
        parts.append(
            f"""SELECT root AS record_key_l, record_key AS record_key_r, '{column}' AS evidence
                FROM (SELECT record_key,
                             min(record_key) OVER (PARTITION BY {column}) AS root,
                             count(*) OVER (PARTITION BY {column}) AS n
                      FROM {INPUT_TABLE} WHERE {column} IS NOT NULL)
                WHERE record_key <> root AND n <= {settings.max_identifier_group}"""
        )
    body = (
        " UNION ALL ".join(parts)
        if parts
        else (
            "SELECT CAST(NULL AS BIGINT) AS record_key_l, CAST(NULL AS BIGINT) AS record_key_r, "
            "CAST(NULL AS VARCHAR) AS evidence WHERE false"
        )
    )
    wh.execute(f"CREATE OR REPLACE TEMP TABLE {DETERMINISTIC_TABLE} AS {body}")
    counts = wh.rows(f"SELECT evidence, count(*) AS n FROM {DETERMINISTIC_TABLE} GROUP BY evidence")
    by_identifier: dict[str, int] = dict.fromkeys(placeholders, 0)
    by_identifier.update({r["evidence"]: int(r["n"]) for r in counts})
    return DeterministicSummary(by_identifier, placeholders)


def edges_sql(threshold: float) -> str:
    """Every edge used for clustering at ``threshold``: deterministic ones and Splink's."""
    return f"""
        SELECT record_key_l, record_key_r, 1.0 AS match_probability, evidence FROM {DETERMINISTIC_TABLE}
        UNION ALL
        SELECT record_key_l, record_key_r, match_probability, 'splink' AS evidence
        FROM {PAIRS_TABLE} WHERE match_probability >= {threshold}
    """


def cluster_records(wh: Warehouse, settings: LinkSettings) -> ClusterCounts:
    """Write ``link__edges`` and ``link__clusters`` (record_key, entity_id, match_probability)."""
    wh.execute(f"CREATE OR REPLACE TEMP TABLE {EDGES_TABLE} AS {edges_sql(settings.match_threshold)}")
    counts = assign_clusters(
        wh, EDGES_TABLE, "link__components", exclusive=settings.identifier_edit_distance == 0
    )
    wh.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {CLUSTERS_TABLE} AS
        WITH keyed AS (
            SELECT c.record_key, c.cluster_id,
                   i.dataset || '|' || i.partner_code || '|' || i.person_id AS member_key
            FROM link__components c JOIN {INPUT_TABLE} i USING (record_key)
        ),
        strongest AS (
            SELECT s.record_key, max(s.match_probability) AS match_probability FROM (
                SELECT e.record_key_l AS record_key, e.record_key_r AS other, e.match_probability FROM {EDGES_TABLE} e
                UNION ALL
                SELECT e.record_key_r, e.record_key_l, e.match_probability FROM {EDGES_TABLE} e
            ) s
            JOIN link__components c1 ON c1.record_key = s.record_key
            JOIN link__components c2 ON c2.record_key = s.other AND c2.cluster_id = c1.cluster_id
            GROUP BY s.record_key
        )
        SELECT k.record_key, k.cluster_id,
               {entity_id_sql("min(k.member_key) OVER (PARTITION BY k.cluster_id)")} AS entity_id,
               coalesce(s.match_probability, 1.0) AS match_probability
        FROM keyed k LEFT JOIN strongest s USING (record_key)
        """
    )
    clashes = int(
        wh.scalar(
            f"SELECT count(*) FROM (SELECT entity_id FROM {CLUSTERS_TABLE} "
            "GROUP BY entity_id HAVING count(DISTINCT cluster_id) > 1)"
        )
    )
    wh.execute("DROP TABLE IF EXISTS link__components")
    if clashes:  # a 60-bit collision among millions of clusters: never merge people silently
        raise StageError("link", "two clusters were given the same entity_id", fix="report this as a bug")
    return counts
