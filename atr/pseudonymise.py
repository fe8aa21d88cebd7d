"""Keyed pseudonyms: HMAC-SHA-256 of identifiers, with a key that never enters the warehouse.

Why keyed: a plain hash of an NHS number can be reversed by hashing all ten-digit numbers; an
HMAC cannot be, without the key. The same key gives the same pseudonym, so extracts received at
different times still link; a different key gives unrelated pseudonyms, so outputs made with a
throwaway demo key cannot be joined to anything real.

The key comes from a key file or ``$ATR_PSEUDONYMISATION_KEY`` (at least 32 characters). Only
``--demo`` runs may generate a throwaway key, and they say so.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from atr.atomic import write_text_atomic
from atr.errors import AtrError, InputFileError

ENV_VAR = "ATR_PSEUDONYMISATION_KEY"
MIN_KEY_LENGTH = 32
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


def _validated(secret: str, where: str) -> bytes:
    secret = secret.strip()
    if len(secret) < MIN_KEY_LENGTH:
        raise AtrError(
            f"{where}: pseudonymisation key is too short ({len(secret)} characters, need {MIN_KEY_LENGTH}+)"
        )
    return secret.encode("utf-8")


def load_key(key_file: Path | None = None, *, allow_throwaway: bool = False) -> PseudonymisationKey:
    """The key from ``key_file``, else ``$ATR_PSEUDONYMISATION_KEY``, else (demo only) a new one."""
    if key_file is not None:
        if not key_file.is_file():
            raise InputFileError(key_file, "key file not found", hint="create one with `atr key new FILE`")
        return PseudonymisationKey(_validated(key_file.read_text(encoding="utf-8"), str(key_file)), "file")
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
