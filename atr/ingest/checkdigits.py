"""NHS number (Modulus 11) and UPN (check letter) checks, in Python and as DuckDB SQL.

Hand-written because the algorithms are a few lines each and must run inside DuckDB over
millions of rows; the Python and SQL forms are generated from the same constants and a
property-based test checks that they agree. Algorithms: ``national-returns-reference.md`` §3
(NHS CfH check-digit description; DfE "Unique Pupil Number 2.0" data standard). Note that the
vendor UPN example ``Q207000016049`` is wrong: the valid form is ``P207000016049``.

Problems are reported as rule ids of the contract (``nhs_number.invalid_check_digit`` …).
"""

from __future__ import annotations

import re

from atr.ingest.normalise import WHITESPACE, upper_like_sql

NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S
_UPN_PERMANENT = f"[{UPN_ALPHABET}][0-9]{{12}}"
_UPN_TEMPORARY = f"[{UPN_ALPHABET}][0-9]{{11}}[{UPN_ALPHABET}]"
_NHS_SEPARATORS = WHITESPACE[:-1] + "-]"


# --- NHS number ----------------------------------------------------------------------------
def clean_nhs_number(raw: str | None) -> str | None:
    """Spaces and hyphens removed; None when nothing is left."""
    if raw is None:
        return None
    cleaned = re.sub(_NHS_SEPARATORS, "", raw)
    return cleaned or None


def nhs_check_digit(stem: str) -> int | None:
    """The check digit for a 9-digit stem, or None when the stem can never be valid."""
    total = sum(int(d) * w for d, w in zip(stem, NHS_WEIGHTS, strict=True))
    check = (11 - total % 11) % 11
    return None if check == 10 else check


def nhs_number_problem(raw: str | None) -> str | None:
    """The contract rule an NHS number breaks, or None if it is valid or missing."""
    number = clean_nhs_number(raw)
    if number is None:
        return None
    if not re.fullmatch(r"[0-9]{10}", number):
        return "nhs_number.invalid_format"
    if nhs_check_digit(number[:9]) != int(number[9]):
        return "nhs_number.invalid_check_digit"
    if len(set(number)) == 1:
        return "nhs_number.placeholder"
    return None


def nhs_number_status(raw: str | None) -> str:
    """``valid``, ``invalid`` or ``missing`` (the ``identity_person.nhs_number_status`` values)."""
    if clean_nhs_number(raw) is None:
        return "missing"
    return "invalid" if nhs_number_problem(raw) else "valid"


# --- UPN -----------------------------------------------------------------------------------
def clean_upn(raw: str | None) -> str | None:
    """Upper case, whitespace removed; None when nothing is left."""
    if raw is None:
        return None
    cleaned = upper_like_sql(re.sub(WHITESPACE, "", raw))
    return cleaned or None


def upn_check_letter(body: str) -> str:
    """The check letter for characters 2–13 of a UPN (12 characters, last may be a letter)."""
    total = 0
    for position, char in enumerate(body, start=2):
        value = UPN_ALPHABET.index(char) if char.isalpha() else int(char)
        total += value * position
    return UPN_ALPHABET[total % 23]


def upn_problem(raw: str | None) -> str | None:
    """The contract rule a UPN breaks, or None if it is valid (or temporary) or missing."""
    upn = clean_upn(raw)
    if upn is None:
        return None
    if not (re.fullmatch(_UPN_PERMANENT, upn) or re.fullmatch(_UPN_TEMPORARY, upn)):
        return "upn.invalid_format"
    if upn_check_letter(upn[1:]) != upn[0]:
        return "upn.invalid_check_letter"
    return None


def upn_status(raw: str | None) -> str:
    """``valid``, ``temporary``, ``invalid`` or ``missing`` (``identity_person.upn_status``)."""
    upn = clean_upn(raw)
    if upn is None:
        return "missing"
    if upn_problem(upn):
        return "invalid"
    return "temporary" if upn[-1].isalpha() else "valid"


# --- the same checks as DuckDB SQL ---------------------------------------------------------
# The ``*_of_clean`` forms take a column that already holds the cleaned value: callers clean
# once in a subquery, because repeating the cleaning inside every branch makes DuckDB's
# planner slow (measured: 0.4 s to plan one identity query).
def sql_clean_nhs_number(col: str) -> str:
    return f"nullif(regexp_replace({col}, '{_NHS_SEPARATORS}', '', 'g'), '')"


def sql_nhs_problem_of_clean(n: str) -> str:
    """SQL: the rule a cleaned NHS number ``n`` breaks, or NULL (mirrors :func:`nhs_number_problem`)."""
    weighted = " + ".join(
        f"TRY_CAST(substr({n}, {i + 1}, 1) AS INTEGER) * {w}" for i, w in enumerate(NHS_WEIGHTS)
    )
    return (
        f"CASE WHEN {n} IS NULL THEN NULL "
        f"WHEN NOT regexp_full_match({n}, '[0-9]{{10}}') THEN 'nhs_number.invalid_format' "
        f"WHEN (11 - ({weighted}) % 11) % 11 <> TRY_CAST(substr({n}, 10, 1) AS INTEGER) "
        "THEN 'nhs_number.invalid_check_digit' "
        f"WHEN replace({n}, substr({n}, 1, 1), '') = '' THEN 'nhs_number.placeholder' "
        "ELSE NULL END"
    )


def sql_nhs_status_of_clean(n: str) -> str:
    return (
        f"CASE WHEN {n} IS NULL THEN 'missing' "
        f"WHEN ({sql_nhs_problem_of_clean(n)}) IS NULL THEN 'valid' ELSE 'invalid' END"
    )


def sql_clean_upn(col: str) -> str:
    stripped = f"regexp_replace({col}, '{WHITESPACE}', '', 'g')"
    return f"nullif(upper({stripped}), '')"


def sql_upn_problem_of_clean(u: str) -> str:
    """SQL: the rule a cleaned UPN ``u`` breaks, or NULL (mirrors :func:`upn_problem`)."""
    terms = [f"TRY_CAST(substr({u}, {p}, 1) AS INTEGER) * {p}" for p in range(2, 13)]
    last = (
        f"(CASE WHEN regexp_full_match(substr({u}, 13, 1), '[0-9]') "
        f"THEN TRY_CAST(substr({u}, 13, 1) AS INTEGER) "
        f"ELSE strpos('{UPN_ALPHABET}', substr({u}, 13, 1)) - 1 END) * 13"
    )
    total = " + ".join([*terms, last])
    return (
        f"CASE WHEN {u} IS NULL THEN NULL "
        f"WHEN NOT (regexp_full_match({u}, '{_UPN_PERMANENT}') "
        f"OR regexp_full_match({u}, '{_UPN_TEMPORARY}')) THEN 'upn.invalid_format' "
        f"WHEN substr('{UPN_ALPHABET}', ({total}) % 23 + 1, 1) <> substr({u}, 1, 1) "
        "THEN 'upn.invalid_check_letter' ELSE NULL END"
    )


def sql_upn_status_of_clean(u: str) -> str:
    return (
        f"CASE WHEN {u} IS NULL THEN 'missing' "
        f"WHEN ({sql_upn_problem_of_clean(u)}) IS NOT NULL THEN 'invalid' "
        f"WHEN regexp_full_match(substr({u}, 13, 1), '[A-Z]') THEN 'temporary' ELSE 'valid' END"
    )


def sql_nhs_number_problem(col: str) -> str:
    """The raw-column form of :func:`sql_nhs_problem_of_clean` (for one-off use and tests)."""
    return sql_nhs_problem_of_clean(sql_clean_nhs_number(col))


def sql_nhs_number_status(col: str) -> str:
    return sql_nhs_status_of_clean(sql_clean_nhs_number(col))


def sql_upn_problem(col: str) -> str:
    return sql_upn_problem_of_clean(sql_clean_upn(col))


def sql_upn_status(col: str) -> str:
    return sql_upn_status_of_clean(sql_clean_upn(col))
