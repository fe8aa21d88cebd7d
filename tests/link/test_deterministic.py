"""Deterministic identifier links, and the constraints that keep clusters to one person."""

from __future__ import annotations

import hashlib

import pyarrow as pa
import pytest

from atr.link.clustering import build_deterministic_edges, cluster_records
from atr.link.components import ClusterCounts
from atr.link.model import PAIRS_TABLE
from atr.link.prepare import prepare_input
from atr.link.settings import LinkSettings
from atr.warehouse import Warehouse

from .records import identity_row, write_identity

Pair = tuple[str, str, float]


def cluster(
    wh: Warehouse, settings: LinkSettings, pairs: list[Pair] | None = None
) -> tuple[dict[str, str], ClusterCounts]:
    """Deterministic edges plus hand-made Splink pairs, clustered; person_id -> entity_id."""
    prepared = prepare_input(wh)
    build_deterministic_edges(wh, prepared, settings)
    keys = {r["person_id"]: r["record_key"] for r in wh.rows("SELECT person_id, record_key FROM link__input")}
    pairs = pairs or []
    wh.write_arrow(
        PAIRS_TABLE,
        pa.table(
            {
                "match_weight": pa.array([10.0] * len(pairs), pa.float64()),
                "match_probability": pa.array([p for _, _, p in pairs], pa.float64()),
                "record_key_l": pa.array([keys[a] for a, _, _ in pairs], pa.int64()),
                "record_key_r": pa.array([keys[b] for _, b, _ in pairs], pa.int64()),
                "match_key": pa.array([0] * len(pairs), pa.int32()),
            }
        ),
    )
    counts = cluster_records(wh, settings)
    rows = wh.rows(
        "SELECT i.person_id, c.entity_id FROM link__clusters c JOIN link__input i USING (record_key)"
    )
    return {r["person_id"]: r["entity_id"] for r in rows}, counts


@pytest.fixture
def wh(warehouse: Warehouse) -> Warehouse:
    """DuckDB, or each engine in turn for the tests marked ``engines``."""
    return warehouse


def test_a_shared_valid_nhs_number_links_records_whatever_their_names(wh: Warehouse) -> None:
    write_identity(
        wh,
        [
            identity_row("gp_registration", "QWO", "a", nhs_number_hash="n1", nhs_number_status="valid"),
            identity_row(
                "police",
                "13",
                "b",
                nhs_number_hash="n1",
                nhs_number_status="valid",
                forename="zed",
                surname="other",
                date_of_birth=None,
            ),
            identity_row("police", "13", "c"),
        ],
    )
    entities, _ = cluster(wh, LinkSettings())
    assert entities["a"] == entities["b"] != entities["c"]


def test_invalid_or_temporary_identifiers_never_link(wh: Warehouse) -> None:
    write_identity(
        wh,
        [
            identity_row("gp_registration", "QWO", "a", nhs_number_hash="n1", nhs_number_status="valid"),
            identity_row("mental_health", "RXG", "b", nhs_number_hash="n1", nhs_number_status="invalid"),
            identity_row("school", "383", "c", upn_hash="u1", upn_status="temporary"),
            identity_row("csc", "383", "d", upn_hash="u1", upn_status="temporary"),
        ],
    )
    entities, _ = cluster(wh, LinkSettings())
    assert len(set(entities.values())) == 4


def test_upn_and_la_child_id_link_and_the_identifier_list_is_configurable(wh: Warehouse) -> None:
    write_identity(
        wh,
        [
            identity_row("school", "383", "a", upn_hash="u1", upn_status="valid"),
            identity_row("csc", "383", "b", upn_hash="u1", upn_status="valid", la_child_id_hash="la1"),
            identity_row("lac", "383", "c", la_child_id_hash="la1", forename="different"),
        ],
    )
    entities, _ = cluster(wh, LinkSettings())
    assert entities["a"] == entities["b"] == entities["c"]
    entities, _ = cluster(wh, LinkSettings(deterministic_identifiers=["upn"]))
    assert entities["a"] == entities["b"] != entities["c"]
    entities, _ = cluster(wh, LinkSettings(deterministic_identifiers=[]))
    assert len(set(entities.values())) == 3


def test_an_identifier_shared_by_too_many_records_is_a_placeholder(wh: Warehouse) -> None:
    rows = [
        identity_row(
            "gp_registration",
            "QWO",
            f"p{i}",
            nhs_number_hash="0000000000",
            nhs_number_status="valid",
            forename=f"name{i}",
        )
        for i in range(4)
    ]
    write_identity(wh, rows)
    settings = LinkSettings(max_identifier_group=3)
    summary = build_deterministic_edges(wh, prepare_input(wh), settings)
    assert summary.placeholder_values["nhs_number"] == 1
    assert summary.edges_by_identifier["nhs_number"] == 0
    entities, _ = cluster(wh, settings)
    assert len(set(entities.values())) == 4


@pytest.mark.engines
def test_a_splink_link_never_gives_one_person_two_valid_nhs_numbers(wh: Warehouse) -> None:
    write_identity(
        wh,
        [
            identity_row("gp_registration", "QWO", "a", nhs_number_hash="n1", nhs_number_status="valid"),
            identity_row("gp_registration", "QWO", "b", nhs_number_hash="n2", nhs_number_status="valid"),
            identity_row("school", "383", "c"),  # a twin's school record matching both
        ],
    )
    entities, counts = cluster(wh, LinkSettings(), [("a", "c", 0.99), ("b", "c", 0.95)])
    assert entities["a"] == entities["c"] != entities["b"]  # the stronger link wins
    assert counts.merges_refused == 1


def test_without_check_digits_the_constraint_is_lifted(wh: Warehouse) -> None:
    write_identity(
        wh,
        [
            identity_row("a", "x", "a", nhs_number_hash="1234567", nhs_number_status="valid"),
            identity_row("b", "x", "b", nhs_number_hash="1234576", nhs_number_status="valid"),
        ],
    )
    entities, counts = cluster(wh, LinkSettings(identifier_edit_distance=1), [("a", "b", 0.99)])
    assert entities["a"] == entities["b"]
    assert counts.merges_refused == 0


def test_a_thin_record_matching_two_people_is_left_alone(wh: Warehouse) -> None:
    write_identity(
        wh,
        [
            identity_row(
                "csc",
                "383",
                "father",
                forename="nathan",
                surname="cooper",
                date_of_birth=None,
                nhs_number_hash="n1",
                nhs_number_status="valid",
            ),
            identity_row(
                "gp_registration",
                "QWO",
                "son",
                forename="nathan",
                surname="cooper",
                nhs_number_hash="n2",
                nhs_number_status="valid",
            ),
            identity_row("police", "13", "thin", forename="nathan", surname=None, date_of_birth=None),
            identity_row("police", "13", "thin2", forename="amelia", surname=None, date_of_birth=None),
            identity_row("gp_registration", "QWO", "amelia", nhs_number_hash="n3", nhs_number_status="valid"),
        ],
    )
    pairs = [("father", "thin", 0.97), ("son", "thin", 0.96), ("amelia", "thin2", 0.95)]
    entities, counts = cluster(wh, LinkSettings(), pairs)
    assert len({entities["father"], entities["son"], entities["thin"]}) == 3
    assert entities["thin2"] == entities["amelia"]
    assert counts.thin_records_ambiguous == 1


def test_pairs_below_the_match_threshold_do_not_cluster(wh: Warehouse) -> None:
    write_identity(wh, [identity_row("school", "383", "a"), identity_row("csc", "383", "b")])
    entities, _ = cluster(wh, LinkSettings(match_threshold=0.9), [("a", "b", 0.85)])
    assert entities["a"] != entities["b"]
    entities, _ = cluster(wh, LinkSettings(match_threshold=0.8), [("a", "b", 0.85)])
    assert entities["a"] == entities["b"]


@pytest.mark.engines
def test_entity_id_is_the_hash_of_the_smallest_member_key(wh: Warehouse) -> None:
    write_identity(
        wh,
        [
            identity_row("school", "383", "b", upn_hash="u1", upn_status="valid"),
            identity_row("csc", "383", "z", upn_hash="u1", upn_status="valid"),
        ],
    )
    entities, _ = cluster(wh, LinkSettings())
    expected = "E" + hashlib.sha256(b"atr-entity|csc|383|z").hexdigest()[:15]
    assert entities["b"] == entities["z"] == expected
