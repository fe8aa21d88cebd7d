"""``evaluation_frame``: one row per programme and person, participants and comparison pool.

Participants come from ``programme_participation`` through ``entity_membership`` (people, not
referrals: a person's first start in a programme, whichever provider sent it). The comparison
pool of a programme is everyone in no programme at all who has a child-year in the index year
and is of an age the programme serves (for school-level programmes: a pupil of another school).
Each pool member is given a pseudo start date drawn from the programme's own start dates, by a
seeded hash of the person, so the pool has the participants' calendar spread and reruns agree.
"""

from __future__ import annotations

from atr.evaluate.outcomes import build_outcome_events, outcome_columns_sql
from atr.evaluate.programmes import Programme
from atr.outcome_windows import FRAME_OUTCOME_COLUMNS
from atr.periods import age_sql
from atr.warehouse import Warehouse, sql_literal

FRAME_COLUMNS: tuple[str, ...] = (
    "programme_code",
    "person_key",
    "participant",
    "start_date",
    "index_financial_year",
    "linked",
    "district",
    "age",
    "age_band",
    "sex",
    "imd_decile",
    "prior_adversity_count",
    "school_urn",
    *FRAME_OUTCOME_COLUMNS,
)
"""The frame's columns, in order (docs/tables.md, evaluate)."""

OUTCOME_DATASETS = ("school", "youth_justice", "lac", "mental_health", "csc")


def fy_label_sql(date: str) -> str:
    """The financial year of a date as ``2022/23``."""
    first = f"(year({date}) - CASE WHEN month({date}) < 4 THEN 1 ELSE 0 END)"
    return f"CAST({first} AS VARCHAR) || '/' || lpad(CAST(({first} + 1) % 100 AS VARCHAR), 2, '0')"


def _programmes_values(programmes: list[Programme]) -> str:
    rows = ", ".join(
        f"({sql_literal(p.code)}, {p.ages[0]}, {p.ages[1]}, {sql_literal(p.unit)})" for p in programmes
    )
    return f"(VALUES {rows}) AS pr(programme_code, age_lo, age_hi, unit)"


def build_period(wh: Warehouse) -> None:
    """``evaluate__period``: the days every outcome dataset covers (the latest start, earliest end)."""
    datasets = ", ".join(sql_literal(d) for d in OUTCOME_DATASETS)
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluate__period AS
        SELECT max(period_start) AS data_start, min(period_end) AS data_end
        FROM ingest_batch WHERE dataset IN ({datasets})
        """
    )


def build_index(wh: Warehouse, programmes: list[Programme], seed: int) -> None:
    """``evaluate__index``: who is in each programme's frame, with their (pseudo) start date."""
    h = wh.dialect.hash64(["pool.entity_id", "pool.programme_code", str(int(seed))])
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluate__index AS
        WITH starts AS (
            SELECT programme_code, start_date,
                   row_number() OVER (PARTITION BY programme_code ORDER BY start_date, entity_id) - 1 AS k,
                   count(*) OVER (PARTITION BY programme_code) AS n
            FROM evaluate__participants WHERE linked
        ),
        sizes AS (SELECT DISTINCT programme_code, n FROM starts),
        anyone AS (SELECT DISTINCT entity_id FROM evaluate__participation WHERE entity_id IS NOT NULL),
        pool AS (
            SELECT e.entity_id, pr.programme_code, pr.age_lo, pr.age_hi, pr.unit, s.n
            FROM entity e
            CROSS JOIN {_programmes_values(programmes)}
            JOIN sizes s ON s.programme_code = pr.programme_code
            WHERE e.birth_year IS NOT NULL AND e.entity_id NOT IN (SELECT entity_id FROM anyone)
        ),
        drawn AS (
            SELECT pool.*, st.start_date
            FROM pool JOIN starts st ON st.programme_code = pool.programme_code
             AND st.k = ((CAST(({h}) % pool.n AS BIGINT)) + pool.n) % pool.n
        )
        SELECT d.programme_code, d.entity_id AS person_key, FALSE AS participant, d.start_date,
               CAST(NULL AS VARCHAR) AS provider_code, TRUE AS linked, d.unit
        FROM drawn d
        JOIN entity e ON e.entity_id = d.entity_id
        JOIN child_year cy ON cy.entity_id = d.entity_id AND cy.financial_year = {fy_label_sql("d.start_date")}
        WHERE {age_sql("e", "d.start_date")} BETWEEN d.age_lo AND d.age_hi
        UNION ALL
        SELECT p.programme_code, p.entity_id, TRUE, p.start_date, p.provider_code, p.linked, pr.unit
        FROM evaluate__participants p JOIN {_programmes_values(programmes)} ON pr.programme_code = p.programme_code
        """
    )


def build_frame(wh: Warehouse, programmes: list[Programme], seed: int) -> int:
    """Write ``evaluation_frame``; returns its number of rows."""
    build_period(wh)
    build_outcome_events(wh)
    build_index(wh, programmes, seed)
    age = age_sql("e", "i.start_date")
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluate__people AS
        WITH school AS (
            SELECT i.programme_code, i.person_key, max_by(en.urn, en.entry_date) AS urn
            FROM evaluate__index i
            JOIN entity_membership m ON m.entity_id = i.person_key AND m.dataset = 'school'
            JOIN school_enrolment en ON en.dataset = m.dataset AND en.partner_code = m.partner_code
             AND en.person_id = m.person_id
            WHERE en.entry_date <= i.start_date AND (en.leaving_date IS NULL OR en.leaving_date >= i.start_date)
            GROUP BY i.programme_code, i.person_key
        ),
        adversity AS (
            SELECT i.programme_code, i.person_key, count(DISTINCT a.category) AS categories
            FROM evaluate__index i JOIN adversity_event a ON a.entity_id = i.person_key
            WHERE a.event_date < i.start_date
            GROUP BY i.programme_code, i.person_key
        )
        SELECT i.programme_code, i.person_key, i.participant, i.start_date,
               {fy_label_sql("i.start_date")} AS index_financial_year, i.linked,
               coalesce(cy.lad19_code, e.lad19_code) AS district,
               {age} AS age,
               CASE WHEN {age} < 5 THEN '0-4' WHEN {age} < 10 THEN '5-9' WHEN {age} < 15 THEN '10-14'
                    WHEN {age} < 18 THEN '15-17' ELSE '18-25' END AS age_band,
               e.sex, cy.imd_decile, coalesce(adv.categories, 0) AS prior_adversity_count,
               CASE WHEN i.unit = 'school' AND i.participant THEN i.provider_code
                    ELSE CAST(s.urn AS VARCHAR) END AS school_urn,
               i.unit
        FROM evaluate__index i
        JOIN entity e ON e.entity_id = i.person_key
        LEFT JOIN child_year cy ON cy.entity_id = i.person_key AND cy.financial_year = {fy_label_sql("i.start_date")}
        LEFT JOIN school s ON s.programme_code = i.programme_code AND s.person_key = i.person_key
        LEFT JOIN adversity adv ON adv.programme_code = i.programme_code AND adv.person_key = i.person_key
        """
    )
    # School-level programmes compare with pupils of schools the programme did not work in.
    wh.execute(
        """
        DELETE FROM evaluate__people
        WHERE NOT participant AND unit = 'school' AND (
            school_urn IS NULL OR school_urn IN (
                SELECT DISTINCT q.school_urn FROM evaluate__people q
                WHERE q.participant AND q.programme_code = evaluate__people.programme_code
                  AND q.school_urn IS NOT NULL))
        """
    )
    outcomes = ", ".join(f"o.{c}" for c in FRAME_OUTCOME_COLUMNS)
    people = ", ".join(f"p.{c}" for c in FRAME_COLUMNS if c not in FRAME_OUTCOME_COLUMNS)
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluation_frame AS
        WITH o AS ({outcome_columns_sql("evaluate__people")})
        SELECT {people}, {outcomes}
        FROM evaluate__people p JOIN o ON o.programme_code = p.programme_code AND o.person_key = p.person_key
        ORDER BY p.programme_code, NOT p.participant, p.person_key
        """
    )
    return wh.count("evaluation_frame")
