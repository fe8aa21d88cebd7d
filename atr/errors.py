"""Errors a user can act on.

A user error is printed as one clear line (no traceback unless ``--debug``) and exits non-zero.
Anything else escaping to the CLI is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class AtrError(Exception):
    """A problem the user can fix: bad input, missing file, wrong setting."""

    exit_code: int = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class UsageError(AtrError):
    """The command was called wrongly (exit status 2, as for argument errors)."""

    exit_code = 2


class ConfigError(AtrError):
    """The project file is missing or does not validate."""


class InputFileError(AtrError):
    """An input file is missing, unreadable or malformed. Always names the file."""

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        row: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        where = str(path)
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {problem}", hint=hint)
        self.path = Path(path)
        self.row = row
        self.field = field


class StageError(AtrError):
    """A pipeline stage failed; names the stage, its input and the fix."""

    def __init__(self, stage: str, problem: str, *, fix: str | None = None) -> None:
        super().__init__(f"stage '{stage}' failed: {problem}", hint=fix)
        self.stage = stage
