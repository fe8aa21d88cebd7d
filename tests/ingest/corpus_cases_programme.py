"""The bad-input corpus, the ``programme`` dataset (contract v1.1 §6.3; issue 18).

Participation rows: each case breaks one thing in ``programme/383/participation.csv`` and says
what the report must hold about it (``Flag``: file, rule, field, an example row, how many rows).
An error sets the row aside (quarantined, counted); a warning keeps it and counts it. What only
the project's programme list can judge (a code the list does not hold) and a participant who
never links to any other record are kept by ingest and counted by ``atr evaluate``
(``evaluation_input_check``; ``tests/evaluate/test_frame.py``).
"""

from __future__ import annotations

from .corpus_base import both, drop_column, keep_rows
from .corpus_edits import Case, Flag, _cells, _duplicate_rows

PROGRAMME = "programme/383"
PARTICIPATION = f"{PROGRAMME}/participation.csv"


def _flag(rule: str, field: str, row: int, count: int = 1) -> tuple[Flag, ...]:
    return (Flag(PARTICIPATION, rule, field, row, count),)


REQUIRED = [
    Case(
        "participation_without_start_date_column",
        drop_column(PARTICIPATION, "start_date"),
        1,
        r"file\.missing_required_column: header lacks required column\(s\): start_date",
        1,
    ),
    Case(
        "participation_without_person_id_column",
        drop_column(PARTICIPATION, "person_id"),
        1,
        r"lacks required column\(s\): person_id",
        1,
    ),
    Case(
        "one_participation_without_a_start_date",
        _cells(PARTICIPATION, "start_date", "", [7]),
        0,
        r"\+ quarantined 1 \+",
        flags=_flag("required.missing", "start_date", 7),
    ),
    Case(
        "one_participation_without_a_person",
        _cells(PARTICIPATION, "person_id", "", [11]),
        0,
        r"\+ quarantined 1 \+",
        flags=_flag("required.missing", "person_id", 11),
    ),
    Case(
        "one_participation_without_a_record_id",
        _cells(PARTICIPATION, "record_id", "", [12]),
        0,
        r"\+ quarantined 1 \+",
        flags=_flag("required.missing", "record_id", 12),
    ),
    Case(
        "participation_of_a_person_not_sent",
        _cells(PARTICIPATION, "person_id", "P9999", [13]),
        0,
        r"\+ quarantined 1 \+",
        flags=_flag("ref.missing_person", "person_id", 13),
    ),
    Case(
        "one_duplicate_participation_record",
        _duplicate_rows(PARTICIPATION, 1),
        0,
        r"\+ quarantined 1 \+",
        flags=_flag("key.duplicate", "record_id", 41),
    ),
    Case(
        "header_only_participation_is_not_an_empty_load",
        keep_rows(PARTICIPATION, 0),
        1,
        r"file\.no_rows: holds no data rows; the previous load had 40",
        1,
    ),
]

DATES = [
    Case(
        "participation_start_date_impossible",
        _cells(PARTICIPATION, "start_date", "2023-02-30", [3]),
        0,
        r"\+ quarantined 1 \+",
        flags=_flag("date.impossible", "start_date", 3),
    ),
    Case(
        "participation_start_date_unparseable",
        _cells(PARTICIPATION, "start_date", "01/02/2023", [4]),
        0,
        r"\+ quarantined 1 \+",
        flags=_flag("date.unparseable", "start_date", 4),
    ),
    Case(
        "participation_start_after_the_extract",
        _cells(PARTICIPATION, "start_date", "2025-06-01", [5]),
        0,
        r"\+ quarantined 1 \+",
        flags=_flag("date.out_of_range", "start_date", 5),
    ),
    Case(
        "participation_end_date_unparseable",
        _cells(PARTICIPATION, "end_date", "next week", [6]),
        0,
        r"\+ quarantined 1 \+",
        flags=_flag("date.unparseable", "end_date", 6),
    ),
    Case(
        "participation_start_after_its_end_is_kept_and_flagged",
        _cells(PARTICIPATION, "end_date", "2022-12-31", [2, 3]),
        0,
        r"\+ quarantined 0 \+",
        flags=_flag("date.order", "end_date", 2, count=2),
    ),
    Case(
        "participation_referred_after_the_start_is_kept_and_flagged",
        _cells(PARTICIPATION, "referral_date", "2023-12-01", [9]),
        0,
        r"\+ quarantined 0 \+",
        flags=_flag("date.order", "start_date", 9),
    ),
    Case(
        "many_participation_start_dates_impossible",
        _cells(PARTICIPATION, "start_date", "2023-13-01", range(1, 4)),
        1,
        r"would quarantine 3 of 40 rows",
        1,
        flags=_flag("date.impossible", "start_date", 1, count=3),
    ),
]

CODES_AND_NUMBERS = [
    Case(
        "unknown_programme_code_is_kept_for_evaluate_to_count",
        _cells(PARTICIPATION, "programme_code", "PILOT", range(1, 21)),
        0,
        r"\+ quarantined 0 \+",
    ),
    Case(
        "empty_programme_code_is_kept_for_evaluate_to_count",
        _cells(PARTICIPATION, "programme_code", "", [8]),
        0,
        r"\+ quarantined 0 \+",
    ),
    Case(
        "unknown_exit_reason_is_kept_and_flagged",
        _cells(PARTICIPATION, "exit_reason", "graduated", [1, 5]),
        0,
        r"\+ quarantined 0 \+",
        flags=_flag("code.unknown", "exit_reason", 5, count=2),
    ),
    Case(
        "negative_sessions_are_kept_and_flagged",
        both(
            _cells(PARTICIPATION, "sessions_attended", "-3", [10]),
            _cells(PARTICIPATION, "sessions_offered", "-1", [10, 14]),
        ),
        0,
        r"\+ quarantined 0 \+",
        flags=(
            Flag(PARTICIPATION, "int.out_of_range", "sessions_attended", 10),
            Flag(PARTICIPATION, "int.out_of_range", "sessions_offered", 14, count=2),
        ),
    ),
    Case(
        "sessions_not_a_number",
        _cells(PARTICIPATION, "sessions_offered", "ten", [15]),
        0,
        r"\+ quarantined 1 \+",
        flags=_flag("int.invalid", "sessions_offered", 15),
    ),
    Case(
        "sessions_a_fraction",
        _cells(PARTICIPATION, "sessions_attended", "2.5", [16]),
        0,
        r"\+ quarantined 1 \+",
        flags=_flag("int.invalid", "sessions_attended", 16),
    ),
    Case(
        "many_sessions_not_numbers",
        _cells(PARTICIPATION, "sessions_attended", "some", range(20, 30)),
        1,
        r"would quarantine 10 of 40 rows",
        1,
        flags=_flag("int.invalid", "sessions_attended", 20, count=10),
    ),
]

PROGRAMME_CASES: list[Case] = [*REQUIRED, *DATES, *CODES_AND_NUMBERS]
