"""The bad-input corpus, part 1: batches, file checks and row rules (``test_corpus.py``).

Cases name the issue item they cover; see ``corpus_edits.py`` for what the fields mean.
"""

from __future__ import annotations

from .corpus_base import (
    both,
    drop_column,
    edit_bytes,
    edit_csv,
    edit_manifest,
    keep_rows,
    raw_bytes,
    resign,
)
from .corpus_cases_more import MORE_CASES
from .corpus_cases_programme import PROGRAMME_CASES
from .corpus_edits import (
    CSC,
    EPISODE,
    OCCURRENCE,
    PERSON,
    POLICE,
    SCHOOL,
    Case,
    _cells,
    _duplicate_rows,
    _file_entry,
    _integer_dates,
    _manifest,
    _rows_plus_one,
    _second_manifest_same_partner,
    _set_parquet,
)

BATCHES = [
    # Issue 14 item 8: a failed file no longer deletes the partner's earlier good rows.
    Case(
        "checksum_mismatch_keeps_previous_load",
        _file_entry(CSC, "episode.csv", sha256="0" * 64),
        1,
        r"file\.checksum_mismatch",
        3,
    ),
    Case(
        "manifest_rows_bumped_by_one",
        edit_manifest(CSC, _rows_plus_one),
        1,
        r"manifest says 41 rows, file has 40",
        3,
    ),
    Case(
        "header_only_person_is_not_an_empty_load",
        keep_rows(PERSON, 0),
        1,
        r"file\.no_rows: holds no data rows; the previous load had 40",
        4,
    ),
    Case("header_only_episode_is_not_an_empty_load", keep_rows(EPISODE, 0), 1, r"file\.no_rows", 3),
    Case(
        "parquet_with_integer_dates_is_rejected_not_emptied",
        _integer_dates,
        1,
        r"file\.too_many_quarantined: would quarantine 40 of 40 rows",
        3,
    ),
    Case(
        "three_bad_dates_cross_the_share",
        _cells(EPISODE, "referral_date", "2024-02-30", range(1, 4)),
        1,
        r"would quarantine 3 of 40 rows \(8%; the limit is 5%\)",
        3,
    ),
    Case(
        "one_bad_date_is_quarantined_only",
        _cells(EPISODE, "referral_date", "2024-02-30", [5]),
        0,
        r"\+ quarantined 3 \+",
    ),
    Case(
        "share_limit_raised_on_the_command_line",
        _cells(EPISODE, "referral_date", "2024-02-30", range(1, 4)),
        0,
        r"\+ quarantined 9 \+",
        args=("--max-quarantine-share", "0.1"),
    ),
    Case(
        "accept_partial_loads_the_rest",
        edit_manifest(CSC, _rows_plus_one),
        1,
        r"partial batch accepted",
        3,
        args=("--accept-partial",),
    ),
    Case(
        "table_left_out_keeps_previous_load",
        edit_manifest(CSC, lambda d: d["files"].pop("assessment_factor.csv")),
        1,
        r"file\.not_in_manifest",
        1,
    ),
    Case(
        "table_left_out_and_deleted",
        both(
            edit_manifest(CSC, lambda d: d["files"].pop("assessment_factor.csv")),
            lambda r: (r / CSC / "assessment_factor.csv").unlink(),
        ),
        1,
        r"file\.not_sent: not in this extract; the previous load had 40 rows",
        1,
    ),
    Case(
        "other_partner_unaffected_by_a_rejection",
        _file_entry("csc/380", "episode.csv", rows=7),
        1,
        r"file\.row_count_mismatch",
        1,
    ),
    # Issue 14 item 13: contract v1.1 event dates are required.
    Case(
        "occurrence_without_occurrence_date",
        drop_column(OCCURRENCE, "occurrence_date"),
        1,
        r"file\.missing_required_column: header lacks required column\(s\): occurrence_date",
        2,
    ),
    Case(
        "episode_without_referral_date",
        drop_column(EPISODE, "referral_date"),
        1,
        r"lacks required column\(s\): referral_date",
        3,
    ),
    Case(
        "assessment_without_start_date",
        drop_column(f"{CSC}/assessment.csv", "start_date"),
        1,
        r"lacks required column\(s\): start_date",
        2,
    ),
    Case(
        "one_empty_occurrence_date_is_quarantined",
        _cells(OCCURRENCE, "occurrence_date", "", [7]),
        0,
        r"\+ quarantined 2 \+",
    ),
    Case(
        "one_unparseable_occurrence_date",
        _cells(OCCURRENCE, "occurrence_date", "03/01/2024", [7]),
        0,
        r"\+ quarantined 2 \+",
    ),
    Case(
        "many_empty_occurrence_dates",
        _cells(OCCURRENCE, "occurrence_date", "", range(1, 11)),
        1,
        r"would quarantine 10 of 40",
        2,
    ),
    Case(
        "academic_year_of_the_wrong_shape",
        _set_parquet(f"{SCHOOL}/enrolment.parquet", {3: {"academic_year": "2023-24"}}),
        0,
        r"\+ quarantined 1 \+",
    ),
    Case(
        "academic_year_empty_in_many_rows",
        _set_parquet(f"{SCHOOL}/enrolment.parquet", {n: {"academic_year": None} for n in range(1, 6)}),
        1,
        r"would quarantine 5 of 40",
        1,
    ),
]

FILES = [
    Case("empty_file", raw_bytes(EPISODE, b"", rows=0), 1, r"file\.empty", 3),
    Case(
        "not_utf8",
        edit_bytes(EPISODE, lambda b: b.replace(b"3A", b"3\xe9", 1)),
        1,
        r"file\.encoding: not UTF-8 \(first bad byte on line 2\)",
        3,
    ),
    Case(
        "ragged_row",
        edit_bytes(EPISODE, lambda b: b.replace(b"\n", b",extra\n", 2)),
        1,
        r"file\.unreadable",
        3,
    ),
    Case(
        "unterminated_quote",
        edit_bytes(EPISODE, lambda b: b.replace(b"3A", b'"3A', 1)),
        1,
        r"file\.unreadable: not a readable CSV",
        3,
    ),
    Case(
        "duplicate_column",
        edit_bytes(EPISODE, lambda b: b.replace(b"closure_reason", b"record_id", 1)),
        1,
        r"file\.duplicate_column",
        3,
    ),
    Case("file_listed_but_absent", lambda r: (r / EPISODE).unlink(), 1, r"file\.missing", 3),
    Case(
        "file_present_but_not_listed",
        both(
            lambda r: (r / CSC / "cp_plan.csv").write_text("record_id,person_id,start_date\n"),
        ),
        1,
        r"file\.not_in_manifest",
        1,
    ),
    Case(
        "unknown_table_in_manifest",
        both(
            lambda r: (r / CSC / "notes.csv").write_text("a\n1\n"), lambda r: resign(r / CSC, "notes.csv", 1)
        ),
        1,
        r"file\.unknown_table",
        1,
    ),
    Case(
        "manifest_not_json",
        lambda r: (r / CSC / "manifest.json").write_text("{not json"),
        1,
        r"manifest\.invalid: manifest\.json is not valid JSON",
        1,
    ),
    Case(
        "manifest_lacks_files",
        edit_manifest(CSC, lambda d: d.pop("files")),
        1,
        r"manifest\.invalid: .*files",
        1,
    ),
    Case("manifest_unknown_dataset", _manifest(CSC, dataset="banking"), 1, r"manifest\.unknown_dataset", 1),
    Case(
        "manifest_unsupported_version",
        _manifest(CSC, contract_version="2.0"),
        1,
        r"manifest\.unsupported_version",
        1,
    ),
    Case(
        "manifest_version_1_1_accepted",
        _manifest(CSC, contract_version="1.1"),
        0,
        r"5 of 5 dataset folder\(s\) loaded",
    ),
    Case("two_folders_for_one_partner", _second_manifest_same_partner, 1, r"manifest\.duplicate", 1),
    Case(
        "person_header_lacks_person_id",
        drop_column(PERSON, "person_id"),
        1,
        r"lacks required column\(s\): person_id",
        4,
    ),
    Case(
        "unknown_extra_column_is_ignored",
        edit_csv(EPISODE, lambda c, rows: ([*c, "nhs_number_of_mother"], rows)),
        0,
        r"5 of 5 dataset folder\(s\) loaded",
    ),
    Case(
        "optional_column_absent",
        drop_column(EPISODE, "closure_reason"),
        0,
        r"5 of 5 dataset folder\(s\) loaded",
    ),
    Case(
        "not_a_parquet_file",
        raw_bytes(f"{SCHOOL}/enrolment.parquet", b"PAR1 not parquet", rows=None),
        1,
        r"file\.unreadable: not a readable Parquet file",
        1,
    ),
]

ROWS = [
    Case("one_duplicate_key", _duplicate_rows(EPISODE, 1), 0, r"\+ quarantined 1 \+"),
    Case("many_duplicate_keys", _duplicate_rows(EPISODE, 5), 1, r"would quarantine 5 of 45", 3),
    Case(
        "one_impossible_birth_date",
        _cells(PERSON, "date_of_birth", "2019-02-30", [2]),
        0,
        r"\+ quarantined 4 \+",
    ),
    Case(
        "one_birth_date_in_the_future",
        _cells(PERSON, "date_of_birth", "2030-01-01", [2]),
        0,
        r"\+ quarantined 4 \+",
    ),
    Case("one_bad_boolean", _cells(EPISODE, "referral_nfa", "maybe", [4]), 0, r"\+ quarantined 3 \+"),
    Case(
        "unknown_code_is_kept_and_flagged",
        _cells(EPISODE, "primary_need_code", "N99", range(1, 21)),
        0,
        r"\+ quarantined 0 \+",
    ),
    Case(
        "bad_nhs_numbers_are_flagged_not_quarantined",
        _cells(PERSON, "nhs_number", "1234567890", range(1, 21)),
        0,
        r"\+ quarantined 0 \+",
    ),
    Case(
        "episode_of_a_missing_person", _cells(EPISODE, "person_id", "P9999", [6]), 0, r"\+ quarantined 3 \+"
    ),
    Case("empty_person_id_in_one_row", _cells(PERSON, "person_id", "", [9]), 0, r"\+ quarantined 4 \+"),
    Case(
        "involvement_of_a_missing_occurrence",
        _cells(f"{POLICE}/involvement.csv", "occurrence_id", "O999", [2]),
        0,
        r"\+ quarantined 1 \+",
    ),
]

CASES: list[Case] = [*BATCHES, *FILES, *ROWS, *MORE_CASES, *PROGRAMME_CASES]
