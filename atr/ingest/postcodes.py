"""UK postcode normalisation, in Python and as DuckDB SQL, from one regular expression.

Hand-written because the rule is a single pattern that must run in DuckDB over millions of rows
(a Python library would mean leaving the database for every value). The pattern and the
normalisation follow ``national-returns-reference.md`` §4.1 (Royal Mail letter rules): upper
case, remove all whitespace, 5–7 characters, one space before the last three. A valid shape
does not mean the postcode exists; existence is checked against ``ref_postcode`` separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from atr.ingest.normalise import WHITESPACE, upper_like_sql

_AREA1 = "[A-PR-UWYZ]"  # first letter: not Q, V, X
_AREA2 = "[A-HK-Y]"  # second letter: not I, J, Z
_OUTWARD = (
    f"(?:{_AREA1}[0-9]{{1,2}}"  # A9, A99
    f"|{_AREA1}{_AREA2}[0-9]{{1,2}}"  # AA9, AA99
    f"|{_AREA1}[0-9][A-HJKPSTUW]"  # A9A
    f"|{_AREA1}{_AREA2}[0-9][ABEHMNPRVWXY])"  # AA9A
)
_INWARD = "[0-9][ABD-HJLNP-UW-Z]{2}"  # unit letters never C, I, K, M, O, V
POSTCODE_KEY_PATTERN = f"(?:{_OUTWARD}{_INWARD}|GIR0AA)"
"""A postcode with no spaces, upper case (the ``ref_postcode.postcode_key`` form)."""

_KEY_RE = re.compile(POSTCODE_KEY_PATTERN)


@dataclass(frozen=True)
class Postcode:
    """A well-formed postcode and its parts."""

    key: str  # LS61AB
    postcode: str  # LS6 1AB
    outward: str  # LS6
    sector: str  # LS6 1


def postcode_key(raw: str | None) -> str | None:
    """Upper case, all whitespace removed, if the result has a valid postcode shape."""
    if raw is None:
        return None
    key = upper_like_sql(re.sub(WHITESPACE, "", raw))
    return key if 5 <= len(key) <= 7 and _KEY_RE.fullmatch(key) else None


def normalise_postcode(raw: str | None) -> Postcode | None:
    """``" ls6  1ab "`` → ``Postcode('LS61AB', 'LS6 1AB', 'LS6', 'LS6 1')``; None if malformed."""
    key = postcode_key(raw)
    if key is None:
        return None
    outward, inward = key[:-3], key[-3:]
    return Postcode(key, f"{outward} {inward}", outward, f"{outward} {inward[0]}")


# --- SQL -----------------------------------------------------------------------------------
def sql_postcode_stripped(col: str) -> str:
    """SQL: upper case, all whitespace removed (not yet checked)."""
    return f"upper(regexp_replace({col}, '{WHITESPACE}', '', 'g'))"


def sql_postcode_key_of_stripped(stripped: str) -> str:
    """SQL: the ``postcode_key`` from a column already holding :func:`sql_postcode_stripped`.
    Callers strip once in a subquery: repeating the stripping made this five times slower."""
    return (
        f"CASE WHEN length({stripped}) BETWEEN 5 AND 7 "
        f"AND regexp_full_match({stripped}, '{POSTCODE_KEY_PATTERN}') THEN {stripped} END"
    )


def sql_postcode_key(col: str) -> str:
    """SQL: the ``postcode_key`` of ``col`` or NULL (mirrors :func:`postcode_key`)."""
    return sql_postcode_key_of_stripped(sql_postcode_stripped(col))


def sql_postcode_from_key(key: str) -> str:
    return f"CASE WHEN {key} IS NOT NULL THEN left({key}, length({key}) - 3) || ' ' || right({key}, 3) END"


def sql_outward_from_key(key: str) -> str:
    return f"left({key}, length({key}) - 3)"


def sql_sector_from_key(key: str) -> str:
    return f"left({key}, length({key}) - 3) || ' ' || substr({key}, length({key}) - 2, 1)"
