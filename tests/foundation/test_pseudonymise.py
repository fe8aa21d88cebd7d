"""Keyed pseudonyms: stable under one key, unrelated under another, never without a key."""

from __future__ import annotations

from pathlib import Path

import pytest

from atr.errors import AtrError, InputFileError
from atr.pseudonymise import ENV_VAR, load_key, write_new_key


def test_same_key_same_pseudonym_different_key_different(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    write_new_key(tmp_path / "a.key")
    write_new_key(tmp_path / "b.key")
    a1 = load_key(tmp_path / "a.key")
    a2 = load_key(tmp_path / "a.key")
    b = load_key(tmp_path / "b.key")
    pid = a1.person_id("csc", "383", "P000123")
    assert pid == a2.person_id("csc", "383", "P000123")
    assert pid != b.person_id("csc", "383", "P000123")
    assert pid != a1.person_id("csc", "380", "P000123")  # another partner's P000123 is someone else
    assert len(pid) == 32 and int(pid, 16) >= 0
    assert (tmp_path / "a.key").stat().st_mode & 0o777 == 0o600


def test_key_is_never_shown(tmp_path: Path) -> None:
    write_new_key(tmp_path / "k")
    key = load_key(tmp_path / "k")
    assert key.secret.decode() not in repr(key)


def test_refuses_without_a_key_unless_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    with pytest.raises(AtrError, match="no pseudonymisation key"):
        load_key(None)
    assert load_key(None, allow_throwaway=True).origin == "throwaway"


def test_environment_key_and_bad_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "x" * 40)
    assert load_key(None).origin == "environment"
    monkeypatch.setenv(ENV_VAR, "short")
    with pytest.raises(AtrError, match="too short"):
        load_key(None)
    with pytest.raises(InputFileError, match="key file not found"):
        load_key(tmp_path / "missing.key")
