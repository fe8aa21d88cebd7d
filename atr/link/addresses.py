"""Split a first address line into its house number and the street, in portable SQL.

Why: Jaro-Winkler over the whole line scores "21 la perouse street" and "123 la perouse
street" at 0.95, so two neighbours in one postcode looked like one address (on FEBRL4 that
merged two people once the address levels carried their full weight). A house number is what
tells a dwelling from its neighbours: in a UK postcode of about fifteen addresses, number and
postcode identify the dwelling. So the address comparison asks that the house numbers do not
differ and compares the street names on their own.

The rules, for lines normalised by ingest (lower case, punctuation removed; commas are also
accepted):

- The house number is the last number (with an optional letter suffix, "12a") that is
  followed by nothing but words: "flat 3 45 park road" → 45, "12a high street" → 12a,
  "297" → 297, "rose cottage" → none.
- The street is the words after that number ("park road", "high street"); a line with a
  number and no words after it has no street; a line without a number is all street
  ("rose cottage mill lane").

Hand-written because it has to be a SQL expression (``regexp_extract``, the same on DuckDB
and Spark; no backslash escapes, which the two dialects read differently) applied where the
records already are, and the address libraries (libpostal bindings, usaddress) are large,
need native models, or parse US addresses.
"""

from __future__ import annotations

# Group 2: a number, optionally one letter, starting a word and followed only by words.
_HOUSE_NUMBER = "(^|[^0-9a-z])([0-9]+[a-z]?)([ ,]+[a-z][^0-9]*)?$"
# Group 1: the words after the last number that is followed only by words.
_STREET = "[0-9][a-z]?[ ,]+([a-z][^0-9]*)$"


def house_number_sql(line: str) -> str:
    """SQL for the house number of the address line expression ``line`` (NULL if none)."""
    return f"nullif(regexp_extract(lower({line}), '{_HOUSE_NUMBER}', 2), '')"


def street_sql(line: str) -> str:
    """SQL for the street of ``line``: the words after the house number, or the whole line."""
    street = f"nullif(trim(regexp_extract(lower({line}), '{_STREET}', 1)), '')"
    return (
        f"CASE WHEN {house_number_sql(line)} IS NULL THEN nullif(trim(lower({line})), '') ELSE {street} END"
    )
