"""Accounts made from the command line: the first administrator (programme team + Django admin)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from atr.errors import InputFileError, UsageError
from atr.platform.network.access import TEAM_GROUP


def read_password(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(path, f"cannot read the password ({exc.__class__.__name__})") from exc
    lines = text.splitlines()
    password = lines[0] if lines else ""
    if not password:
        raise InputFileError(path, "the first line (the password) is empty")
    return password


def create_admin(email: str, password_file: Path) -> bool:
    """Create or update an administrator; True if created. The password must pass the validators."""
    email = email.strip().lower()
    if "@" not in email:
        raise UsageError(f"'{email}' is not an email address")
    password = read_password(password_file)
    model = get_user_model()
    user = model.objects.filter(username=email).first()
    try:
        password_validation.validate_password(password, user or model(username=email, email=email))
    except ValidationError as exc:
        raise InputFileError(password_file, "the password is too weak: " + " ".join(exc.messages)) from exc
    with transaction.atomic():
        created = user is None
        if user is None:
            user = model(username=email, email=email)
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get_or_create(name=TEAM_GROUP)[0])
    return created
