"""Objects the workforce pages need in the role walk: the led organisation (and later its rounds)."""

from __future__ import annotations

from typing import Any


def workforce_objects(accounts: Any) -> dict[str, object]:
    """URL name → pk, or ``name.converter`` → value, for every workforce URL that takes one."""
    org = accounts.led_organisation.pk
    return dict.fromkeys(("organisation", "upload", "template", "add_completion", "requirements"), org)
