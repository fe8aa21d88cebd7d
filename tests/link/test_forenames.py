"""Nickname-aware forenames: the variant rule and the canonical blocking key."""

from __future__ import annotations

import pytest

from atr.link.forenames import are_variants, canonical, lookup_table, variants


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("bill", "william"),
        ("william", "bill"),
        ("liz", "elizabeth"),
        ("kate", "katherine"),
        ("bill", "billy"),
    ],
)
def test_nicknames_are_variants(left: str, right: str) -> None:
    assert are_variants(left, right)


@pytest.mark.parametrize(
    ("left", "right"), [("aaron", "ronald"), ("john", "james"), ("mohammed", "muhammad")]
)
def test_names_sharing_only_a_nickname_are_not_variants(left: str, right: str) -> None:
    # Aaron and Ronald are both "Ron" for short, which does not make them one name.
    assert not are_variants(left, right)


def test_only_the_first_word_is_looked_up() -> None:
    assert are_variants("bill james", "william")
    assert variants("") == []
    assert canonical("") is None


def test_canonical_is_a_function_of_the_name_and_joins_common_nicknames() -> None:
    assert canonical("william") == canonical("bill") == canonical("billy")
    assert canonical("zainab") == "zainab"


def test_lookup_table_has_one_row_per_distinct_name() -> None:
    table = lookup_table(["bill", "william", None, "bill", "zara"])
    assert table.column("forename").to_pylist() == ["bill", "william", "zara"]
    rows = table.to_pylist()
    assert "william" in rows[0]["forename_variants"]
    assert rows[2]["forename_variants"] == ["zara"]
