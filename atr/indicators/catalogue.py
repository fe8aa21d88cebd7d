"""The indicator catalogue: one YAML file per indicator, validated when loaded.

An indicator is declared, not coded: its numerator and denominator are SQL fragments over the
derived tables (``child_year``, ``adult_year``, ``ref_population``, ``modelled_toxic_trio``), so
following a renamed column, adding a breakdown or a new indicator is a YAML edit that a
public-health analyst can review. Each file is checked against :class:`Indicator` (pydantic)
and its SQL fragments are parsed (sqlglot, DuckDB dialect) at load time, so a typo is reported
with the file and field before any figure is computed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Literal

import sqlglot
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlglot.errors import ParseError

from atr.errors import InputFileError
from atr.indicators.comparison import Polarity
from atr.periods import FinancialYear

Method = Literal["proportion", "rate", "dsr", "mean", "modelled", "count"]
Breakdown = Literal["sex", "age_band", "ethnic_group", "imd_decile", "imd_quintile", "sector"]
AreaLevel = Literal["region", "district", "ward", "msoa"]

ALL_AREA_LEVELS: tuple[AreaLevel, ...] = ("region", "district", "ward", "msoa")
PERSON_YEAR_TABLES = ("child_year", "adult_year")
NETWORK_TABLES = (
    "network_member_year",
    "network_organisation_year",
    "network_pledge_year",
    "network_event_reach_year",
    "workforce_staff_year",
    "workforce_organisation_year",
    "workforce_maturity_year",
    "workforce_wellbeing_year",
)
"""The network's year tables (``atr.derive.network``, ``atr.derive.workforce``): members,
organisations, pledges, event reach, staff trained, self-assessments and wellbeing counted per
financial year; not populations, so they take ``count`` and ``proportion`` (and ``mean`` for the
scores in :data:`SCORE_TABLES`)."""
SCORE_TABLES = ("workforce_maturity_year", "workforce_wellbeing_year")
PROGRAMME_TABLES = ("programme_person_year",)
"""The evaluate stage's count of people supported (``atr.evaluate``): written only when that stage
ran, so an indicator on it has no figures (rather than failing) without it."""
YEAR_TABLES = (*PERSON_YEAR_TABLES, *NETWORK_TABLES, *PROGRAMME_TABLES)
DENOMINATOR_TABLES = ("adult_population_year",)
"""Person-year tables that only count who could have been counted (registered populations)."""
POPULATION_TABLE = "ref_population"
MODELLED_TABLE = "modelled_toxic_trio"
QUANTILE_BREAKDOWNS: tuple[Breakdown, ...] = ("imd_decile", "imd_quintile")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


def _check_sql(fragment: str, kind: Literal["condition", "expression"]) -> str:
    """Parse a fragment as DuckDB SQL; refuse statements smuggled in with a semicolon."""
    if ";" in fragment:
        raise ValueError("must be one SQL fragment, without ';'")
    sql = f"SELECT 1 FROM t WHERE {fragment}" if kind == "condition" else f"SELECT {fragment} FROM t"
    try:
        sqlglot.parse_one(sql, read="duckdb")
    except ParseError as exc:
        raise ValueError(f"is not valid SQL: {str(exc).splitlines()[0]}") from exc
    return fragment


class Numerator(BaseModel):
    """What is counted: rows of ``table`` meeting ``where``, or the sum of ``count`` over them."""

    model_config = ConfigDict(extra="forbid")

    table: str = Field(
        description="Derived table: child_year, adult_year, a network_*_year table or modelled_toxic_trio."
    )
    where: str = Field("TRUE", description="SQL condition on the table's columns.")
    count: str = Field("rows", description="'rows' (people), or a SQL expression summed (events).")
    value: str | None = Field(None, description="Per-row value whose mean is taken (method 'mean').")

    @field_validator("where")
    @classmethod
    def _where_is_sql(cls, value: str) -> str:
        return _check_sql(value, "condition")

    @field_validator("count")
    @classmethod
    def _count_is_sql(cls, value: str) -> str:
        return value if value == "rows" else _check_sql(value, "expression")

    @field_validator("value")
    @classmethod
    def _value_is_sql(cls, value: str | None) -> str | None:
        return None if value is None else _check_sql(value, "expression")


class Denominator(BaseModel):
    """Who could have been counted: rows of a person-year table, or a reference population."""

    model_config = ConfigDict(extra="forbid")

    table: str = Field(description="child_year, adult_year or ref_population.")
    where: str = Field("TRUE", description="SQL condition (person-year tables).")
    population: str | None = Field(None, description="ref_population columns to add, e.g. pop_total.")
    fallback: Denominator | None = Field(
        None, description="Used when this denominator's table is absent or has no rows for the periods."
    )

    @field_validator("where")
    @classmethod
    def _where_is_sql(cls, value: str) -> str:
        return _check_sql(value, "condition")

    @field_validator("population")
    @classmethod
    def _population_is_sql(cls, value: str | None) -> str | None:
        return None if value is None else _check_sql(value, "expression")

    @model_validator(mode="after")
    def _source_is_known(self) -> Denominator:
        if self.table == POPULATION_TABLE:
            if not self.population:
                raise ValueError("a ref_population denominator needs 'population' (e.g. pop_total)")
        elif self.table not in (*YEAR_TABLES, *DENOMINATOR_TABLES):
            known = (*YEAR_TABLES, *DENOMINATOR_TABLES, POPULATION_TABLE)
            raise ValueError(f"table must be one of {', '.join(known)}")
        elif self.population is not None:
            raise ValueError("'population' applies only to ref_population")
        return self


class Target(BaseModel):
    """A target the programme has agreed for an indicator (shown as progress on the dashboard)."""

    model_config = ConfigDict(extra="forbid")

    value: float = Field(description="The figure to reach.")
    by: str = Field(description="When, e.g. '2029/30' or '2030'.")
    label: str = Field(description="The target in the programme's words.")
    measure: Literal["count", "value"] = Field(
        "value", description="Whether the target is a number of people ('count') or the indicator value."
    )


class Indicator(BaseModel):
    """One indicator, as its YAML file declares it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    definition: str
    outcome: str = Field(description="The programme outcome the indicator serves.")
    method: Method
    multiplier: float = Field(gt=0)
    unit: str = Field(description="How values read, e.g. '%', 'per 10,000 children'.")
    polarity: Polarity
    age_band: str = Field(description="Ages covered, e.g. '0-17'.")
    periods: Literal["all"] | list[str] = "all"
    breakdowns: list[Breakdown] = Field(default_factory=list)
    areas: list[AreaLevel] = Field(default_factory=lambda: list(ALL_AREA_LEVELS))
    numerator: Numerator
    denominator: Denominator | None = None
    standard: Literal["esp2013"] | None = Field(None, description="Standard population (method 'dsr').")
    age_column: str = Field("age", description="Age in years, for standardisation (method 'dsr').")
    sources: list[str] = Field(min_length=1, description="Partner datasets the figures come from.")
    caveats: list[str] = Field(default_factory=list)
    target: Target | None = Field(None, description="An agreed target, if the programme has one.")

    @field_validator("id")
    @classmethod
    def _id_is_identifier(cls, value: str) -> str:
        if not _IDENTIFIER.match(value):
            raise ValueError("must be lower case letters, digits and underscores, starting with a letter")
        return value

    @field_validator("periods")
    @classmethod
    def _periods_are_years(cls, value: Literal["all"] | list[str]) -> Literal["all"] | list[str]:
        if value != "all":
            for label in value:
                FinancialYear.parse(label)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        if "region" not in self.areas:
            raise ValueError("areas must include 'region' (West Yorkshire is every indicator's benchmark)")
        if len(set(self.breakdowns)) != len(self.breakdowns):
            raise ValueError("breakdowns are listed twice")
        if self.method == "modelled":
            self._check_modelled()
            return self
        if self.numerator.table not in YEAR_TABLES:
            raise ValueError(f"numerator table must be one of {', '.join(YEAR_TABLES)}")
        counted = {self.numerator.table, *(d.table for d in (self.denominator,) if d)}
        scores = self.method == "mean" and counted <= set(SCORE_TABLES)
        if (
            counted & {*NETWORK_TABLES, *PROGRAMME_TABLES}
            and self.method not in ("count", "proportion")
            and not scores
        ):
            raise ValueError(
                "the network's and the programmes' tables are not populations: use method 'count' or 'proportion'"
            )
        if "sector" in self.breakdowns and self.numerator.table not in NETWORK_TABLES:
            raise ValueError("breakdown 'sector' applies only to the network's tables")
        if self.method == "count":
            if self.denominator is not None:
                raise ValueError("method 'count' publishes a number, with no denominator")
            return self
        if self.denominator is None:
            raise ValueError(f"method '{self.method}' needs a denominator")
        same_table = self.denominator.table == self.numerator.table
        if self.method in ("proportion", "dsr", "mean") and not same_table:
            raise ValueError(f"method '{self.method}' needs numerator and denominator on the same table")
        population_tables = {d.table for d in (self.denominator, self.denominator.fallback) if d}
        if POPULATION_TABLE in population_tables:
            extra = set(self.breakdowns) - set(QUANTILE_BREAKDOWNS)
            if extra:
                raise ValueError(
                    f"a ref_population denominator cannot be broken down by {', '.join(sorted(extra))}"
                )
        if self.method == "dsr":
            if self.standard is None:
                raise ValueError("method 'dsr' needs 'standard: esp2013'")
            if "age_band" in self.breakdowns:
                raise ValueError("an age-standardised rate cannot be broken down by age band")
        if self.method == "mean" and self.numerator.value is None:
            raise ValueError("method 'mean' needs numerator.value (the per-row value to average)")
        if self.method == "proportion" and self.numerator.count != "rows":
            raise ValueError("a proportion counts rows (people); use method 'rate' for events")
        return self

    def _check_modelled(self) -> None:
        if self.numerator.table != MODELLED_TABLE or self.denominator is not None:
            raise ValueError(f"method 'modelled' reads {MODELLED_TABLE} and has no denominator")
        if self.periods == "all" or len(self.periods) != 1:
            raise ValueError("a modelled estimate names the one period it refers to in 'periods'")
        if self.breakdowns:
            raise ValueError("modelled estimates have no breakdowns")

    @property
    def age_range(self) -> tuple[int, int | None]:
        """The ages covered, from ``age_band`` ('0-17', '10-17', '18+')."""
        match = re.match(r"^(\d+)\s*(?:-\s*(\d+)|\+)$", self.age_band.strip())
        if not match:
            raise ValueError(f"age_band '{self.age_band}' is not like '0-17' or '18+'")
        return int(match.group(1)), (int(match.group(2)) if match.group(2) else None)


def catalogue_dir() -> Path:
    """The catalogue shipped with the package."""
    return Path(str(resources.files("atr.indicators").joinpath("catalogue")))


def _describe(error: ValidationError) -> tuple[str, str]:
    item = error.errors()[0]
    field = ".".join(str(p) for p in item["loc"]) or "(top level)"
    message = item["msg"].removeprefix("Value error, ")
    if item["type"] == "extra_forbidden":
        message = "unknown field"
    return field, message


def load_indicator(path: Path) -> Indicator:
    """Read and validate one indicator file; errors name the file and the field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputFileError(path, f"not readable YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise InputFileError(path, "must be a mapping of fields (id, title, …)")
    try:
        indicator = Indicator.model_validate(raw)
    except ValidationError as exc:
        field, message = _describe(exc)
        raise InputFileError(path, message, field=field) from exc
    if indicator.id != path.stem:
        raise InputFileError(path, f"id '{indicator.id}' must match the file name '{path.stem}'", field="id")
    try:
        indicator.age_range  # noqa: B018 - validates the age band's form
    except ValueError as exc:
        raise InputFileError(path, str(exc), field="age_band") from exc
    return indicator


def load_catalogue(folder: Path | None = None, only: Iterable[str] | None = None) -> list[Indicator]:
    """Every indicator in ``folder`` (default: the shipped catalogue), sorted by id."""
    directory = folder or catalogue_dir()
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise InputFileError(directory, "no indicator files (*.yaml) found")
    indicators = [load_indicator(f) for f in files]
    if only is not None:
        wanted = set(only)
        unknown = wanted - {i.id for i in indicators}
        if unknown:
            raise InputFileError(directory, f"no indicator named {', '.join(sorted(unknown))}")
        indicators = [i for i in indicators if i.id in wanted]
    return indicators
