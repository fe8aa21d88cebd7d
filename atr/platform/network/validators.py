"""Formats of the identifiers organisations carry, so a typo is caught at the form, not the join.

Each ``normalise_*`` function takes what a person typed (any case, spaces) and returns the
canonical form or raises :class:`~django.core.exceptions.ValidationError` with a message that
says what a good value looks like.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_ODS = re.compile(r"(?=.*[A-Z])[A-Z0-9]{3,6}")
_URN = re.compile(r"[1-9][0-9]{5}")
_CHARITY = re.compile(r"(SC[0-9]{6}|[0-9]{6,7})(-[0-9]{1,2})?")
_COMPANY = re.compile(r"[0-9]{8}|[A-Z]{2}[0-9]{6}")


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def normalise_ods_code(value: str) -> str:
    """NHS ODS organisation code: 3 to 6 letters and digits with at least one letter (RR8, B86001)."""
    code = _squash(value)
    if not _ODS.fullmatch(code):
        raise ValidationError("Enter an ODS code of 3 to 6 letters and numbers, like RR8 or B86001")
    return code


def normalise_urn(value: str) -> str:
    """DfE unique reference number of a school or setting: six digits (107997)."""
    code = _squash(value)
    if not _URN.fullmatch(code):
        raise ValidationError("Enter a school URN of 6 digits, like 107997")
    return code


def normalise_charity_number(value: str) -> str:
    """Charity Commission number (1089464, or 1089464-1) or Scottish (OSCR) number (SC012345)."""
    code = _squash(value)
    if not _CHARITY.fullmatch(code):
        raise ValidationError("Enter a charity number of 6 or 7 digits (like 1089464), or SC and 6 digits")
    return code


def normalise_company_number(value: str) -> str:
    """Companies House number: 8 digits (leading zeros restored) or 2 letters and 6 digits."""
    code = _squash(value)
    if code.isdigit() and 1 <= len(code) < 8:
        code = code.zfill(8)
    if not _COMPANY.fullmatch(code):
        raise ValidationError("Enter a company number of 8 digits (like 01234567) or 2 letters and 6 digits")
    return code


def validate_ods_code(value: str) -> None:
    normalise_ods_code(value)


def validate_urn(value: str) -> None:
    normalise_urn(value)


def validate_charity_number(value: str) -> None:
    normalise_charity_number(value)


def validate_company_number(value: str) -> None:
    if value != normalise_company_number(value):
        raise ValidationError("Enter a company number of 8 digits (like 01234567) or 2 letters and 6 digits")
