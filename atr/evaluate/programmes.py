"""The programme list: what each ``programme_code`` of the participation data means.

A project declares its programmes in YAML (``[evaluate] programmes``); the package's default is
the demo's four. Each has a code, name, description, the ages it serves, the outcomes it aims to
change and whether it works with individuals or whole schools. A participation row whose code is
not in the list is kept and reported (``evaluation_input_check``), never evaluated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from atr.errors import InputFileError
from atr.outcome_windows import OUTCOMES
from atr.package_data import data_text

DEFAULT_FILE = "atr/evaluate/data/programmes.yaml"


class Programme(BaseModel):
    """One programme of the project's list."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[A-Z0-9]{3,8}$", description="As in participation.programme_code.")
    name: str
    description: str
    ages: tuple[int, int] = Field(description="Youngest and oldest age served, at the start.")
    unit: Literal["individual", "school"] = "individual"
    outcomes: tuple[str, ...] = Field(description="The outcomes it aims to change (atr.outcome_windows).")

    @field_validator("outcomes")
    @classmethod
    def _known_outcomes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [o for o in value if o not in OUTCOMES]
        if unknown:
            raise ValueError(f"unknown outcome(s) {', '.join(unknown)}; choose from {', '.join(OUTCOMES)}")
        return value

    @field_validator("ages")
    @classmethod
    def _ages_in_order(cls, value: tuple[int, int]) -> tuple[int, int]:
        if not 0 <= value[0] <= value[1] <= 25:
            raise ValueError("ages must be [youngest, oldest] within 0-25")
        return value


class ProgrammeList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    programmes: list[Programme]

    @field_validator("programmes")
    @classmethod
    def _unique_codes(cls, value: list[Programme]) -> list[Programme]:
        codes = [p.code for p in value]
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        if repeated:
            raise ValueError(f"programme code(s) listed twice: {', '.join(repeated)}")
        return value


def load_programmes(path: Path | None = None) -> list[Programme]:
    """The project's programme list (``path``), or the package default; errors name the file."""
    where = str(path) if path is not None else DEFAULT_FILE
    try:
        text = (
            path.read_text(encoding="utf-8")
            if path is not None
            else data_text("atr.evaluate", "programmes.yaml")
        )
        raw = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise InputFileError(where, f"cannot read the programme list: {exc}") from exc
    try:
        return ProgrammeList.model_validate(raw).programmes
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise InputFileError(where, first["msg"], field=field) from exc
