"""The schools' termly series and the school-level programmes' starts, for the comparative ITS.

The school dataset is per pupil (CONTRACT §4: attendance per academic year and term, exclusions
with a start date, enrolments with a URN and dates), so the honest period is the **term**:
attendance is only known per term, and a monthly series would invent its spread. A pupil's term
belongs to the school whose enrolment covers the term's middle day (``atr.outcome_windows``; the
latest entry if two do); an exclusion to the school enrolled at on its start date, in the term of
that date (September to December autumn, January to March spring, April to August summer: the
contract carries no term dates, so the Easter weeks of early April count as summer). Attendance
and exclusions without a covering enrolment cannot be placed in a school and are counted.

``evaluate__school_term(urn, partner_code, academic_year, term, period, pupils, possible, absent,
persistent, suspensions, exclusions)``: one row per school and term with attendance, ``period``
a running term number (``3 × first calendar year + 0/1/2`` for autumn, spring, summer),
``persistent`` the pupils who missed 10%+ of the term's possible sessions, and ``partner_code``
the local authority that sent most of the school's rows (its district). Counts only: no pupil.

``evaluate__school_start(programme_code, urn, start_date)``: for each programme that works with
whole schools, each school it worked in (the participation's ``provider_code``, a DfE URN) and
when: the first start of any of its pupils there.
"""

from __future__ import annotations

from atr.evaluate.outcomes import term_middle_sql
from atr.evaluate.programmes import Programme
from atr.outcome_windows import PERSISTENT_ABSENCE_SHARE, TERM_MIDDLES
from atr.warehouse import Warehouse, sql_literal

TERM_ORDER = {term: i for i, term in enumerate(TERM_MIDDLES)}
"""AUT 0, SPR 1, SUM 2: a term's place in its academic year."""


def _academic_year_sql(date: str) -> str:
    first = f"(year({date}) - CASE WHEN month({date}) < 9 THEN 1 ELSE 0 END)"
    return f"CAST({first} AS VARCHAR) || '/' || lpad(CAST(({first} + 1) % 100 AS VARCHAR), 2, '0')"


def _term_of_date_sql(date: str) -> str:
    return f"CASE WHEN month({date}) >= 9 THEN 'AUT' WHEN month({date}) <= 3 THEN 'SPR' ELSE 'SUM' END"


def _covering(enrolment: str, day: str) -> str:
    return (
        f"({enrolment}.entry_date IS NULL OR {enrolment}.entry_date <= {day}) "
        f"AND ({enrolment}.leaving_date IS NULL OR {enrolment}.leaving_date >= {day})"
    )


def _same_pupil(left: str, right: str) -> str:
    return (
        f"{left}.dataset = {right}.dataset AND {left}.partner_code = {right}.partner_code "
        f"AND {left}.person_id = {right}.person_id"
    )


def build_school_panel(wh: Warehouse) -> dict[str, int]:
    """Write ``evaluate__school_term``; return the rows that could not be placed in a school."""
    terms = ", ".join(sql_literal(t) for t in TERM_MIDDLES)
    order = " ".join(f"WHEN '{t}' THEN {i}" for t, i in TERM_ORDER.items())
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluate__pupil_term AS
        WITH att AS (
            SELECT a.dataset, a.partner_code, a.person_id, a.academic_year, a.term,
                   sum(a.sessions_possible) AS possible,
                   sum(coalesce(a.sessions_authorised_absence, 0) + coalesce(a.sessions_unauthorised_absence, 0))
                       AS absent
            FROM school_attendance a
            WHERE a.term IN ({terms}) AND regexp_matches(a.academic_year, '^[0-9]{{4}}/[0-9]{{2}}$')
              AND a.sessions_possible > 0
            GROUP BY a.dataset, a.partner_code, a.person_id, a.academic_year, a.term
        ),
        dated AS (SELECT att.*, {term_middle_sql("att.academic_year", "att.term")} AS middle FROM att)
        SELECT d.dataset, d.partner_code, d.person_id, d.academic_year, d.term, d.possible, d.absent,
               max_by(en.urn, coalesce(en.entry_date, DATE '1900-01-01')) AS urn
        FROM dated d
        LEFT JOIN school_enrolment en ON {_same_pupil("en", "d")} AND {_covering("en", "d.middle")}
        GROUP BY d.dataset, d.partner_code, d.person_id, d.academic_year, d.term, d.possible, d.absent
        """
    )
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluate__school_exclusion AS
        SELECT x.record_id, x.category, {_academic_year_sql("x.start_date")} AS academic_year,
               {_term_of_date_sql("x.start_date")} AS term, max_by(en.urn, coalesce(en.entry_date, DATE '1900-01-01')) AS urn
        FROM school_exclusion x
        LEFT JOIN school_enrolment en ON {_same_pupil("en", "x")} AND {_covering("en", "x.start_date")}
        WHERE x.category IN ('SUSP', 'PERM') AND x.start_date IS NOT NULL
        GROUP BY x.dataset, x.partner_code, x.record_id, x.category, x.start_date
        """
    )
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluate__school_term AS
        WITH pupils AS (
            SELECT urn, academic_year, term, min(partner_code) AS partner_code, count(*) AS pupils,
                   sum(possible) AS possible, sum(absent) AS absent,
                   sum(CASE WHEN absent >= {PERSISTENT_ABSENCE_SHARE} * possible THEN 1 ELSE 0 END) AS persistent
            FROM evaluate__pupil_term WHERE urn IS NOT NULL
            GROUP BY urn, academic_year, term
        ),
        excluded AS (
            SELECT urn, academic_year, term,
                   sum(CASE WHEN category = 'SUSP' THEN 1 ELSE 0 END) AS suspensions,
                   sum(CASE WHEN category = 'PERM' THEN 1 ELSE 0 END) AS exclusions
            FROM evaluate__school_exclusion WHERE urn IS NOT NULL
            GROUP BY urn, academic_year, term
        ),
        sent_by AS (
            SELECT urn, partner_code, row_number() OVER (PARTITION BY urn ORDER BY sum(pupils) DESC, partner_code) AS nth
            FROM pupils GROUP BY urn, partner_code
        )
        SELECT CAST(p.urn AS VARCHAR) AS urn, s.partner_code, p.academic_year, p.term,
               CAST(substr(p.academic_year, 1, 4) AS INTEGER) * 3 + CASE p.term {order} END AS period,
               p.pupils, p.possible, p.absent, p.persistent,
               coalesce(e.suspensions, 0) AS suspensions, coalesce(e.exclusions, 0) AS exclusions
        FROM pupils p
        JOIN sent_by s ON s.urn = p.urn AND s.nth = 1
        LEFT JOIN excluded e ON e.urn = p.urn AND e.academic_year = p.academic_year AND e.term = p.term
        """
    )
    counts = wh.rows(
        "SELECT (SELECT count(*) FROM evaluate__pupil_term WHERE urn IS NULL) AS attendance, "
        "(SELECT count(*) FROM evaluate__school_exclusion WHERE urn IS NULL) AS exclusions"
    )[0]
    return {"attendance": int(counts["attendance"]), "exclusions": int(counts["exclusions"])}


def build_school_starts(wh: Warehouse, programmes: list[Programme]) -> None:
    """Write ``evaluate__school_start`` (empty, with its columns, without school programmes)."""
    codes = ", ".join(sql_literal(p.code) for p in programmes if p.unit == "school") or "NULL"
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluate__school_start AS
        SELECT programme_code, CAST(provider_code AS VARCHAR) AS urn, min(start_date) AS start_date
        FROM evaluate__participation
        WHERE known_programme AND programme_code IN ({codes}) AND provider_code IS NOT NULL
          AND start_date IS NOT NULL
        GROUP BY programme_code, provider_code
        """
    )
