"""The ``[web]`` section of ``atr.toml``: where the platform keeps its data and secrets.

Kept free of Django so the project file validates on machines that never start the platform.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

SUPPORTED_SCHEMES = ("sqlite", "postgres", "postgresql")


class WebSettings(BaseModel):
    """Settings of the live platform; every key has a safe default for a laptop."""

    model_config = ConfigDict(extra="forbid")

    database_url: str | None = Field(
        None,
        description="Database URL (sqlite:///path or postgresql://user@host:port/db); "
        "$ATR_DATABASE_URL wins; default a SQLite file platform.sqlite3 in the project folder.",
    )
    secret_key_file: Path | None = Field(
        None,
        description="File holding the Django secret key; else $ATR_SECRET_KEY(_FILE); "
        "else secrets/web_secret.key, created on first use.",
    )
    allowed_hosts: list[str] = Field(
        default_factory=lambda: ["127.0.0.1", "localhost"],
        description="Host names the platform answers to.",
    )
    production: bool = Field(
        False, description="Production settings: HTTPS only, secure cookies, HSTS (behind a TLS proxy)."
    )

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str | None) -> str | None:
        if value is not None and value.split(":", 1)[0] not in SUPPORTED_SCHEMES:
            raise ValueError(f"database_url must start with one of {', '.join(SUPPORTED_SCHEMES)}:")
        return value
