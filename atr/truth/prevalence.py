"""Compare what derive recorded with the synthetic ground truth (``atr synth``'s ``DIR/truth``).

Two questions, answered per financial year:

- for each adverse experience of children and each adult domain: how many people truly had it
  (``adversity``), how many the records show under derive's documented rules
  (``recorded_adversity``, worked out by the generator from its own people and households), how
  many derive found, and who is in one but not the other. With perfect linkage
  (``perfect_linkage.py``) derive must equal the records exactly, person by person; with real
  linkage the differences measure linkage. The gap between true and recorded is the hidden part;
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
from rich.table import Table

from atr.console import console
from atr.derive import ADULT_DOMAINS as DOMAINS
from atr.derive import CATEGORY_NAMES
from atr.pseudonymise import PseudonymisationKey
from atr.truth.files import pseudonymised_records, read_truth_table, truth_folder
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

# the truth's adult domains → adult_year's columns
ADULT_CATEGORY_MAP: dict[str, str] = {
    "homelessness": "homelessness",
    "offending": "offending",
    "substance_dependency": "substance_misuse",
    "mental_ill_health": "mental_health",
}


@dataclass
class TruthReport:
    categories: list[dict[str, Any]]
    multiple_disadvantage: list[dict[str, Any]]


def _entity_truth(warehouse: Warehouse, folder: Path, key: PseudonymisationKey) -> None:
    """``truth__entity_truth(entity_id, true_person_id)``: each entity's majority true person."""
    warehouse.write_arrow("truth__prevalence_records", pseudonymised_records(folder, key))
    warehouse.execute(
        """
        CREATE OR REPLACE TABLE truth__entity_truth AS
        SELECT entity_id, true_person_id FROM (
            SELECT m.entity_id, t.true_person_id,
                   row_number() OVER (PARTITION BY m.entity_id ORDER BY count(*) DESC, t.true_person_id) AS pick
            FROM entity_membership m
            JOIN truth__prevalence_records t ON t.dataset = m.dataset AND t.partner_code = m.partner_code
                 AND t.person_id = m.person_id
            GROUP BY m.entity_id, t.true_person_id
        ) ranked WHERE pick = 1
        """
    )


def _category_rows(warehouse: Warehouse, folder: Path) -> list[dict[str, Any]]:
    """Per subject, category and year: true, recorded (truth) and derived counts, and their overlaps."""
    columns = ["true_person_id", "financial_year", "category", "subject"]
    warehouse.write_arrow("truth__adversity", read_truth_table(folder, "adversity", columns))
    warehouse.write_arrow(
        "truth__recorded", read_truth_table(folder, "recorded_adversity", [*columns, "is_true"])
    )
    cases = " ".join(f"WHEN '{t}' THEN '{d}'" for t, d in {**CATEGORY_MAP, **ADULT_CATEGORY_MAP}.items())
    derived = " UNION ALL ".join(
        [
            *(
                f"SELECT entity_id, financial_year, 'child' AS subject, '{c}' AS category FROM child_year WHERE {c}_events > 0"
                for c in CATEGORY_NAMES
            ),
            *(
                f"SELECT entity_id, financial_year, 'adult' AS subject, '{d}' AS category FROM adult_year WHERE {d}"
                for d in DOMAINS
            ),
        ]
    )
    keys = ", ".join(
        [
            *(f"('child', '{c}', {c in CATEGORY_MAP.values()})" for c in CATEGORY_NAMES),
            *(f"('adult', '{d}', TRUE)" for d in DOMAINS),
        ]
    )
    return warehouse.rows(
        f"""
        WITH flagged AS (
            SELECT et.true_person_id, d.financial_year, d.subject, d.category, 1 AS d, 0 AS r, 0 AS t
            FROM ({derived}) d JOIN truth__entity_truth et USING (entity_id)
            UNION ALL
            SELECT true_person_id, financial_year, subject, category, 0 AS d, 1 AS r, 0 AS t FROM truth__recorded
            UNION ALL
            SELECT true_person_id, financial_year, subject, CASE category {cases} ELSE category END AS category,
                   0 AS d, 0 AS r, 1 AS t
            FROM truth__adversity
        ),
        person AS (
            SELECT true_person_id, financial_year, subject, category, max(d) AS d, max(r) AS r, max(t) AS t
            FROM flagged GROUP BY true_person_id, financial_year, subject, category
        ),
        years AS (SELECT DISTINCT financial_year FROM child_year UNION SELECT DISTINCT financial_year FROM adult_year),
        keys AS (SELECT * FROM (VALUES {keys}) AS k(subject, category, has_truth))
        SELECT k.subject, k.category, y.financial_year,
               CASE WHEN k.has_truth THEN CAST(coalesce(sum(p.t), 0) AS BIGINT) END AS true_count,
               CAST(coalesce(sum(p.r), 0) AS BIGINT) AS truth_recorded,
               CAST(coalesce(sum(p.r * p.t), 0) AS BIGINT) AS truth_recorded_and_true,
               CAST(coalesce(sum(p.d), 0) AS BIGINT) AS derived_recorded,
               CAST(coalesce(sum(p.d * p.t), 0) AS BIGINT) AS derived_and_true,
               CAST(coalesce(sum(p.d * (1 - p.r)), 0) AS BIGINT) AS derived_not_recorded,
               CAST(coalesce(sum(p.r * (1 - p.d)), 0) AS BIGINT) AS recorded_not_derived
        FROM keys k CROSS JOIN years y
        LEFT JOIN person p ON p.subject = k.subject AND p.category = k.category AND p.financial_year = y.financial_year
        GROUP BY k.subject, k.category, k.has_truth, y.financial_year
        ORDER BY k.subject DESC, k.category, y.financial_year
        """
    )


def _md_rows(warehouse: Warehouse, folder: Path) -> list[dict[str, Any]]:
    summary = read_truth_table(
        folder, "multiple_disadvantage_summary", ["financial_year", "lad19_code", "adults", "two_plus"]
    )
    warehouse.write_arrow("truth__md", summary)
    rows = warehouse.rows(
        f"""
        WITH truth AS (SELECT financial_year, sum(two_plus) AS true_two_plus, sum(adults) AS adults
                       FROM truth__md GROUP BY financial_year),
        recorded AS (SELECT financial_year, sum(CASE WHEN domain_count >= 2 THEN 1 ELSE 0 END) AS recorded_two_plus
                     FROM adult_year GROUP BY financial_year),
        truth_recorded AS (
            SELECT financial_year, count(*) AS truth_recorded_two_plus FROM (
                SELECT true_person_id, financial_year FROM truth__recorded
                WHERE subject = 'adult' AND category IN ({", ".join(f"'{d}'" for d in DOMAINS)})
                GROUP BY true_person_id, financial_year HAVING count(DISTINCT category) >= 2
            ) two GROUP BY financial_year
        )
        SELECT t.financial_year, CAST(t.adults AS BIGINT) AS adults, CAST(t.true_two_plus AS BIGINT) AS true_two_plus,
               CAST(coalesce(tr.truth_recorded_two_plus, 0) AS BIGINT) AS truth_recorded_two_plus,
               CAST(coalesce(r.recorded_two_plus, 0) AS BIGINT) AS recorded_two_plus,
               c.estimate AS crc_estimate, c.lower AS crc_lower, c.upper AS crc_upper, c.model AS crc_model
        FROM truth t
        LEFT JOIN recorded r USING (financial_year)
        LEFT JOIN truth_recorded tr USING (financial_year)
        LEFT JOIN capture_recapture c ON c.period = t.financial_year AND c.area_type = 'region'
             AND c.population = 'multiple_disadvantage' AND c.estimator = 'coverage_adjusted'
        ORDER BY t.financial_year
        """
    )
    for row in rows:
        lower, upper = row["crc_lower"], row["crc_upper"]
        row["crc_contains_truth"] = None if lower is None else bool(lower <= row["true_two_plus"] <= upper)
    return rows


def compare_with_truth(warehouse: Warehouse, truth_dir: Path, key: PseudonymisationKey) -> TruthReport:
    """Build ``derive_truth_comparison`` and ``derive_truth_md`` and return their rows.

    ``key`` is the pseudonymisation key ingest used (the run's, loaded once).
    """
    folder = truth_folder(truth_dir)
    with warehouse.transaction():
        _entity_truth(warehouse, folder, key)
        categories = _category_rows(warehouse, folder)
        md = _md_rows(warehouse, folder)
        warehouse.write_arrow("derive_truth_comparison", pa.Table.from_pylist(categories))
        warehouse.write_arrow("derive_truth_md", pa.Table.from_pylist(md))
        for table in (
            "truth__prevalence_records",
            "truth__entity_truth",
            "truth__adversity",
            "truth__recorded",
            "truth__md",
        ):
            warehouse.execute(f"DROP TABLE IF EXISTS {table}")
    return TruthReport(categories, md)


def print_truth_report(report: TruthReport) -> None:
    table = Table(title="True vs recorded prevalence (synthetic truth; – = the truth holds no true state)")
    for column in (
        "Category",
        "Year",
        "True",
        "Recorded (truth)",
        "Derived",
        "Derived & true",
        "Not in both",
    ):
        table.add_column(column, justify="left" if column in ("Category", "Year") else "right")
    for row in report.categories:
        table.add_row(
            f"{row['category']}{' (adult)' if row['subject'] == 'adult' else ''}",
            row["financial_year"],
            "–" if row["true_count"] is None else f"{row['true_count']:,}",
            f"{row['truth_recorded']:,}",
            f"{row['derived_recorded']:,}",
            f"{row['derived_and_true']:,}",
            f"{row['derived_not_recorded'] + row['recorded_not_derived']:,}",
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
