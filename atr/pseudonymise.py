"""Keyed pseudonyms: HMAC-SHA-256 of identifiers, with a key that never enters the warehouse.

Why keyed: a plain hash of an NHS number can be reversed by hashing all ten-digit numbers; an
HMAC cannot be, without the key. The same key gives the same pseudonym, so extracts received at
different times still link; a different key gives unrelated pseudonyms, so outputs made with a
throwaway demo key cannot be joined to anything real.

The key comes from a key file or ``$ATR_PSEUDONYMISATION_KEY``. It must be strong: at least 32
characters and an estimated 128 bits of entropy (``atr key new`` makes 256), because anyone who
can guess the key can re-identify every pseudonym by hashing candidate identifiers; ``"a" * 32``
or ``"password" * 4`` are refused. A key file must be a text file readable by its owner only.
Only ``--demo`` runs may generate a throwaway key, and they say so.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import secrets
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from atr.atomic import write_text_atomic
from atr.errors import AtrError, InputFileError

ENV_VAR = "ATR_PSEUDONYMISATION_KEY"
MIN_KEY_LENGTH = 32
MIN_KEY_BITS = 128
_CHARSETS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
PERSON_ID_LENGTH = 32  # hex characters kept from the HMAC (128 bits)


@dataclass(frozen=True)
class PseudonymisationKey:
    """A secret key and where it came from (``file``, ``environment`` or ``throwaway``)."""

    secret: bytes
    origin: str

    def __repr__(self) -> str:  # never print the secret
        return f"PseudonymisationKey(origin={self.origin!r})"

    def digest(self, value: str, length: int = PERSON_ID_LENGTH) -> str:
        """HMAC-SHA-256 of ``value`` as lower-case hex, truncated to ``length`` characters."""
        mac = hmac.new(self.secret, value.encode("utf-8"), hashlib.sha256)
        return mac.hexdigest()[:length]

    def person_id(self, dataset: str, partner_code: str, raw_person_id: str) -> str:
        """The pseudonymous ``person_id`` of a partner's person key (see docs/tables.md)."""
        return self.digest(f"{dataset}|{partner_code}|{raw_person_id}")

    def identifier(self, kind: str, value: str) -> str:
        """The pseudonym of a direct identifier (``nhs``, ``upn``, ``uprn``, ``pnc``, ``la_child``)."""
        return self.digest(f"{kind}|{value}")


def estimated_bits(secret: str) -> float:
    """A cautious estimate of a key's entropy in bits: the smaller of (a) its length times the
    Shannon entropy of its characters and (b) the characters that do not continue a run or a
    constant step (``aaaa``, ``abcd``, ``1357``) times the bits of the character classes used."""
    if not secret:
        return 0.0
    counts = Counter(secret)
    shannon = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values())
    alphabet = sum(len(c) for c in _CHARSETS if any(ch in c for ch in secret))
    alphabet += 33 if any(not any(ch in c for c in _CHARSETS) for ch in secret) else 0
    novel = sum(
        1
        for i, ch in enumerate(secret)
        if i < 2 or ord(ch) - ord(secret[i - 1]) != ord(secret[i - 1]) - ord(secret[i - 2])
    )
    return max(0.0, min(len(secret) * shannon, novel * math.log2(max(alphabet, 2))))


def _validated(secret: str, where: str) -> bytes:
    secret = secret.strip()
    if len(secret) < MIN_KEY_LENGTH:
        raise AtrError(
            f"{where}: pseudonymisation key is too short ({len(secret)} characters, need {MIN_KEY_LENGTH}+)",
            hint="make one with `atr key new FILE`",
        )
    if not secret.isprintable():
        raise AtrError(
            f"{where}: pseudonymisation key holds control characters", hint="make one with `atr key new FILE`"
        )
    bits = estimated_bits(secret)
    if bits < MIN_KEY_BITS:
        raise AtrError(
            f"{where}: pseudonymisation key is too weak (about {bits:.0f} bits of entropy, need {MIN_KEY_BITS}+; "
            "repeated or sequential characters count for little)",
            hint="make one with `atr key new FILE` (256 random bits)",
        )
    return secret.encode("utf-8")


def _read_key_file(key_file: Path) -> str:
    """The key file's text, refusing one others can read or one that is not text."""
    mode = key_file.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InputFileError(
            key_file,
            f"key file can be read or changed by group or others (mode {stat.S_IMODE(mode):03o})",
            hint=f"chmod 600 {key_file}",
        )
    try:
        return key_file.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise InputFileError(
            key_file, "not a text key file (binary content)", hint="make one with `atr key new FILE`"
        ) from None


def load_key(key_file: Path | None = None, *, allow_throwaway: bool = False) -> PseudonymisationKey:
    """The key from ``key_file``, else ``$ATR_PSEUDONYMISATION_KEY``, else (demo only) a new one."""
    if key_file is not None:
        if not key_file.is_file():
            raise InputFileError(key_file, "key file not found", hint="create one with `atr key new FILE`")
        return PseudonymisationKey(_validated(_read_key_file(key_file), str(key_file)), "file")
    if os.environ.get(ENV_VAR):
        return PseudonymisationKey(_validated(os.environ[ENV_VAR], f"${ENV_VAR}"), "environment")
    if allow_throwaway:
        return PseudonymisationKey(secrets.token_hex(32).encode("ascii"), "throwaway")
    raise AtrError(
        "no pseudonymisation key: pass --key-file or set $ATR_PSEUDONYMISATION_KEY",
        hint="for a demo only, --demo generates a throwaway key",
    )


def write_new_key(path: Path) -> None:
    """Create a new random key file readable only by its owner."""
    write_text_atomic(path, secrets.token_hex(32) + "\n")
    path.chmod(0o600)
