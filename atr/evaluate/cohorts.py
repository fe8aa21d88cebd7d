"""The priority cohorts, declared in YAML, counted per district and year, with how many were reached.

Each cohort is one or more sources — a person-year table of derive's (``child_year``,
``adult_year``, ``adult_population_year``) and an SQL condition on its columns — and its rule in
plain words, published beside the counts (``cohort_definition``). ``ever: true`` keeps a person
in the cohort from their first qualifying year (care-experienced stays care-experienced) in
every later year they have a child-year. A person is *reached* in a year when they started any
programme by its end. Counts are disclosure-controlled like every published figure: 1 to
``suppress_below - 1`` withheld, others rounded; when one district of a cohort-year is withheld,
the next smallest is withheld too, so the West Yorkshire total cannot give it back.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from atr.errors import InputFileError
from atr.evaluate.frame import fy_label_sql
from atr.indicators import DisclosureSettings
from atr.package_data import data_text
from atr.reference import REGION_CODE
from atr.warehouse import Warehouse, sql_literal

DEFAULT_FILE = "atr/evaluate/data/cohorts.yaml"
SOURCE_TABLES = ("child_year", "adult_year", "adult_population_year")


class CohortSource(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    table: str = Field(pattern=f"^({'|'.join(SOURCE_TABLES)})$")
    where: str


class Cohort(BaseModel):
    """One priority cohort: who is in it, from which table, and its rule in words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    rule: str
    sources: tuple[CohortSource, ...] = Field(min_length=1)
    ever: bool = False


class CohortList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cohorts: list[Cohort]


def load_cohorts(path: Path | None = None) -> list[Cohort]:
    """The project's cohorts (``path``) or the package's six; errors name the file and field."""
    where = str(path) if path is not None else DEFAULT_FILE
    try:
        text = (
            path.read_text(encoding="utf-8")
            if path is not None
            else data_text("atr.evaluate", "cohorts.yaml")
        )
        raw = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise InputFileError(where, f"cannot read the cohorts: {exc}") from exc
    try:
        return CohortList.model_validate(raw).cohorts
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputFileError(where, first["msg"], field=".".join(str(p) for p in first["loc"])) from exc


def cohort_members_sql(cohort: Cohort) -> str:
    """The cohort's (entity_id, financial_year, lad19_code) rows as one SELECT."""
    # An explicit alias (the table's own name, which rules may use): Spark's parser reads
    # `FROM t WHERE (x)` closing a subquery as `t` aliased `WHERE` with a column list `(x)`
    # (ASSIGNMENT_ARITY_MISMATCH); DuckDB does not.
    parts = [
        f"SELECT {s.table}.entity_id, {s.table}.financial_year, {s.table}.lad19_code "
        f"FROM {s.table} AS {s.table} WHERE ({s.where})"
        for s in cohort.sources
    ]
    members = " UNION ".join(parts)
    if not cohort.ever:
        return members
    return (
        f"SELECT cy.entity_id, cy.financial_year, cy.lad19_code FROM child_year cy "
        f"JOIN (SELECT entity_id, min(financial_year) AS first_year FROM ({members}) AS q GROUP BY entity_id) AS f "
        f"ON f.entity_id = cy.entity_id AND cy.financial_year >= f.first_year"
    )


def build_cohorts(wh: Warehouse, cohorts: list[Cohort], disclosure: DisclosureSettings) -> int:
    """``cohort_definition`` and ``cohort_count``; returns the number of count rows."""
    definitions = ", ".join(
        f"({sql_literal(c.code)}, {sql_literal(c.title)}, {sql_literal(c.rule)}, "
        f"{sql_literal('; '.join(f'{s.table}: {s.where}' for s in c.sources))})"
        for c in cohorts
    )
    wh.execute(
        f"CREATE OR REPLACE TABLE cohort_definition AS SELECT * FROM (VALUES {definitions}) "
        "AS t(cohort, title, rule, source)"
    )
    members = " UNION ALL ".join(
        f"SELECT DISTINCT {sql_literal(c.code)} AS cohort, m.* FROM ({cohort_members_sql(c)}) AS m"
        for c in cohorts
    )
    for cohort in cohorts:
        try:
            wh.execute(f"SELECT count(*) FROM ({cohort_members_sql(cohort)}) AS q")
        except Exception as exc:
            raise InputFileError(
                DEFAULT_FILE, f"cohort '{cohort.code}' cannot be counted: {str(exc).splitlines()[0]}"
            ) from exc
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluate__cohort_members AS {members}
        """
    )
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluate__cohort_raw AS
        WITH m AS (SELECT * FROM evaluate__cohort_members),
        reached AS (SELECT entity_id, min(start_date) AS first_start FROM evaluate__participants GROUP BY entity_id),
        flagged AS (
            SELECT m.cohort, coalesce(m.lad19_code, 'not known') AS district, m.financial_year, m.entity_id,
                   r.first_start IS NOT NULL AND {fy_label_sql("r.first_start")} <= m.financial_year AS reached
            FROM m LEFT JOIN reached r ON r.entity_id = m.entity_id
        )
        SELECT cohort, district, financial_year, count(DISTINCT entity_id) AS people,
               count(DISTINCT CASE WHEN reached THEN entity_id END) AS people_reached
        FROM flagged GROUP BY ALL
        UNION ALL
        SELECT cohort, {sql_literal(REGION_CODE)}, financial_year, count(DISTINCT entity_id),
               count(DISTINCT CASE WHEN reached THEN entity_id END)
        FROM flagged GROUP BY ALL
        """
    )
    _disclose(wh, disclosure)
    return wh.count("cohort_count")


def _disclose(wh: Warehouse, rules: DisclosureSettings) -> None:
    """Primary suppression, one complementary district per cohort-year, rounding."""
    import pyarrow as pa

    raw = wh.query("SELECT * FROM evaluate__cohort_raw ORDER BY cohort, financial_year, district").to_pandas()
    out = raw.copy()
    for column in ("people", "people_reached"):
        small = (raw[column] > 0) & (raw[column] < rules.suppress_below)
        hidden = small.copy()
        districts = raw["district"] != REGION_CODE
        for _key, group in raw[districts].groupby(["cohort", "financial_year"]):
            if int(hidden[group.index].sum()) == 1:
                others = group[~hidden[group.index]].sort_values(column)
                if not others.empty:
                    hidden[others.index[0]] = True
        rounded = (raw[column] / rules.round_to).round() * rules.round_to
        out[column] = rounded.where(~hidden).astype("Int64")
        out[f"{column}_hidden"] = hidden
    out["suppressed"] = out["people_hidden"] | out["people_reached_hidden"]
    out = out.drop(columns=["people_hidden", "people_reached_hidden"])
    wh.write_arrow("cohort_count", pa.Table.from_pandas(out, preserve_index=False))
