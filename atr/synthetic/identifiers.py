"""Synthetic identifiers with the real check digits: NHS numbers, UPNs, postcodes, UPRNs.

Hand-written and vectorised on purpose: libraries such as python-stdnum validate one value at a
time, and the generator makes millions. The algorithms are those of
``shared/contract/national-returns-reference.md`` §3 (NHS Modulus 11; UPN check letter, whose
worked example ``P207000016049`` the tests use) and §4.1 (postcode letter rules).

NHS numbers are drawn from the 4xx range because ingest treats the 999 test range as invalid
outside fixtures; they are random, so any coincidence with a real number carries no information.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
StrArray = npt.NDArray[np.str_]

NHS_WEIGHTS = np.arange(10, 1, -1, dtype=np.int64)  # 10, 9, …, 2 for digits 1-9
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O, S
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # postcode unit letters: never C I K M O V


def _digits(values: IntArray, width: int) -> IntArray:
    """Digits of each value, most significant first, as an (n, width) array."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (values[:, None] // powers[None, :]) % 10


def nhs_check_digit(stems: IntArray) -> IntArray:
    """Modulus 11 check digit of 9-digit stems; 10 means the stem can never be valid."""
    total = _digits(stems, 9) @ NHS_WEIGHTS
    check = 11 - total % 11
    return np.where(check == 11, 0, check)


def new_nhs_numbers(rng: np.random.Generator, n: int) -> StrArray:
    """``n`` distinct valid 10-digit NHS numbers (as strings), in random order."""
    chosen = np.empty(0, dtype=np.int64)
    while chosen.size < n:
        stems = rng.integers(400_000_000, 499_999_999, size=int(n * 1.15) + 16, dtype=np.int64)
        check = nhs_check_digit(stems)
        numbers = stems[check != 10] * 10 + check[check != 10]
        chosen = np.unique(np.concatenate([chosen, numbers]))
    return rng.permutation(chosen)[:n].astype(str)


def corrupt_nhs_check_digit(numbers: StrArray) -> StrArray:
    """Change the last digit of each number so the Modulus 11 check fails (deliberate noise)."""
    if numbers.size == 0:
        return numbers
    values = numbers.astype(np.int64)
    wrong = (values % 10 + 1) % 10
    return (values - values % 10 + wrong).astype(str)


def is_valid_nhs_number(value: str) -> bool:
    """Scalar Modulus 11 check (spaces allowed), for tests and the calibration check."""
    digits = value.replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = nhs_check_digit(np.array([int(digits[:9])], dtype=np.int64))[0]
    return bool(check != 10 and check == int(digits[9]))


def upn_check_letters(bodies: StrArray) -> StrArray:
    """Check letters for 12-character UPN bodies (characters 2-13; last may be a letter)."""
    if bodies.size == 0:
        return bodies
    codes = np.frombuffer(np.char.encode(bodies.astype("U12"), "ascii"), dtype=np.uint8).reshape(-1, 12)
    values = (codes - ord("0")).astype(np.int64)
    last = codes[:, 11]
    letter_value = np.searchsorted(np.frombuffer(UPN_LETTERS.encode(), np.uint8), last)
    values[:, 11] = np.where(last >= ord("A"), letter_value, values[:, 11])
    total = values @ np.arange(2, 14, dtype=np.int64)
    letters: StrArray = np.array(list(UPN_LETTERS))[total % 23]
    return letters


def new_upns(la_codes: StrArray, estab: IntArray, year2: IntArray, serial: IntArray) -> StrArray:
    """Permanent UPNs: check letter + LA (3) + establishment (4) + year (2) + serial (3)."""
    bodies = np.char.add(
        np.char.add(la_codes.astype(str), np.char.zfill(estab.astype(str), 4)),
        np.char.add(np.char.zfill(year2.astype(str), 2), np.char.zfill(serial.astype(str), 3)),
    )
    return np.char.add(upn_check_letters(bodies), bodies)


def temporary_upns(upns: StrArray, letters: StrArray) -> StrArray:
    """Temporary UPNs: the same body with the serial cut to 2 digits and a final letter."""
    if upns.size == 0:
        return upns
    bodies = np.char.add(np.array([u[1:12] for u in upns.tolist()]), letters)
    return np.char.add(upn_check_letters(bodies), bodies)


def corrupt_upn_check_letters(upns: StrArray) -> StrArray:
    """Replace the check letter with the next one in the alphabet (deliberate noise)."""
    if upns.size == 0:
        return upns
    index = np.array([UPN_LETTERS.index(u[0]) for u in upns.tolist()])
    wrong = np.array(list(UPN_LETTERS))[(index + 1) % 23]
    return np.char.add(wrong, np.array([u[1:] for u in upns.tolist()]))


def is_valid_upn(value: str) -> bool:
    """Scalar UPN check: 13 characters, LA digits, check letter correct."""
    if len(value) != 13 or value[0] not in UPN_LETTERS or not value[1:12].isdigit():
        return False
    if not (value[12].isdigit() or value[12] in UPN_LETTERS):
        return False
    return bool(upn_check_letters(np.array([value[1:]]))[0] == value[0])


def inward_codes(indices: IntArray) -> StrArray:
    """Distinct inward codes ``9AA`` for indices 0 … 3,999 (sector digit then two unit letters)."""
    letters = np.array(list(INWARD_LETTERS))
    n = len(INWARD_LETTERS)
    sector = (indices // (n * n)) % 10
    first = letters[(indices // n) % n]
    second = letters[indices % n]
    return np.char.add(np.char.add(sector.astype(str), first), second)


def uprns(rng: np.random.Generator, n: int) -> StrArray:
    """Distinct UPRN-like numbers (digits only, no check digit, as real UPRNs)."""
    base = 10_000_000_000 + np.arange(n, dtype=np.int64) * 17
    return (base + rng.integers(0, 17, size=n)).astype(str)
