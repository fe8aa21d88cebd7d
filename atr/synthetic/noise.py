"""The deliberate identifier noise of each partner: what it holds, and how it gets it wrong.

One profile per dataset. Rates are per person row (per child row for UPN and forename-only).
They are judgement calls informed by the contract's identifier-availability table
(national-returns-reference §6.0a): health holds NHS numbers, schools UPNs, social care LA child
ids and UPNs, police names and addresses (children often forename only), criminal justice PNC
ids. ``docs/synthetic.md`` prints this catalogue; ``atr synth --check`` measures it back.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class NoiseProfile:
    """How one kind of partner records identity. Every rate is a probability per row."""

    nhs_number: float  # holds the (true) NHS number
    upn: float  # holds the child's UPN (children with one)
    pnc_id: float  # holds the PNC id (people who have one)
    ethnicity_scheme: str  # "dfe" 4-letter codes or "nhs" category letters
    middle_names: float  # records middle names
    address: float  # records address line and town
    uprn: float  # records the UPRN
    typo: float  # forename or surname has a keying error (swap, drop or double a letter)
    nickname: float  # adult forename recorded as a familiar form (William → Bill)
    old_surname: float  # surname before a change (marriage), where it changed
    former_surname: float  # former surname column filled, where the surname changed
    transposed_dob: float  # day and month swapped (when the day is 12 or less)
    missing_dob: float
    missing_postcode: float
    old_address: float  # an address the person had left (where they moved)
    postcode_format: float  # lower case or without the space (valid once normalised)
    nhs_spaces: float  # NHS number written "943 476 5919"
    invalid_nhs: float  # NHS number with a wrong check digit
    invalid_upn: float  # UPN with a wrong check letter
    temporary_upn: float  # a temporary UPN (final letter) instead of the permanent one
    unknown_sex: float  # sex recorded "U"
    missing_ethnicity: float
    duplicate: float  # the person is registered twice under two person ids
    child_forename_only: float  # a child recorded with forename only: no surname, no DOB
    upper_case_surname: float  # surname keyed in capitals

    @staticmethod
    def columns() -> list[str]:
        return [f.name for f in fields(NoiseProfile)]


_BASE = {
    "nhs_number": 0.0,
    "upn": 0.0,
    "pnc_id": 0.0,
    "ethnicity_scheme": "dfe",
    "middle_names": 0.5,
    "address": 0.9,
    "uprn": 0.0,
    "typo": 0.02,
    "nickname": 0.03,
    "old_surname": 0.1,
    "former_surname": 0.0,
    "transposed_dob": 0.005,
    "missing_dob": 0.005,
    "missing_postcode": 0.02,
    "old_address": 0.05,
    "postcode_format": 0.05,
    "nhs_spaces": 0.0,
    "invalid_nhs": 0.0,
    "invalid_upn": 0.0,
    "temporary_upn": 0.0,
    "unknown_sex": 0.002,
    "missing_ethnicity": 0.05,
    "duplicate": 0.005,
    "child_forename_only": 0.0,
    "upper_case_surname": 0.0,
}


def _profile(**changes: object) -> NoiseProfile:
    values = dict(_BASE)
    values.update(changes)
    return NoiseProfile(**values)  # type: ignore[arg-type]


# fmt: off
PROFILES: dict[str, NoiseProfile] = {
    "csc": _profile(nhs_number=0.45, upn=0.85, uprn=0.5, former_surname=0.5, invalid_nhs=0.003, invalid_upn=0.003, temporary_upn=0.01, duplicate=0.01),
    "lac": _profile(nhs_number=0.3, upn=0.9, middle_names=0.0, address=0.0, typo=0.0, nickname=0.0, old_surname=0.0, invalid_upn=0.003, temporary_upn=0.01, duplicate=0.0),
    "school": _profile(upn=0.995, middle_names=0.8, uprn=0.3, former_surname=0.3, invalid_upn=0.002, temporary_upn=0.01, nickname=0.02, typo=0.01, duplicate=0.002),
    "police": _profile(nhs_number=0.02, pnc_id=0.8, middle_names=0.3, uprn=0.6, typo=0.04, nickname=0.08, old_surname=0.2, transposed_dob=0.01,
                       missing_dob=0.05, missing_postcode=0.08, old_address=0.12, postcode_format=0.15, invalid_nhs=0.05, missing_ethnicity=0.2,
                       duplicate=0.04, child_forename_only=0.4, upper_case_surname=0.6),
    "mental_health": _profile(nhs_number=0.97, ethnicity_scheme="nhs", nhs_spaces=0.1, invalid_nhs=0.003, missing_ethnicity=0.1),
    "substance": _profile(nhs_number=0.6, ethnicity_scheme="nhs", nickname=0.06, typo=0.03, missing_dob=0.01, missing_postcode=0.08,
                          old_address=0.1, invalid_nhs=0.01, duplicate=0.02),
    "probation": _profile(nhs_number=0.05, pnc_id=0.95, middle_names=0.6, nickname=0.05, old_address=0.1, missing_postcode=0.1, duplicate=0.003, upper_case_surname=0.5),
    "housing": _profile(nhs_number=0.03, uprn=0.4, typo=0.03, nickname=0.05, missing_dob=0.02, old_address=0.15, duplicate=0.02, missing_postcode=0.05),
    "youth_justice": _profile(nhs_number=0.05, upn=0.4, pnc_id=0.8, middle_names=0.6, typo=0.02, duplicate=0.005),
    "gp_registration": _profile(nhs_number=0.995, ethnicity_scheme="nhs", middle_names=0.9, uprn=0.0, typo=0.005, nickname=0.005,
                                old_surname=0.02, transposed_dob=0.001, missing_dob=0.0, missing_postcode=0.005, old_address=0.03,
                                nhs_spaces=0.2, invalid_nhs=0.0005, missing_ethnicity=0.15, duplicate=0.002),
    "programme": _profile(nhs_number=0.5, upn=0.4, typo=0.03, nickname=0.05, missing_dob=0.01, missing_postcode=0.05,
                          old_address=0.05, invalid_nhs=0.005, duplicate=0.01),
}
# fmt: on
"""Noise profile per dataset (see the field comments for what each rate means)."""
