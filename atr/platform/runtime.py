"""From the project file to a running Django: environment, secret key, and ``django.setup()``.

The settings module reads only the environment, so this is where ``atr.toml`` meets Django:
the ``[web]`` section (or ``$ATR_DATABASE_URL``, which wins so a password-bearing URL can stay
out of files) becomes environment variables that gunicorn's workers inherit too.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from atr.context import ProjectContext
from atr.errors import ConfigError
from atr.platform.dburl import database_from_url, redact

DEFAULT_DATABASE = "platform.sqlite3"
DEFAULT_SECRET = Path("secrets") / "web_secret.key"


@dataclass(frozen=True)
class WebEnvironment:
    project_dir: Path
    database_url: str
    production: bool

    @property
    def shown_database(self) -> str:
        return redact(self.database_url)


def _ensure_secret_file(path: Path) -> None:
    """Create a random secret key file (owner-only) the first time the platform runs here."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(64) + "\n")


def prepare_environment(project: Path | None, *, production: bool | None = None) -> WebEnvironment:
    """Set the environment Django's settings read; return what was chosen (for messages)."""
    config = ProjectContext.load(project).config
    project_dir = project.resolve().parent if project is not None else Path.cwd()
    web = config.web
    url = os.environ.get("ATR_DATABASE_URL") or web.database_url or f"sqlite:///{DEFAULT_DATABASE}"
    database_from_url(url, base=project_dir)  # a bad URL is a clear error here, not a traceback later
    is_production = web.production if production is None else production
    if os.environ.get("ATR_WEB_PRODUCTION") == "1":
        is_production = True
    os.environ["ATR_DATABASE_URL"] = url
    os.environ["ATR_WEB_PROJECT_DIR"] = str(project_dir)
    os.environ["ATR_WEB_PRODUCTION"] = "1" if is_production else "0"
    os.environ.setdefault("ATR_WEB_ALLOWED_HOSTS", ",".join(web.allowed_hosts))
    os.environ["DJANGO_SETTINGS_MODULE"] = "atr.platform.settings"
    if not (os.environ.get("ATR_SECRET_KEY") or os.environ.get("ATR_SECRET_KEY_FILE")):
        key_file = web.secret_key_file or project_dir / DEFAULT_SECRET
        if web.secret_key_file is not None and not key_file.is_file():
            raise ConfigError(f"{key_file}: secret key file not found ([web] secret_key_file)")
        _ensure_secret_file(key_file)
        os.environ["ATR_SECRET_KEY_FILE"] = str(key_file)
    return WebEnvironment(project_dir, url, is_production)


def start_django(project: Path | None, *, production: bool | None = None) -> WebEnvironment:
    """Prepare the environment and set Django up (once per process)."""
    import django

    chosen = prepare_environment(project, production=production)
    django.setup()
    return chosen


def require_migrated() -> None:
    """Refuse to go on when the database lacks tables (``atr web migrate`` not run, or not since an
    upgrade); every command that reads or writes the platform's tables calls this first."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from atr.errors import UsageError

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise UsageError("the platform's database is not set up", hint="run `atr web migrate` first")
