"""Nickname-aware forenames: a canonical form for blocking and a variant set for comparing.

Partners record the same child as "William" in school data and "Bill" in police data. The
``nicknames`` package (Old Dominion University's curated name-variant list) knows which names
are variants of which; this module turns it into two columns Splink can use:

- ``forename_variants``: the name itself plus every name it is listed as a nickname of. Two
  forenames are "nickname variants" when these sets intersect (Bill {bill, william, …} and
  William {william, bill, …} share ``william``), while two formal names that merely share a
  nickname (Aaron and Ronald, both "Ron") do not.
- ``forename_canonical``: the alphabetically first member of that set. It is a function of the
  forename, so blocking on it never loses a pair that blocking on the raw forename would find,
  and it also brings many (not all) nickname pairs into the same block.

Only the first word of a forename is looked up ("mary jane" → "mary"); ingest has already
normalised names to lower case without punctuation.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pyarrow as pa
from nicknames import NickNamer

LOOKUP_SCHEMA = pa.schema(
    [
        ("forename", pa.string()),
        ("forename_canonical", pa.string()),
        ("forename_variants", pa.list_(pa.string())),
    ]
)


@lru_cache(maxsize=1)
def _namer() -> NickNamer:
    return NickNamer()


def first_word(forename: str) -> str:
    """The part of a forename that nicknames refer to."""
    words = forename.split()
    return words[0] if words else ""


def variants(forename: str) -> list[str]:
    """The forename's first word and every name it is a recorded nickname of, sorted."""
    word = first_word(forename)
    if not word:
        return []
    return sorted({word} | _namer().canonicals_of(word))


def canonical(forename: str) -> str | None:
    """A representative of the forename's variant set (for blocking)."""
    found = variants(forename)
    return found[0] if found else None


def are_variants(left: str, right: str) -> bool:
    """Whether two forenames are nickname variants of each other (the comparison rule)."""
    return bool(set(variants(left)) & set(variants(right)))


def lookup_table(forenames: Iterable[str | None]) -> pa.Table:
    """One row per distinct forename with its canonical form and variant set."""
    distinct = sorted({f for f in forenames if f})
    return pa.table(
        {
            "forename": distinct,
            "forename_canonical": [canonical(f) for f in distinct],
            "forename_variants": [variants(f) for f in distinct],
        },
        schema=LOOKUP_SCHEMA,
    )
