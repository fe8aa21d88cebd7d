"""The Splink model specification: comparisons and blocking rules for UK person records.

Chosen from ``design/research/linkage-anchors.md`` (measured on FEBRL4 and synthetic data):

- Names: exact (with term-frequency adjustment, so "Mohammed Khan" in Bradford counts for less
  than a rare name), nickname variant (``forenames.py``), Jaro-Winkler ≥ 0.92 and ≥ 0.80; a
  forename equal to the other record's first middle name; a surname equal to the other
  record's former surname (marriage, adoption).
- Date of birth: exact (term-frequency adjusted: placeholder and clumped dates such as 1 January
  count for less), day and month transposed (a common data-entry slip), one character edit,
  within a month, a year, ten years. Beyond ten years is its own level, learned from the data:
  it is what separates a father from a son of the same name at the same address.
- Middle name, where both records hold one.
- Address: the same UPRN; the same postcode and house (``addresses.py`` splits the first line
  into house number and street: equal numbers, similar streets); the same postcode and only
  the house number or only the street (a neighbour, a move within the street, a typo); the
  same postcode; the same house, or the same street, with the postcode one edit out (a typo)
  or in the same town; the postcode one edit out; the same house elsewhere; the same sector;
  the same district. One comparison rather than several, because UPRN, postcode, street and
  house number are not independent evidence: a person who moves changes them all at once, and
  separate comparisons would count one move as several disagreements.
- Identifiers (NHS number, UPN, LA child id, PNC id): the hashes can only be equal or not.
  Equality is near-unique, so random sampling almost never observes it; its u probability is
  set by hand to 1 / (number of distinct values) and held fixed, as the research advises.
  Their m probabilities are fixed too (``identifier_m_disagree``, see ``_identifier``).

A comparison whose column no record holds is left out entirely, so a partner set without
UPNs, say, neither helps nor harms. The blocking rules are in ``blocking.py``.
"""

from __future__ import annotations

from typing import Any, Literal

import splink.comparison_level_library as cll
import splink.comparison_library as cl

from atr.link.portable_levels import PortableLevel
from atr.link.prepare import PreparedInput

IDENTIFIER_LABELS = {
    "nhs_number": "NHS number",
    "upn": "UPN",
    "la_child_id": "LA child id",
    "pnc_id": "PNC id",
}


def _swapped() -> Any:
    """Forename and surname recorded the wrong way round (allowing a typo in each).

    Only the forename comparison has this level: giving it to the surname comparison too
    would count one piece of evidence twice.
    """
    return PortableLevel(
        "{jaro_winkler}(forename_l, surname_r) >= 0.92 AND {jaro_winkler}(surname_l, forename_r) >= 0.92",
        label_for_charts="Forename and surname swapped",
    )


def _forename(with_middle: bool) -> Any:
    levels: list[Any] = [
        cll.NullLevel("forename"),
        cll.ExactMatchLevel("forename", term_frequency_adjustments=True),
        cll.ArrayIntersectLevel("forename_variants").configure(label_for_charts="Nickname variants"),
        cll.JaroWinklerLevel("forename", 0.92),
        _swapped(),
        cll.JaroWinklerLevel("forename", 0.80),
    ]
    if with_middle:
        levels.append(
            cll.CustomLevel(
                "forename_l = middle_name_r OR middle_name_l = forename_r",
                label_for_charts="Forename is the other's middle name",
            )
        )
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(output_column_name="forename", comparison_levels=levels)


def _surname(with_former: bool) -> Any:
    levels: list[Any] = [
        cll.NullLevel("surname"),
        cll.ExactMatchLevel("surname", term_frequency_adjustments=True),
    ]
    if with_former:
        levels.append(
            cll.CustomLevel(
                "surname_l = former_surname_r OR former_surname_l = surname_r",
                label_for_charts="Surname is the other's former surname",
            )
        )
    levels += [
        cll.JaroWinklerLevel("surname", 0.92),
        cll.JaroWinklerLevel("surname", 0.80),
        cll.ElseLevel(),
    ]
    return cl.CustomComparison(output_column_name="surname", comparison_levels=levels)


def _date_of_birth() -> Any:
    def within(threshold: int, metric: Literal["month", "year"]) -> Any:
        return cll.AbsoluteDateDifferenceLevel(
            "date_of_birth", threshold=threshold, metric=metric, input_is_string=False
        )

    return cl.CustomComparison(
        output_column_name="date_of_birth",
        comparison_levels=[
            cll.NullLevel("date_of_birth"),
            cll.ExactMatchLevel("date_of_birth", term_frequency_adjustments=True),
            cll.CustomLevel(
                "birth_day_l = birth_month_r AND birth_month_l = birth_day_r AND birth_year_l = birth_year_r",
                label_for_charts="Day and month transposed",
            ),
            cll.DamerauLevenshteinLevel("dob_text", 1),
            within(1, "month"),
            within(1, "year"),
            within(10, "year"),
            cll.ElseLevel(),
        ],
    )


def _middle_name() -> Any:
    """Middle names, where both records hold one: a different middle name is evidence against."""
    return cl.CustomComparison(
        output_column_name="middle_name",
        comparison_levels=[
            cll.NullLevel("middle_name"),
            cll.ExactMatchLevel("middle_name"),
            cll.JaroWinklerLevel("middle_name", 0.9),
            cll.ElseLevel(),
        ],
    )


# The first address line, split by ``addresses.py`` into house number and street. The same
# house: equal house numbers (or none on either side) and similar streets. Within a postcode,
# a line lacking its street or number but agreeing in the rest is its own level; so is a line
# that agrees in one part and contradicts in the other (a neighbour, a move within the street,
# a typo); the data decides their weights. A different house number is never "the same first
# line", however similar the whole lines look.
# (``PortableLevel`` placeholders: see its module.)
_STREET_SIMILAR = "{jaro_winkler}(address_street_l, address_street_r) >= 0.9"
SAME_HOUSE = (
    "coalesce(house_number_l = house_number_r, house_number_l IS NULL AND house_number_r IS NULL)"
    " AND " + _STREET_SIMILAR
)
SAME_HOUSE_OR_STREET = "(house_number_l = house_number_r OR " + _STREET_SIMILAR + ")"
# Agreeing wherever both lines hold a part (one lacks its street, or its number).
NOTHING_CONTRADICTS = (
    "coalesce(house_number_l = house_number_r, true) AND coalesce("
    + _STREET_SIMILAR
    + ", true) AND "
    + SAME_HOUSE_OR_STREET
)
_NEAR = "({damerau_levenshtein}(postcode_l, postcode_r) <= 1 OR town_l = town_r)"


def _address(prepared: PreparedInput) -> Any:
    levels: list[Any] = [
        cll.CustomLevel(
            "(uprn_l IS NULL OR uprn_r IS NULL) AND (postcode_l IS NULL OR postcode_r IS NULL)"
            " AND (address_line_1_l IS NULL OR address_line_1_r IS NULL)",
            label_for_charts="No address on one side",
        ).configure(is_null_level=True)
    ]
    if prepared.has("uprn"):
        levels.append(cll.ExactMatchLevel("uprn").configure(label_for_charts="Same UPRN"))
    levels += [
        PortableLevel(
            "postcode_l = postcode_r AND " + SAME_HOUSE, label_for_charts="Same postcode and house"
        ),
        PortableLevel(
            "postcode_l = postcode_r AND " + NOTHING_CONTRADICTS,
            label_for_charts="Same postcode, one line incomplete but agreeing",
        ),
        PortableLevel(
            "postcode_l = postcode_r AND " + SAME_HOUSE_OR_STREET,
            label_for_charts="Same postcode, other house number or street",
        ),
        cll.ExactMatchLevel("postcode").configure(label_for_charts="Same postcode"),
        PortableLevel(
            SAME_HOUSE + " AND " + _NEAR,
            label_for_charts="Same house, postcode one edit apart or same town",
        ),
        PortableLevel(
            _STREET_SIMILAR + " AND " + _NEAR,
            label_for_charts="Same street, postcode one edit apart or same town",
        ),
        cll.DamerauLevenshteinLevel("postcode", 1).configure(label_for_charts="Postcode one edit apart"),
        PortableLevel(SAME_HOUSE, label_for_charts="Same house elsewhere"),
        cll.ExactMatchLevel("postcode_sector").configure(label_for_charts="Same postcode sector"),
        cll.ExactMatchLevel("postcode_outward").configure(label_for_charts="Same postcode district"),
        cll.ElseLevel(),
    ]
    return cl.CustomComparison(output_column_name="address", comparison_levels=levels)


def _identifier(column: str, distinct_values: int, edit_distance: int, m_disagree: float) -> Any:
    """Equal or not; with ``edit_distance``, also one or two edits apart (clear-text ids only).

    Pseudonymised, check-digit-validated identifiers get fixed m probabilities: EM would learn
    how often "one person" carries two numbers from whatever its name-based training blocks
    contain, and those blocks hold same-named relatives with different numbers.
    """
    u_agree = 1.0 / max(distinct_values, 1)
    label = f"Same {IDENTIFIER_LABELS[column]}"
    levels: list[Any] = [cll.NullLevel(column)]
    if edit_distance:
        levels.append(
            cll.ExactMatchLevel(column).configure(
                u_probability=u_agree, fix_u_probability=True, label_for_charts=label
            )
        )
        levels += [cll.DamerauLevenshteinLevel(column, d) for d in range(1, edit_distance + 1)]
        levels.append(cll.ElseLevel())
    else:
        levels.append(
            cll.ExactMatchLevel(column).configure(
                u_probability=u_agree,
                fix_u_probability=True,
                m_probability=1.0 - m_disagree,
                fix_m_probability=True,
                label_for_charts=label,
            )
        )
        levels.append(
            cll.ElseLevel().configure(
                u_probability=1.0 - u_agree,
                fix_u_probability=True,
                m_probability=m_disagree,
                fix_m_probability=True,
            )
        )
    return cl.CustomComparison(output_column_name=column, comparison_levels=levels)


def comparisons(
    prepared: PreparedInput,
    distinct_identifiers: dict[str, int],
    identifier_edit_distance: int = 0,
    identifier_m_disagree: float = 0.01,
) -> list[Any]:
    """The comparisons for the columns this run actually holds."""
    found: list[Any] = [
        _forename(prepared.has("middle_name")),
        _surname(prepared.has("former_surname")),
        _date_of_birth(),
    ]
    if prepared.has("middle_name"):
        found.append(_middle_name())
    if prepared.has("sex"):
        found.append(cl.ExactMatch("sex"))
    if prepared.has("postcode") or prepared.has("uprn") or prepared.has("address_line_1"):
        found.append(_address(prepared))
    for column in IDENTIFIER_LABELS:
        if prepared.has(column) and distinct_identifiers.get(column, 0) > 0:
            found.append(
                _identifier(
                    column, distinct_identifiers[column], identifier_edit_distance, identifier_m_disagree
                )
            )
    return found
