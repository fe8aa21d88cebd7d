"""What the dashboard may show of the evaluation: per programme, aggregates only.

``evaluation_programme`` (the programme list, with the people each supported) and
``evaluation_profile`` (how many of a programme's participants were in each priority cohort in
the year they started) are counts, so they get the project's disclosure rule here: 1 to
``suppress_below - 1`` withheld, others rounded to ``round_to``, shares computed from the rounded
counts. When one programme's count is withheld, the next smallest is withheld too (programmes'
counts can add up to the total of people supported). ``evaluation_effect`` and
``evaluation_balance`` are estimates; publish rounds their numbers of people.
"""

from __future__ import annotations

from atr.evaluate.frame import fy_label_sql
from atr.evaluate.programmes import Programme
from atr.indicators import DisclosureSettings
from atr.warehouse import Warehouse, sql_literal


def _controlled(column: str, rules: DisclosureSettings) -> str:
    return (
        f"CASE WHEN {column} > 0 AND {column} < {rules.suppress_below} THEN NULL "
        f"ELSE CAST(round({column} / {rules.round_to}) * {rules.round_to} AS BIGINT) END"
    )


def write_published(wh: Warehouse, programmes: list[Programme], rules: DisclosureSettings) -> None:
    listed = ", ".join(
        f"({sql_literal(p.code)}, {sql_literal(p.name)}, {sql_literal(p.description.strip())}, "
        f"{sql_literal(f'{p.ages[0]} to {p.ages[1]}')}, {sql_literal(p.unit)}, {sql_literal(', '.join(p.outcomes))}, "
        f"{i})"
        for i, p in enumerate(programmes)
    )
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluate__reach AS
        SELECT pr.programme_code, pr.name, pr.description, pr.ages, pr.unit, pr.outcomes, pr.position,
               count(DISTINCT p.entity_id) AS people
        FROM (VALUES {listed}) AS pr(programme_code, name, description, ages, unit, outcomes, position)
        LEFT JOIN evaluate__participants p ON p.programme_code = pr.programme_code
        GROUP BY ALL
        """
    )
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluation_programme AS
        WITH ranked AS (
            SELECT *, people > 0 AND people < {rules.suppress_below} AS small,
                   row_number() OVER (ORDER BY people, programme_code) AS size_rank
            FROM evaluate__reach
        ),
        hidden AS (
            SELECT r.*, r.small OR (
                (SELECT count(*) FROM ranked WHERE small) = 1 AND NOT r.small
                AND r.size_rank = (SELECT min(size_rank) FROM ranked WHERE NOT small)
            ) AS suppressed
            FROM ranked r
        )
        SELECT programme_code, name, description, ages, unit, outcomes,
               CASE WHEN suppressed THEN NULL ELSE {_controlled("people", rules)} END AS people_supported,
               suppressed
        FROM hidden ORDER BY position
        """
    )
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluation_profile AS
        WITH counted AS (
            SELECT p.programme_code, d.cohort, d.title, count(DISTINCT p.entity_id) AS people
            FROM evaluate__participants p
            CROSS JOIN cohort_definition d
            LEFT JOIN evaluate__cohort_members m ON m.entity_id = p.entity_id AND m.cohort = d.cohort
             AND m.financial_year = {_fy("p.start_date")}
            WHERE m.entity_id IS NOT NULL
            GROUP BY ALL
        )
        SELECT pr.programme_code, d.cohort, d.title, {_controlled("coalesce(c.people, 0)", rules)} AS people,
               coalesce(c.people, 0) > 0 AND coalesce(c.people, 0) < {rules.suppress_below} AS suppressed
        FROM evaluation_programme pr CROSS JOIN cohort_definition d
        LEFT JOIN counted c ON c.programme_code = pr.programme_code AND c.cohort = d.cohort
        ORDER BY pr.programme_code, d.cohort
        """
    )


def _fy(date: str) -> str:
    return fy_label_sql(date)
