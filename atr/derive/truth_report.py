"""Compare what derive recorded with the synthetic ground truth (``atr synth``'s ``DIR/truth``).

Two questions, answered per financial year:

- for each adverse experience of children, how many children truly had it, how many the truth
  says some service recorded, and how many derive found (and how many of those were true): the
  gap between true and recorded prevalence is the hidden part;
- for adults, the true number with multiple disadvantage (2+ domains) against the number
  recorded and the capture-recapture interval, and whether the interval contains the truth.

Truth is keyed by the partners' raw person ids; they are pseudonymised with the same key ingest
used, joined to ``entity_membership``, and each linked person (entity) takes the true person most
of its records belong to. Results go to ``derive_truth_comparison`` and ``derive_truth_md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from rich.table import Table

from atr.console import console
from atr.errors import InputFileError
from atr.pseudonymise import load_key
from atr.warehouse import Warehouse

# truth category → (derive category, …); the truth names the household categories differently
CATEGORY_MAP: dict[str, str] = {
    "physical_abuse": "physical_abuse",
    "emotional_abuse": "emotional_abuse",
    "sexual_abuse": "sexual_abuse",
    "neglect": "neglect",
    "household_domestic_abuse": "domestic_abuse",
    "household_substance_misuse": "household_substance_misuse",
    "household_mental_ill_health": "household_mental_ill_health",
    "household_imprisonment": "household_custody",
}


@dataclass
class TruthReport:
    categories: list[dict[str, Any]]
    multiple_disadvantage: list[dict[str, Any]]


def _truth_folder(path: Path) -> Path:
    folder = path / "truth" if (path / "truth" / "person_record.parquet").is_file() else path
    if not (folder / "person_record.parquet").is_file():
        raise InputFileError(
            folder / "person_record.parquet", "synthetic truth not found (expected DIR/truth/*.parquet)"
        )
    return folder


def _read(folder: Path, name: str, columns: list[str]) -> pa.Table:
    path = folder / f"{name}.parquet"
    try:
        table = pq.read_table(path, columns=columns)
    except (OSError, pa.ArrowInvalid, KeyError) as exc:
        raise InputFileError(path, f"cannot be read: {exc}") from exc
    return table


def _entity_truth(warehouse: Warehouse, folder: Path, key_file: Path | None) -> None:
    """``derive__entity_truth(entity_id, true_person_id)``: each entity's majority true person."""
    key = load_key(key_file)
    records = _read(folder, "person_record", ["dataset", "partner_code", "person_id", "true_person_id"])
    pseudonyms = [
        key.person_id(d, p, r)
        for d, p, r in zip(
            records["dataset"].to_pylist(),
            records["partner_code"].to_pylist(),
            records["person_id"].to_pylist(),
            strict=True,
        )
    ]
    warehouse.write_arrow(
        "derive__truth_record", records.set_column(2, "person_id", pa.array(pseudonyms, pa.string()))
    )
    warehouse.execute(
        """
        CREATE OR REPLACE TABLE derive__entity_truth AS
        SELECT entity_id, true_person_id FROM (
            SELECT m.entity_id, t.true_person_id,
                   row_number() OVER (PARTITION BY m.entity_id ORDER BY count(*) DESC, t.true_person_id) AS pick
            FROM entity_membership m
            JOIN derive__truth_record t ON t.dataset = m.dataset AND t.partner_code = m.partner_code
                 AND t.person_id = m.person_id
            GROUP BY m.entity_id, t.true_person_id
        ) ranked WHERE pick = 1
        """
    )


def _category_rows(warehouse: Warehouse, folder: Path) -> list[dict[str, Any]]:
    adversity = _read(
        folder, "adversity", ["true_person_id", "financial_year", "category", "subject", "recorded"]
    )
    adversity = adversity.filter(pc.equal(adversity["subject"], "child"))
    warehouse.write_arrow("derive__truth_adversity", adversity)
    cases = "\n".join(f"WHEN '{t}' THEN '{d}'" for t, d in CATEGORY_MAP.items())
    derived = "\nUNION ALL\n".join(
        f"SELECT entity_id, financial_year, '{d}' AS category FROM child_year WHERE {d}_events > 0"
        for d in sorted(set(CATEGORY_MAP.values()))
    )
    return warehouse.rows(
        f"""
        WITH truth AS (
            SELECT DISTINCT true_person_id, financial_year, CASE category {cases} END AS category, recorded
            FROM derive__truth_adversity
        ),
        derived AS (
            SELECT DISTINCT et.true_person_id, d.financial_year, d.category
            FROM ({derived}) d JOIN derive__entity_truth et USING (entity_id)
        ),
        years AS (SELECT DISTINCT financial_year FROM child_year)
        SELECT c.category, y.financial_year,
               (SELECT count(DISTINCT true_person_id) FROM truth t WHERE t.category = c.category AND t.financial_year = y.financial_year) AS true_count,
               (SELECT count(DISTINCT true_person_id) FROM truth t WHERE t.category = c.category AND t.financial_year = y.financial_year AND t.recorded) AS truth_recorded,
               (SELECT count(*) FROM derived d WHERE d.category = c.category AND d.financial_year = y.financial_year) AS derived_recorded,
               (SELECT count(*) FROM derived d JOIN truth t ON t.true_person_id = d.true_person_id AND t.category = d.category
                    AND t.financial_year = d.financial_year
                WHERE d.category = c.category AND d.financial_year = y.financial_year) AS derived_and_true
        FROM (SELECT DISTINCT category FROM truth) c CROSS JOIN years y
        ORDER BY c.category, y.financial_year
        """
    )


def _md_rows(warehouse: Warehouse, folder: Path) -> list[dict[str, Any]]:
    summary = _read(
        folder, "multiple_disadvantage_summary", ["financial_year", "lad19_code", "adults", "two_plus"]
    )
    warehouse.write_arrow("derive__truth_md", summary)
    rows = warehouse.rows(
        """
        WITH truth AS (SELECT financial_year, sum(two_plus) AS true_two_plus, sum(adults) AS adults
                       FROM derive__truth_md GROUP BY financial_year),
        recorded AS (SELECT financial_year, sum(CASE WHEN domain_count >= 2 THEN 1 ELSE 0 END) AS recorded_two_plus
                     FROM adult_year GROUP BY financial_year)
        SELECT t.financial_year, t.adults, t.true_two_plus, coalesce(r.recorded_two_plus, 0) AS recorded_two_plus,
               c.estimate AS crc_estimate, c.lower AS crc_lower, c.upper AS crc_upper, c.model AS crc_model
        FROM truth t
        LEFT JOIN recorded r USING (financial_year)
        LEFT JOIN capture_recapture c ON c.period = t.financial_year AND c.area_type = 'region'
             AND c.population = 'multiple_disadvantage' AND c.estimator = 'coverage_adjusted'
        ORDER BY t.financial_year
        """
    )
    for row in rows:
        lower, upper = row["crc_lower"], row["crc_upper"]
        row["crc_contains_truth"] = None if lower is None else bool(lower <= row["true_two_plus"] <= upper)
    return rows


def compare_with_truth(warehouse: Warehouse, truth_dir: Path, key_file: Path | None) -> TruthReport:
    """Build ``derive_truth_comparison`` and ``derive_truth_md`` and return their rows."""
    folder = _truth_folder(truth_dir)
    with warehouse.transaction():
        _entity_truth(warehouse, folder, key_file)
        categories = _category_rows(warehouse, folder)
        md = _md_rows(warehouse, folder)
        warehouse.write_arrow("derive_truth_comparison", pa.Table.from_pylist(categories))
        warehouse.write_arrow("derive_truth_md", pa.Table.from_pylist(md))
        for table in (
            "derive__truth_record",
            "derive__entity_truth",
            "derive__truth_adversity",
            "derive__truth_md",
        ):
            warehouse.execute(f"DROP TABLE IF EXISTS {table}")
    return TruthReport(categories, md)


def print_truth_report(report: TruthReport) -> None:
    table = Table(title="Children: true vs recorded prevalence (synthetic truth)")
    for column in ("Category", "Year", "True", "Recorded (truth)", "Derived", "Derived & true"):
        table.add_column(column, justify="left" if column in ("Category", "Year") else "right")
    for row in report.categories:
        table.add_row(
            row["category"],
            row["financial_year"],
            f"{row['true_count']:,}",
            f"{row['truth_recorded']:,}",
            f"{row['derived_recorded']:,}",
            f"{row['derived_and_true']:,}",
        )
    console.print(table)
    md = Table(title="Adults with multiple disadvantage (2+ domains): truth vs capture-recapture")
    for column in ("Year", "True", "Recorded", "Estimate", "95% interval", "Contains truth"):
        md.add_column(column, justify="left" if column == "Year" else "right")
    for row in report.multiple_disadvantage:
        interval = "–" if row["crc_lower"] is None else f"{row['crc_lower']:,.0f}–{row['crc_upper']:,.0f}"
        estimate = "–" if row["crc_estimate"] is None else f"{row['crc_estimate']:,.0f}"
        md.add_row(
            row["financial_year"],
            f"{row['true_two_plus']:,}",
            f"{row['recorded_two_plus']:,}",
            estimate,
            interval,
            str(row["crc_contains_truth"]),
        )
    console.print(md)
