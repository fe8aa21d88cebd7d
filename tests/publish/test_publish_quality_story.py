"""The data-quality page leads with what matters, in words, from the published quality tables."""

from __future__ import annotations

from atr.publish.quality import IngestRow, QualitySummary
from atr.publish.quality_story import quality_headlines


def _row(dataset: str, partner: str, read: int, accepted: int, rejected: int = 0) -> IngestRow:
    return IngestRow(dataset, partner, 3, rejected, read, accepted, read - accepted, 100.0 * accepted / read)


def test_headlines_name_weak_datasets_by_partner_and_the_household_caveat() -> None:
    q = QualitySummary(
        ingest=[_row("csc", "383", 1000, 990), _row("police", "13", 2000, 1500, rejected=1)],
        link=[
            {"metric": "records", "value": 3000.0},
            {"metric": "entities", "value": 2200.0},
            {"metric": "truth.people.pairwise_precision", "value": 0.998},
            {"metric": "truth.people.pairwise_recall", "value": 0.98},
            {"metric": "truth.households.recall", "value": 0.445},
        ],
        partner_names={"383": "Leeds City Council", "13": "West Yorkshire Police"},
    )
    lines = quality_headlines(q)
    assert (
        lines[0]
        == "2 datasets from 2 partners: 2,490 of 3,000 rows accepted (83.0%); 1 file was rejected whole."
    )
    assert lines[1].startswith("Police from West Yorkshire Police (13): only 75.0% of rows accepted")
    assert not any("Leeds City Council" in line for line in lines)  # 99% accepted: not a concern
    assert "3,000 records were linked into 2,200 people." in lines
    household = next(line for line in lines if line.startswith("Child–adult household links"))
    assert "44.5%" in household and "toxic trio" in household


def test_no_quality_tables_says_so() -> None:
    assert quality_headlines(QualitySummary()) == [
        "No summary of the data received was available when this site was built."
    ]
