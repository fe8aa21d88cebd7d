"""Each outcome as dated events per person, and each window's value around a start date.

The definitions are those of ``atr.outcome_windows`` (shared with the synthetic truth); this
module only spells them in SQL over the content tables, keyed by ``entity_id``:

- ``evaluate__events(entity_id, outcome, event_date)``: suspensions and permanent exclusions
  (``school_exclusion``), the first youth-justice outcome, care entries (a looked-after episode
  whose reason for a new episode is ``S``, started to be looked after), mental-health referrals,
  and social-care referrals after a person's first (distinct dates, so a duplicate record of one
  referral is not a re-referral);
- ``evaluate__terms(entity_id, term_middle, possible, absent)``: attendance by term, placed at
  the term's middle day.
"""

from __future__ import annotations

from atr.outcome_windows import OUTCOMES, PERSISTENT_ABSENCE_SHARE, TERM_MIDDLES, WINDOWS, column
from atr.warehouse import Warehouse


def _member(alias: str) -> str:
    return (
        f"JOIN entity_membership m ON m.dataset = {alias}.dataset "
        f"AND m.partner_code = {alias}.partner_code AND m.person_id = {alias}.person_id"
    )


def term_middle_sql(year: str, term: str) -> str:
    """The middle day of a term (``TERM_MIDDLES``) from an academic-year label and a term code."""

    def case(position: int) -> str:
        whens = " ".join(f"WHEN '{t}' THEN {parts[position]}" for t, parts in TERM_MIDDLES.items())
        return f"CASE {term} {whens} END"

    return f"make_date(CAST(substr({year}, 1, 4) AS INTEGER) + {case(0)}, {case(1)}, {case(2)})"


def build_outcome_events(wh: Warehouse) -> None:
    """``evaluate__events`` and ``evaluate__terms`` from the content tables."""
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluate__events AS
        SELECT m.entity_id, CASE x.category WHEN 'SUSP' THEN 'suspension' ELSE 'exclusion' END AS outcome,
               x.start_date AS event_date
        FROM school_exclusion x {_member("x")}
        WHERE x.category IN ('SUSP', 'PERM') AND x.start_date IS NOT NULL
        UNION ALL
        SELECT m.entity_id, 'yj_first_entry', min(y.outcome_date)
        FROM youth_justice_outcome y {_member("y")}
        WHERE y.outcome_date IS NOT NULL
        GROUP BY m.entity_id
        UNION ALL
        SELECT m.entity_id, 'care_entry', l.start_date
        FROM lac_episode l {_member("l")}
        WHERE l.reason_new_episode = 'S'
        UNION ALL
        SELECT m.entity_id, 'mh_referral', r.referral_received_date
        FROM mental_health_referral r {_member("r")}
        WHERE r.referral_received_date IS NOT NULL
        UNION ALL
        SELECT entity_id, 'csc_rereferral', referral_date
        FROM (
            SELECT entity_id, referral_date,
                   row_number() OVER (PARTITION BY entity_id ORDER BY referral_date) AS nth
            FROM (SELECT DISTINCT m.entity_id, c.referral_date
                  FROM csc_episode c {_member("c")} WHERE c.referral_date IS NOT NULL) AS d
        ) AS numbered
        WHERE nth > 1
        """
    )
    terms = "', '".join(TERM_MIDDLES)
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluate__terms AS
        SELECT m.entity_id, {term_middle_sql("a.academic_year", "a.term")} AS term_middle,
               a.sessions_possible AS possible,
               coalesce(a.sessions_authorised_absence, 0) + coalesce(a.sessions_unauthorised_absence, 0) AS absent
        FROM school_attendance a {_member("a")}
        WHERE a.term IN ('{terms}') AND regexp_matches(a.academic_year, '^[0-9]{{4}}/[0-9]{{2}}$')
          AND a.sessions_possible > 0
        """
    )


def _covered(window: str) -> str:
    lo, hi = WINDOWS[window]
    return (
        f"date_diff('day', p.data_start, i.start_date) >= {-lo} "
        f"AND date_diff('day', i.start_date, p.data_end) + 1 >= {hi}"
    )


def _inside(date_column: str, window: str) -> str:
    lo, hi = WINDOWS[window]
    offset = f"date_diff('day', i.start_date, {date_column})"
    return f"{offset} >= {lo} AND {offset} < {hi}"


def outcome_columns_sql(index_table: str) -> str:
    """SELECT of (programme_code, person_key, every outcome column) for ``index_table``'s rows.

    ``index_table`` has programme_code, person_key and start_date; ``evaluate__period`` has the
    period the records cover (data_start, data_end). A window the records do not wholly cover
    is NULL; persistent absence is NULL when no session was possible in the window.
    """
    event_outcomes = [o for o in OUTCOMES if o != "persistent_absence"]
    event_cols = ",\n".join(
        f"CASE WHEN {_covered(w)} THEN max(CASE WHEN ev.outcome = '{o}' AND {_inside('ev.event_date', w)} "
        f"THEN 1 ELSE 0 END) END AS {column(o, w)}"
        for o in event_outcomes
        for w in WINDOWS
    )
    term_cols = ",\n".join(
        f"sum(CASE WHEN {_inside('t.term_middle', w)} THEN t.possible END) AS possible_{w}, "
        f"sum(CASE WHEN {_inside('t.term_middle', w)} THEN t.absent END) AS absent_{w}"
        for w in WINDOWS
    )
    absence_cols = ",\n".join(
        f"CASE WHEN a.possible_{w} > 0 AND {_covered(w).replace('i.', 'a.').replace('p.', 'a.')} "
        f"THEN CASE WHEN a.absent_{w} >= {PERSISTENT_ABSENCE_SHARE} * a.possible_{w} THEN 1 ELSE 0 END END "
        f"AS {column('persistent_absence', w)}"
        for w in WINDOWS
    )
    ordered = ", ".join(
        f"{'a' if o == 'persistent_absence' else 'e'}.{column(o, w)}" for o in OUTCOMES for w in WINDOWS
    )
    return f"""
        WITH ev_cols AS (
            SELECT i.programme_code, i.person_key, {event_cols}
            FROM {index_table} i CROSS JOIN evaluate__period p
            LEFT JOIN evaluate__events ev ON ev.entity_id = i.person_key
            GROUP BY i.programme_code, i.person_key, i.start_date, p.data_start, p.data_end
        ),
        term_sums AS (
            SELECT i.programme_code, i.person_key, i.start_date, p.data_start, p.data_end, {term_cols}
            FROM {index_table} i CROSS JOIN evaluate__period p
            LEFT JOIN evaluate__terms t ON t.entity_id = i.person_key
            GROUP BY i.programme_code, i.person_key, i.start_date, p.data_start, p.data_end
        ),
        abs_cols AS (
            SELECT a.programme_code, a.person_key, {absence_cols}
            FROM term_sums a
        )
        SELECT e.programme_code, e.person_key, {ordered}
        FROM ev_cols e JOIN abs_cols a USING (programme_code, person_key)
    """
