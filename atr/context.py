"""One project context per command: the project file, the warehouse and the key, each loaded once.

Every command and ``atr run`` start here. The project file (or the defaults) is read and
validated once; options given on the command line (``--warehouse``, ``--key-file``) override
it; the warehouse is opened at most once per command on the project's engine; the
pseudonymisation key is loaded at most once and only when a step needs it. Stages receive what
they need from the context (a warehouse, settings, a key), never a project file path, so no
stage re-reads it and two stages of one run cannot see different settings.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from atr.errors import UsageError
from atr.project import ProjectConfig, load_project
from atr.pseudonymise import PseudonymisationKey, load_key

if TYPE_CHECKING:
    from atr.warehouse import Warehouse

WAREHOUSE_ENV_VAR = "ATR_WAREHOUSE"


@dataclass
class ProjectContext:
    """The loaded project of one command; use it as a context manager so the warehouse closes."""

    config: ProjectConfig
    project_file: Path | None = None
    _key: PseudonymisationKey | None = field(default=None, repr=False)
    _warehouse: Warehouse | None = field(default=None, repr=False)
    _read_only: bool = field(default=False, repr=False)
    _locked: bool = field(default=False, repr=False)

    @classmethod
    def load(
        cls,
        project: Path | None = None,
        *,
        warehouse: Path | None = None,
        key_file: Path | None = None,
    ) -> ProjectContext:
        """The project file's settings (else the defaults), with command-line overrides applied.

        Warehouse: ``warehouse``, then the project file's, then ``$ATR_WAREHOUSE``, then
        ``build/atr.duckdb``. Key: ``key_file``, then the project file's, then
        ``$ATR_PSEUDONYMISATION_KEY``.
        """
        if project is not None:
            config = load_project(project)
        else:
            config = ProjectConfig().resolve_paths(Path.cwd())
            env = os.environ.get(WAREHOUSE_ENV_VAR)
            if env:
                config = config.model_copy(update={"warehouse": Path(env)})
        updates: dict[str, Path] = {}
        if warehouse is not None:
            updates["warehouse"] = warehouse
        if key_file is not None:
            updates["key_file"] = key_file
        return cls(config.model_copy(update=updates) if updates else config, project)

    @classmethod
    @contextmanager
    def using(
        cls,
        context: ProjectContext | None,
        project: str | Path | None,
        warehouse: str | Path | None = None,
        key_file: str | Path | None = None,
    ) -> Iterator[ProjectContext]:
        """The caller's context (left open), or one loaded here and closed at the end: how each
        ``atr.api`` function lets a command keep its warehouse open, and a notebook not care."""
        if context is not None:
            yield context
            return

        def path(value: str | Path | None) -> Path | None:
            return None if value is None else Path(value)

        with cls.load(path(project), warehouse=path(warehouse), key_file=path(key_file)) as ctx:
            yield ctx

    @property
    def warehouse_path(self) -> Path:
        return self.config.warehouse

    @property
    def work_dir(self) -> Path:
        """Reports and exports go beside the warehouse."""
        return self.config.warehouse.parent

    def require_existing_warehouse(self) -> Path:
        """The warehouse path, or a usage error when no earlier stage has created it."""
        path = self.config.warehouse
        if not path.exists():  # a DuckDB file or a Spark folder
            raise UsageError(
                f"{path}: warehouse not found", hint="run the earlier stages first, or pass --warehouse"
            )
        return path

    def key(self, *, allow_throwaway: bool = False) -> PseudonymisationKey:
        """The pseudonymisation key, loaded on first use and then shared by every step."""
        if self._key is None:
            self._key = load_key(self.config.key_file, allow_throwaway=allow_throwaway)
        return self._key

    def warehouse(self, *, read_only: bool = False) -> Warehouse:
        """The warehouse on the project's engine, opened on first use and then shared.

        A command that opened it read-only and then asks to write has a bug: say so rather than
        quietly opening a second connection. Writing takes the warehouse's lock until
        :meth:`close`, so a second run writing it stops at once: "the warehouse is in use by
        another run (pid …)", exit status 3 (:mod:`atr.warehouse.lock`).
        """
        if self._warehouse is None:
            from atr.warehouse import (  # DuckDB and Arrow: only for commands that use them
                acquire_lock,
                busy_error,
                open_warehouse,
                release_lock,
            )

            if not read_only:
                acquire_lock(self.config.warehouse)
                self._locked = True
            try:
                self._warehouse = open_warehouse(
                    self.config.warehouse,
                    self.config.engine,
                    read_only=read_only,
                    spark_master=self.config.spark_master,
                )
            except Exception as exc:  # the engine's own lock error: another kind of command holds it
                if self._locked:
                    release_lock(self.config.warehouse)
                    self._locked = False
                busy = busy_error(self.config.warehouse, exc)
                if busy is None:
                    raise
                raise busy from exc
            self._read_only = read_only
        elif self._read_only and not read_only:
            raise RuntimeError("the warehouse was opened read-only in this command")
        return self._warehouse

    def close(self) -> None:
        if self._warehouse is not None:
            self._warehouse.close()
            self._warehouse = None
        if self._locked:
            from atr.warehouse import release_lock

            release_lock(self.config.warehouse)
            self._locked = False

    def __enter__(self) -> ProjectContext:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
