"""What a judge of linkage may see of a finished link run.

On synthetic data the truth package measures precision and recall (``atr.truth``). It needs
link's outputs, and for the threshold trade-off table, link's clustering re-run at other
thresholds. ``LinkedRecords`` hands it exactly that, keyed by the pseudonymised record keys
``(dataset, partner_code, person_id)``, so the judge needs neither link's internal tables nor
the identity zone behind them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from atr.link.clustering import EDGES_TABLE, edges_sql
from atr.link.components import assign_clusters
from atr.link.prepare import INPUT_TABLE
from atr.link.settings import LinkSettings
from atr.warehouse import Warehouse

_SWEEP_EDGES = "link__sweep_edges"
_SWEEP_CLUSTERS = "link__sweep_clusters"


@dataclass(frozen=True)
class LinkedRecords:
    """A finished link run in ``warehouse``, linked with ``settings``."""

    warehouse: Warehouse
    settings: LinkSettings

    @property
    def can_recluster(self) -> bool:
        """Whether the run's scored edges are still there to re-cluster."""
        return self.warehouse.table_exists(EDGES_TABLE)

    def clusters_at(self, threshold: float) -> str:
        """Cluster again as if the match threshold were ``threshold``; returns SQL yielding
        ``(dataset, partner_code, person_id, cluster)``, valid until the next call or ``tidy``."""
        self.warehouse.execute(f"CREATE OR REPLACE TABLE {_SWEEP_EDGES} AS {edges_sql(threshold)}")
        assign_clusters(
            self.warehouse,
            _SWEEP_EDGES,
            _SWEEP_CLUSTERS,
            exclusive=self.settings.identifier_edit_distance == 0,
        )
        return (
            "SELECT i.dataset, i.partner_code, i.person_id, c.cluster_id AS cluster "
            f"FROM {_SWEEP_CLUSTERS} c JOIN {INPUT_TABLE} i USING (record_key)"
        )

    def tidy(self) -> None:
        """Drop the re-clustering tables."""
        for table in (_SWEEP_EDGES, _SWEEP_CLUSTERS):
            self.warehouse.execute(f"DROP TABLE IF EXISTS {table}")


LinkJudge = Callable[[LinkedRecords], dict[str, Any]]
"""Measures a finished run; its answer goes into the quality report under ``truth``."""
