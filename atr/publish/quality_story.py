"""The data-quality page's first screen: what a reader must know before trusting the figures.

The page used to open with every linkage metric (``pairs.p>=0.5``, ``seconds.train_u`` …) and
buried the few that change what the figures mean. These sentences come first, each from the
published (disclosure-controlled) quality tables; the full tables follow, the technical ones
folded away.
"""

from __future__ import annotations

from typing import Any

from atr.publish import formatting as fmt
from atr.publish.plain_words import dataset_name
from atr.publish.quality import QualitySummary

ACCEPTED_WARNING = 95.0
"""Below this share of rows accepted, a dataset is named in the summary."""
HOUSEHOLD_RECALL_WARNING = 0.8
"""Below this share of true child–adult links found, the toxic-trio caveat is spelt out."""


def _metric(link: list[dict[str, Any]], name: str) -> float | None:
    for row in link:
        if row.get("metric") == name and isinstance(row.get("value"), int | float):
            return float(row["value"])
    return None


def _received(q: QualitySummary) -> list[str]:
    if not q.ingest:
        return ["No summary of the data received was available when this site was built."]
    partners = {r.partner_code for r in q.ingest}
    datasets = {r.dataset for r in q.ingest}
    read = sum(r.rows_read or 0 for r in q.ingest)
    accepted = sum(r.rows_accepted or 0 for r in q.ingest)
    rejected = sum(r.files_rejected for r in q.ingest)
    share = 100.0 * accepted / read if read else None
    out = [
        f"{len(datasets)} datasets from {len(partners)} partners: {fmt.count(accepted)} of {fmt.count(read)} "
        f"rows accepted ({fmt.percent(share)}); "
        + (
            "no file was rejected."
            if not rejected
            else "1 file was rejected whole."
            if rejected == 1
            else f"{rejected} files were rejected whole."
        )
    ]
    low = [r for r in q.ingest if r.accepted_percent is not None and r.accepted_percent < ACCEPTED_WARNING]
    for r in sorted(low, key=lambda r: r.accepted_percent or 0.0)[:3]:
        out.append(
            f"{dataset_name(r.dataset)} from {q.partner(r.partner_code)}: only "
            f"{fmt.percent(r.accepted_percent)} of rows accepted; figures from it undercount."
        )
    return out


def _linkage(q: QualitySummary) -> list[str]:
    records, people = _metric(q.link, "records"), _metric(q.link, "entities")
    out = []
    if records and people:
        out.append(f"{fmt.count(records)} records were linked into {fmt.count(people)} people.")
    precision = _metric(q.link, "truth.people.pairwise_precision")
    recall = _metric(q.link, "truth.people.pairwise_recall")
    if precision is not None and recall is not None:
        out.append(
            f"Against the synthetic truth, {precision:.1%} of the record pairs linked were the same "
            f"person, and {recall:.1%} of the true pairs were found."
        )
    household = _metric(q.link, "truth.households.recall")
    if household is not None:
        sentence = f"Child–adult household links found {household:.1%} of the true links."
        if household < HOUSEHOLD_RECALL_WARNING:
            sentence += (
                " This matters most: the toxic trio and household adversity need a child linked to the "
                "adults they live with, so those counts are undercounts by about as much."
            )
        out.append(sentence)
    return out


def quality_headlines(q: QualitySummary) -> list[str]:
    """Plain sentences, most important first: data received, then linkage."""
    return [*_received(q), *_linkage(q)]


__all__ = ["quality_headlines"]
