"""A database URL to Django's ``DATABASES`` entry (SQLite or PostgreSQL; nothing else is supported)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from atr.errors import ConfigError


def database_from_url(url: str, *, base: Path | None = None) -> dict[str, Any]:
    """``sqlite:///relative.db``, ``sqlite:////abs/path.db`` or ``postgresql://user:pw@host:port/name``.

    A relative SQLite path is taken against ``base`` (the project folder), so a project folder can
    be moved with its database.
    """
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        raw = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not raw:
            raise ConfigError(f"database URL '{url}': no SQLite file named (sqlite:///platform.sqlite3)")
        path = Path(raw)
        if not path.is_absolute():
            path = (base or Path.cwd()) / path
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
    if parts.scheme in ("postgres", "postgresql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ConfigError(f"database URL '{url}': no database name (postgresql://host:5432/NAME)")
        options = dict(parse_qsl(parts.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ConfigError(
        f"database URL '{url}': unsupported scheme '{parts.scheme}'", hint="use sqlite:/// or postgresql://"
    )


def redact(url: str) -> str:
    """The URL with any password replaced by ``***`` (safe to print)."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url
