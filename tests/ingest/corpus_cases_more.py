"""The bad-input corpus, part 2: files outside the extract, manifests, error quality."""

from __future__ import annotations

from .corpus_base import (
    both,
    edit_bytes,
    keep_rows,
    symlink,
)
from .corpus_edits import (
    CSC,
    EPISODE,
    KEY,
    PERSON,
    POLICE,
    Case,
    _file_entry,
    _folder_symlink,
    _listed_as,
    _manifest,
    _manifest_symlink,
    _outside_copy,
    key_file,
    make_dir,
)

OUTSIDE = [
    # Issue 14 item 10: only files inside the extract folder, named as the contract says.
    Case(
        "manifest_path_climbs_out",
        both(
            _outside_copy(PERSON),
            _listed_as(CSC, "person.csv", lambda r: "../../../../../outside/other/person.csv"),
        ),
        1,
        r"file\.bad_name",
        5,
    ),
    Case(
        "manifest_path_is_absolute",
        both(
            _outside_copy(PERSON),
            _listed_as(CSC, "person.csv", lambda r: str(r.parent / "outside" / "other" / "person.csv")),
        ),
        1,
        r"file\.bad_name: not a plain",
        5,
    ),
    Case(
        "manifest_path_into_a_subfolder",
        _listed_as(CSC, "person.csv", lambda r: "sub/person.csv"),
        1,
        r"file\.bad_name",
        5,
    ),
    Case(
        "file_is_a_symlink_to_outside",
        symlink(PERSON, lambda r: r.parent / "outside" / "person.csv"),
        1,
        r"file\.symlink: a symbolic link",
        4,
    ),
    Case(
        "file_is_a_symlink_inside",
        symlink(EPISODE, lambda r: r / "elsewhere" / "episode.csv"),
        1,
        r"file\.symlink",
        3,
    ),
    Case(
        "manifest_is_a_symlink",
        _manifest_symlink,
        1,
        r"manifest\.invalid: manifest\.json is a symbolic link",
        1,
    ),
    Case("dataset_folder_is_a_symlink", _folder_symlink, 1, r"file\.symlink: .*symbolic link to a folder", 1),
]

MANIFESTS = [
    # Issue 14 item 11: silent acceptances.
    Case(
        "dataset_folder_without_manifest",
        lambda r: (r / "csc" / "380" / "manifest.json").unlink(),
        1,
        r"manifest\.missing: holds table files but no manifest\.json",
        1,
    ),
    Case(
        "partner_code_with_a_trailing_space",
        _manifest(CSC, partner_code="383 "),
        0,
        r"5 of 5 dataset folder\(s\) loaded",
    ),
    Case(
        "partner_code_with_a_leading_zero",
        _manifest(CSC, partner_code="0383"),
        0,
        r"5 of 5 dataset folder\(s\) loaded",
    ),
    Case(
        "partner_code_as_a_number", _manifest(CSC, partner_code=383), 0, r"5 of 5 dataset folder\(s\) loaded"
    ),
    Case(
        "police_force_code_with_a_leading_zero",
        _manifest(POLICE, partner_code="013"),
        0,
        r"5 of 5 dataset folder\(s\) loaded",
    ),
    Case(
        "partner_code_arbitrary_string",
        _manifest(CSC, partner_code="Leeds"),
        1,
        r"manifest\.invalid_partner_code: partner_code 'Leeds' does not have the form of a csc partner code",
        1,
    ),
    Case(
        "partner_code_two_digits", _manifest(CSC, partner_code="38"), 1, r"manifest\.invalid_partner_code", 1
    ),
    Case("partner_code_empty", _manifest(CSC, partner_code=""), 1, r"manifest\.invalid_partner_code", 1),
    Case(
        "partner_code_of_another_kind",
        _manifest(POLICE, partner_code="383"),
        1,
        r"does not have the form of a police partner code",
        1,
    ),
    Case(
        "extract_date_in_2099",
        _manifest(CSC, extract_date="2099-01-01"),
        1,
        r"manifest\.extract_date_future: extract_date 2099-01-01 is after the date of this run",
        1,
    ),
    Case(
        "extract_date_not_a_date",
        _manifest(CSC, extract_date="31/03/2025"),
        1,
        r"manifest\.invalid: .*extract_date",
        1,
    ),
    Case(
        "nul_byte_inside_a_quoted_name",
        edit_bytes(PERSON, lambda b: b.replace(b"Brown", b'"Br\x00own"', 1)),
        0,
        r"\+ quarantined 4 \+",
    ),
    Case(
        "nul_byte_outside_quotes",
        edit_bytes(EPISODE, lambda b: b.replace(b"3A", b"3\x00A", 1)),
        0,
        r"\+ quarantined 3 \+",
    ),
]

ERRORS = [
    # Issue 14 item 12: error quality.
    Case(
        "field_over_2_mb",
        edit_bytes(EPISODE, lambda b: b.replace(b"3A", b"3A" + b"x" * 2_100_000, 1)),
        1,
        r"file\.unreadable: not a readable CSV: line 2 is longer than 2,000,000 bytes",
        3,
    ),
    Case(
        "rejected_file_rows_stay_counted",
        _file_entry(CSC, "episode.csv", sha256="1" * 64),
        1,
        r"file\.checksum_mismatch",
        3,
        held_rows=120,
    ),
    Case("rejected_whole_batch_rows_counted", keep_rows(PERSON, 0), 1, r"file\.no_rows", 4, held_rows=120),
]

OTHER_KEY = b"Vq3pX9rT0bLk2ZsW8yHn4MdJ6cFg1Ae5UuRiOo7PtEwQ\n"

KEYS = [
    # Issue 14 items 6 and 7: weak keys, unsafe key files, and key mixing are refused.
    Case("weak_key_one_letter", key_file(b"a" * 32), 2, r"too weak \(about 0 bits", args=("-k", KEY)),
    Case("weak_key_repeated_word", key_file(b"password" * 4), 2, r"too weak", args=("-k", KEY)),
    Case("key_too_short", key_file(b"Xy7#"), 2, r"too short \(4 characters", args=("-k", KEY)),
    Case(
        "key_file_readable_by_group",
        key_file(OTHER_KEY, 0o640),
        2,
        r"read or changed by group or others",
        args=("-k", KEY),
    ),
    Case(
        "binary_key_file",
        key_file(bytes(range(256))),
        2,
        r"not a text key file \(binary content\)",
        args=("-k", KEY),
    ),
    Case("key_file_missing", lambda r: None, 2, r"key file not found", args=("-k", KEY)),
    Case(
        "another_key_is_refused", key_file(OTHER_KEY), 2, r"different key \(5 batch\(es\)", args=("-k", KEY)
    ),
    Case(
        "another_key_with_rekey_and_the_whole_extract",
        key_file(OTHER_KEY),
        0,
        r"5 of 5 dataset folder\(s\) loaded",
        args=("-k", KEY, "--rekey"),
    ),
    Case(
        "rekey_with_a_rejected_file_changes_nothing",
        both(key_file(OTHER_KEY), _file_entry(CSC, "episode.csv", rows=41)),
        1,
        r"--rekey: not loaded because csc/383 could not be",
        3,
        args=("-k", KEY, "--rekey"),
    ),
    Case(
        "rekey_with_part_of_the_extract",
        key_file(OTHER_KEY),
        2,
        r"--rekey re-ingests everything, but this extract lacks 3 batch",
        args=("-k", KEY, "--rekey"),
        target=lambda r: r / "csc",
    ),
]

USAGE = [
    Case(
        "unknown_dataset_option",
        lambda r: None,
        2,
        r"unknown dataset\(s\) banking",
        args=("--datasets", "banking"),
    ),
    Case(
        "extract_folder_missing",
        lambda r: None,
        2,
        r"extract folder not found",
        target=lambda r: r / "nowhere",
    ),
    Case("no_dataset_folder_below", make_dir("empty"), 2, r"no dataset folder", target=lambda r: r / "empty"),
    Case(
        "one_dataset_only_leaves_the_rest",
        _file_entry(CSC, "episode.csv", rows=41),
        0,
        r"2 of 2 dataset folder\(s\) loaded",
        args=("--datasets", "police,school"),
    ),
]

MORE_CASES: list[Case] = [*OUTSIDE, *MANIFESTS, *ERRORS, *KEYS, *USAGE]
