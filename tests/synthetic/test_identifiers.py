"""Check digits and code shapes, against the worked examples of national-returns-reference §3."""

from __future__ import annotations

import numpy as np
import pytest

from atr.synthetic.identifiers import (
    INWARD_LETTERS,
    corrupt_nhs_check_digit,
    corrupt_upn_check_letters,
    inward_codes,
    is_valid_nhs_number,
    is_valid_upn,
    new_nhs_numbers,
    new_upns,
    temporary_upns,
)


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("943 476 5919", True),
        ("4010232137", True),
        ("9990000018", True),
        ("9434765918", False),
        ("4010232138", False),
        ("1234567890", False),
        ("123456789", False),
    ],
)
def test_nhs_modulus_11_matches_the_reference_examples(number: str, valid: bool) -> None:
    assert is_valid_nhs_number(number) is valid


@pytest.mark.parametrize(
    ("upn", "valid"),
    [
        ("B801200005001", True),
        ("P207000016049", True),
        ("Y383201512345", True),
        ("U38420151200A", True),
        ("A801200005001", False),
        ("B207000016049", False),
        ("Q207000016049", False),
        ("X80120000A001", False),
    ],
)
def test_upn_check_letter_matches_the_reference_examples(upn: str, valid: bool) -> None:
    assert is_valid_upn(upn) is valid


def test_new_nhs_numbers_are_distinct_and_valid_and_corruption_breaks_them() -> None:
    numbers = new_nhs_numbers(np.random.default_rng(1), 5000)
    assert len(set(numbers.tolist())) == 5000
    assert all(is_valid_nhs_number(n) for n in numbers.tolist())
    assert not any(is_valid_nhs_number(n) for n in corrupt_nhs_check_digit(numbers).tolist())


def test_upns_permanent_temporary_and_corrupted() -> None:
    upns = new_upns(
        np.array(["383", "380", "384"]),
        np.array([2015, 12, 4001]),
        np.array([19, 20, 24]),
        np.array([5, 123, 999]),
    )
    assert [u[1:4] for u in upns.tolist()] == ["383", "380", "384"]
    assert all(is_valid_upn(u) for u in upns.tolist())
    temporary = temporary_upns(upns, np.array(["A", "B", "Z"]))
    assert all(is_valid_upn(u) and u[-1].isalpha() for u in temporary.tolist())
    assert not any(is_valid_upn(u) for u in corrupt_upn_check_letters(upns).tolist())


def test_inward_codes_are_distinct_and_use_only_allowed_letters() -> None:
    codes = inward_codes(np.arange(4000)).tolist()
    assert len(set(codes)) == 4000
    assert all(c[0].isdigit() and c[1] in INWARD_LETTERS and c[2] in INWARD_LETTERS for c in codes)
