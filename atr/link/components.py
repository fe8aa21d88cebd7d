"""Clustering pairs into people, refusing merges that the identifiers say are wrong.

Plain connected components (Splink's clustering) joins A and C whenever A~B and B~C, so one
doubtful pair can merge two whole people. Two things make that common in partner data:

- *Thin* records. Police often hold a child's forename and address only; such a record
  matches both "Nathan Cooper, born 1986" and his son "Nathan Cooper, born 2022".
- Coincidences. Two children with a common name and the same birthday, one moving house,
  are indistinguishable on names, date of birth and sex; a chain through them merges two
  people who each hold a *different valid NHS number*, which no real person does.

So this module clusters greedily, strongest evidence first, with cannot-link constraints
(Kruskal's algorithm over a union-find, stopping short of forbidden unions):

1. Deterministic identifier edges are applied first, unconditionally.
2. Splink edges between *anchor* records (forename, surname and date of birth, or any valid
   identifier), in descending match probability, merge two clusters unless that would put two
   different valid NHS numbers, UPNs or PNC ids into one person.
3. Each thin record joins the cluster its edges point to, but only when they all point to one
   cluster; a thin record matching two people is left on its own (counted in the report).
4. Thin records left over are clustered among themselves.

Hand-written because no maintained library offers constrained greedy clustering (Splink has
connected components and one-to-one "single best link"; networkx has neither); it is a
short union-find, O(E log E) for the sort and near-linear after.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from atr.link.prepare import INPUT_TABLE
from atr.warehouse import Warehouse

ANCHOR_SQL = (
    "(forename IS NOT NULL AND surname IS NOT NULL AND date_of_birth IS NOT NULL)"
    " OR coalesce(nhs_number, upn, la_child_id, pnc_id) IS NOT NULL"
)
EXCLUSIVE_IDENTIFIERS = ("nhs_number", "upn", "pnc_id")  # one person holds at most one of each


@dataclass
class ClusterCounts:
    """What the constraints did, for the quality report."""

    merges_refused: int = 0
    thin_records_ambiguous: int = 0


class _UnionFind:
    def __init__(self, size: int, identifiers: list[list[int]]) -> None:
        self.parent = list(range(size))
        self.size = [1] * size
        self.identifiers = identifiers  # per identifier, per node: code (0 = none); kept at roots

    def find(self, node: int) -> int:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def conflict(self, a: int, b: int) -> bool:
        return any(codes[a] and codes[b] and codes[a] != codes[b] for codes in self.identifiers)

    def union(self, a: int, b: int) -> None:
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]
        for codes in self.identifiers:
            codes[a] = codes[a] or codes[b]


def _nodes(wh: Warehouse) -> tuple[int, list[bool], list[list[int]]]:
    ranked = ", ".join(
        f"CASE WHEN {c} IS NULL THEN 0 ELSE dense_rank() OVER (ORDER BY {c}) END AS {c}"
        for c in EXCLUSIVE_IDENTIFIERS
    )
    table = wh.query(
        f"SELECT record_key, coalesce({ANCHOR_SQL}, false) AS anchor, {ranked} FROM {INPUT_TABLE} ORDER BY record_key"
    )
    size = int(wh.scalar(f"SELECT max(record_key) FROM {INPUT_TABLE}") or 0) + 1
    anchor = [False] * size
    identifiers = [[0] * size for _ in EXCLUSIVE_IDENTIFIERS]
    keys = table.column("record_key").to_pylist()
    for key, flag in zip(keys, table.column("anchor").to_pylist(), strict=True):
        anchor[key] = bool(flag)
    for codes, column in zip(identifiers, EXCLUSIVE_IDENTIFIERS, strict=True):
        for key, code in zip(keys, table.column(column).to_pylist(), strict=True):
            codes[key] = int(code)
    return size, anchor, identifiers


def assign_clusters(
    wh: Warehouse, edges_table: str, output_table: str, *, exclusive: bool = True
) -> ClusterCounts:
    """Write ``output_table`` (record_key, cluster_id) for every record of ``link__input``.

    ``exclusive=False`` drops the cannot-link constraint: for identifiers that arrive in clear
    without a check digit (a benchmark's), where a typo leaves one person with two values.
    """
    size, anchor, identifiers = _nodes(wh)
    if not exclusive:
        identifiers = []
    edges = wh.query(
        f"""SELECT record_key_l, record_key_r, evidence <> 'splink' AS certain FROM {edges_table}
            ORDER BY certain DESC, match_probability DESC, record_key_l, record_key_r"""
    )
    left = edges.column("record_key_l").to_pylist()
    right = edges.column("record_key_r").to_pylist()
    certain = edges.column("certain").to_pylist()
    forest, counts = _UnionFind(size, identifiers), ClusterCounts()

    thin_edges: list[tuple[int, int]] = []
    for a, b, sure in zip(left, right, certain, strict=True):
        if not sure and not (anchor[a] and anchor[b]):
            thin_edges.append((a, b))
            continue
        ra, rb = forest.find(a), forest.find(b)
        if ra == rb:
            continue
        if not sure and forest.conflict(ra, rb):
            counts.merges_refused += 1
            continue
        forest.union(ra, rb)

    choices: dict[int, set[int]] = {}
    for a, b in thin_edges:
        if anchor[a] != anchor[b]:
            thin, other = (b, a) if anchor[a] else (a, b)
            choices.setdefault(thin, set()).add(forest.find(other))
    for thin, roots in choices.items():
        if len(roots) == 1:
            ra, rb = forest.find(thin), forest.find(roots.pop())
            if ra != rb:
                forest.union(ra, rb)
        else:
            counts.thin_records_ambiguous += 1
    for a, b in thin_edges:
        if not anchor[a] and not anchor[b] and a not in choices and b not in choices:
            ra, rb = forest.find(a), forest.find(b)
            if ra != rb:
                forest.union(ra, rb)

    keys = wh.query(f"SELECT record_key FROM {INPUT_TABLE}").column("record_key").to_pylist()
    result = pa.table(
        {
            "record_key": pa.array(keys, pa.int64()),
            "cluster_id": pa.array([forest.find(k) for k in keys], pa.int64()),
        }
    )
    wh.write_temp_arrow(output_table, result)
    return counts
