"""Keyed pseudonyms: stable under one key, unrelated under another, never without a key."""

from __future__ import annotations

from pathlib import Path

import pytest

from atr.errors import AtrError, InputFileError
from atr.pseudonymise import ENV_VAR, MIN_KEY_BITS, estimated_bits, load_key, write_new_key

STRONG = "Vq3pX9rT0bLk2ZsW8yHn4MdJ6cFg1Ae5UuRiOo7PtEwQ"  # typed once, not generated: a fixed strong key


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
    monkeypatch.setenv(ENV_VAR, STRONG)
    assert load_key(None).origin == "environment"
    monkeypatch.setenv(ENV_VAR, "x" * 40)  # long enough, but one character repeated
    with pytest.raises(AtrError, match="too weak"):
        load_key(None)
    monkeypatch.setenv(ENV_VAR, "short")
    with pytest.raises(AtrError, match="too short"):
        load_key(None)
    with pytest.raises(InputFileError, match="key file not found"):
        load_key(tmp_path / "missing.key")


@pytest.mark.parametrize(
    "secret",
    ["a" * 32, "password" * 4, "abcdefghijklmnopqrstuvwxyz012345", "12345678" * 5, "ab" * 20],
)
def test_weak_keys_are_refused(tmp_path: Path, secret: str) -> None:
    path = tmp_path / "weak.key"
    path.write_text(secret + "\n")
    path.chmod(0o600)
    with pytest.raises(AtrError, match=r"too weak \(about \d+ bits of entropy, need 128\+"):
        load_key(path)


def test_strong_keys_pass_and_atr_key_new_makes_one(tmp_path: Path) -> None:
    assert estimated_bits(STRONG) >= MIN_KEY_BITS
    write_new_key(tmp_path / "new.key")
    assert estimated_bits((tmp_path / "new.key").read_text().strip()) >= 2 * MIN_KEY_BITS - 30


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "shared.key"
    write_new_key(path)
    path.chmod(0o640)
    with pytest.raises(InputFileError, match=r"read or changed by group or others \(mode 640\)"):
        load_key(path)
    path.chmod(0o604)
    with pytest.raises(InputFileError, match="chmod 600"):
        load_key(path)


def test_a_binary_key_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "binary.key"
    path.write_bytes(bytes(range(256)))
    path.chmod(0o600)
    with pytest.raises(InputFileError, match=r"not a text key file \(binary content\)"):
        load_key(path)
    path.write_bytes(b"\x00" * 40)
    with pytest.raises(AtrError, match=r"control characters|too weak"):
        load_key(path)
