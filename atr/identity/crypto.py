"""Encryption of the identity store: Parquet modular encryption with a key derived from the project key.

Why this scheme (docs/privacy.md has the comparison): Apache Arrow's Parquet writer encrypts
every column and the footer with AES-GCM (``AES_GCM_V1``: each page authenticated, so a changed
byte is detected, not silently read), Arrow tables go in and out with no row-by-row conversion,
and nothing beyond pyarrow is needed to read it. Parquet encryption needs a key management
service (KMS) to wrap the random per-file data keys; here the "KMS" is a local one whose master
key is an HMAC of a constant under the project's pseudonymisation key, so:

- the store opens only with the key that ingest used (from the key file or the environment);
- no key is ever written anywhere: the file holds data keys wrapped (AES-256-GCM, from the
  ``cryptography`` library) under the master key, which exists only in memory;
- a wrong key fails authentication (the wrapped data key does not decrypt), and a reader given
  no key cannot even read the column names (the footer is encrypted too).
"""

from __future__ import annotations

import base64
import os
from datetime import timedelta
from typing import Any

import pyarrow.parquet.encryption as pe
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from atr.pseudonymise import PseudonymisationKey

MASTER_KEY_ID = "atr-identity-store-v1"
_MASTER_KEY_LABEL = "atr:identity-store-master-key:v1"
_NONCE_BYTES = 12
_CACHE_LIFETIME = timedelta(minutes=1)
"""Arrow caches unwrapped keys for this long; a minute covers one read or write."""


class WrongKeyError(Exception):
    """The store's data key does not decrypt under this master key."""


def master_key(key: PseudonymisationKey) -> bytes:
    """32 bytes only the project key can produce; distinct from every pseudonym by its label."""
    return bytes.fromhex(key.digest(_MASTER_KEY_LABEL, 64))


class _LocalKms(pe.KmsClient):  # type: ignore[misc]
    """Wraps Parquet's data keys with AES-256-GCM under the in-memory master key."""

    def __init__(self, master: bytes) -> None:
        super().__init__()
        self._aead = AESGCM(master)

    def wrap_key(self, key_bytes: bytes, master_key_identifier: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, key_bytes, master_key_identifier.encode("utf-8"))
        return base64.b64encode(nonce + sealed).decode("ascii")

    def unwrap_key(self, wrapped_key: str, master_key_identifier: str) -> bytes:
        raw = base64.b64decode(wrapped_key)
        try:
            return self._aead.decrypt(
                raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], master_key_identifier.encode("utf-8")
            )
        except InvalidTag as exc:
            raise WrongKeyError("the identity store's data key does not decrypt with this key") from exc


def _factory(key: PseudonymisationKey) -> tuple[pe.CryptoFactory, pe.KmsConnectionConfig]:
    """A fresh factory per use, so no unwrapped key outlives the store object in Arrow's caches."""
    master = master_key(key)
    factory = pe.CryptoFactory(lambda _config: _LocalKms(master))
    config = pe.KmsConnectionConfig(key_access_token=key.digest("atr:identity-store-token", 16))
    return factory, config


def encryption_properties(key: PseudonymisationKey) -> Any:
    """Every column and the footer encrypted (AES-GCM, 256-bit data keys, double wrapping)."""
    factory, config = _factory(key)
    settings = pe.EncryptionConfiguration(
        footer_key=MASTER_KEY_ID,
        uniform_encryption=True,
        encryption_algorithm="AES_GCM_V1",
        plaintext_footer=False,
        double_wrapping=True,
        internal_key_material=True,
        data_key_length_bits=256,
        cache_lifetime=_CACHE_LIFETIME,
    )
    return factory.file_encryption_properties(config, settings)


def decryption_properties(key: PseudonymisationKey) -> Any:
    factory, config = _factory(key)
    settings = pe.DecryptionConfiguration(cache_lifetime=_CACHE_LIFETIME)
    return factory.file_decryption_properties(config, settings)
