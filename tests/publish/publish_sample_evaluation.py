"""Sample evaluation tables (``atr evaluate``'s published zone) for the publish tests: two
programmes, one withheld for its size, and an estimate resting on too few people; the
whole-school programme's comparison with similar schools."""

from __future__ import annotations

from atr.warehouse import Warehouse


def write_sample_evaluation(wh: Warehouse) -> None:
    wh.execute(
        "CREATE TABLE evaluation_programme AS SELECT * FROM (VALUES "
        "('NAVIG', 'ATR Navigators', 'Youth workers at a crisis point.', '10 to 17', 'individual', "
        "'suspension, persistent_absence', 150, FALSE),"
        "('TISCH', 'Trauma-informed schools', 'Whole-school training.', '5 to 16', 'school', 'suspension', "
        "NULL, TRUE)) AS t(programme_code, name, description, ages, unit, outcomes, people_supported, suppressed)"
    )
    wh.execute(
        "CREATE TABLE evaluation_profile AS SELECT * FROM (VALUES "
        "('NAVIG', 'care_experienced', 'Care-experienced children and young people', 15, FALSE),"
        "('NAVIG', 'youth_justice', 'Young people in the youth justice system', NULL, TRUE)"
        ") AS t(programme_code, cohort, title, people, suppressed)"
    )
    wh.execute(
        "CREATE TABLE evaluation_effect AS SELECT * FROM (VALUES "
        "('NAVIG', 'suspension', 12, 'matched_did', -0.034, -0.061, -0.007, 143, 131, 1.9, 1.2),"
        "('NAVIG', 'suspension', 12, 'naive', 0.052, 0.011, 0.093, 150, 1846, 2.1, 1.3),"
        "('NAVIG', 'persistent_absence', 24, 'matched_did', -0.1, -0.3, 0.1, 6, 40, 1.5, 1.0),"
        "('NAVIG', 'persistent_absence', 24, 'naive', 0.2, 0.1, 0.3, 6, 1400, 2.0, 1.4)"
        ") AS t(programme_code, outcome, window_months, method, estimate, lower_95, upper_95, "
        "n_participants, n_comparison, e_value, e_value_ci)"
    )
    wh.execute(
        "CREATE TABLE evaluation_balance AS SELECT * FROM (VALUES "
        "('NAVIG', 'prior_adversity_count', 0.62, 0.04), ('NAVIG', 'suspension__pre12', 0.41, -0.08)"
        ") AS t(programme_code, covariate, smd_before, smd_after)"
    )
    wh.execute(
        "CREATE TABLE evaluation_its AS SELECT * FROM (VALUES "
        "('TISCH', 'absence_rate', 'level_change', -0.84, -1.31, -0.37, 12, 30, 12),"
        "('TISCH', 'absence_rate', 'slope_change', 0.05, -0.04, 0.14, 12, 30, 12),"
        "('TISCH', 'suspension', 'level_change', -0.6, -1.5, 0.3, 12, 30, 12),"
        "('TISCH', 'suspension', 'slope_change', 0.01, -0.2, 0.22, 12, 30, 12)"
        ") AS t(programme_code, outcome, term, estimate, lower_95, upper_95, n_schools, "
        "n_comparison_schools, n_terms)"
    )
