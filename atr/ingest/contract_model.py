"""The partner-extract contract as typed objects, loaded from ``contract/contract_v1.yaml``.

Why a YAML file and not Python: the contract is agreed with partners and changes by version; a
data file that analysts and partners can read (and diff between versions) is the single source
of file checks, column types, code lists and rule severities. Pydantic validates the file itself
when it is loaded, so a typo in the contract (an unknown code list, a rule without a severity)
fails at start-up rather than half-way through an ingest.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from atr.errors import AtrError

CONTRACT_DIR = Path(__file__).parent / "contract"
CONTRACT_FILES = {"1.0": "contract_v1.yaml"}
CURRENT_VERSION = "1.0"

Severity = Literal["reject", "error", "warning"]
ColumnType = Literal[
    "string",
    "code",
    "date",
    "bool",
    "int",
    "person_ref",
    "record_ref",
    "name",
    "nhs_number",
    "upn",
    "postcode",
    "uprn",
    "identifier",
]
_DATE_BOUND = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|extract_date(?:[+-]\d+y)?)$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Strict):
    severity: Severity
    description: str


class CodeList(_Strict):
    source: str
    codes: tuple[str, ...]
    aliases: dict[str, str] = Field(default_factory=dict)

    @field_validator("codes", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return tuple(value.split()) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _aliases_point_at_codes(self) -> CodeList:
        bad = [a for a, target in self.aliases.items() if target not in self.codes]
        if bad:
            raise ValueError(f"aliases {bad} point at codes not in the list")
        return self

    def canonical(self) -> dict[str, str]:
        """Upper-cased spelling (code or alias) → the code as the contract writes it."""
        mapping = {code.upper(): code for code in self.codes}
        mapping.update({alias.upper(): target for alias, target in self.aliases.items()})
        return mapping


class Column(_Strict):
    name: str
    type: ColumnType
    required: bool = False
    codes: str | None = None
    references: str | None = None
    pattern: str | None = None
    min: int | None = None
    max: int | None = None
    earliest: str | None = None
    latest: str | None = None

    @field_validator("earliest", "latest")
    @classmethod
    def _bound_shape(cls, value: str | None) -> str | None:
        if value is not None and not _DATE_BOUND.match(value):
            raise ValueError(f"date bound '{value}' must be YYYY-MM-DD or extract_date[+-Ny]")
        return value

    @model_validator(mode="after")
    def _options_fit_type(self) -> Column:
        if (self.type == "code") != (self.codes is not None):
            raise ValueError(f"column {self.name}: `codes` goes with type code, and only with it")
        if (self.type == "record_ref") != (self.references is not None):
            raise ValueError(f"column {self.name}: `references` goes with type record_ref")
        return self


class Table(_Strict):
    key: str = "record_id"
    columns: tuple[Column, ...]
    date_order: tuple[tuple[str, str], ...] = ()
    event_date: str | None = None  # the column that puts a record in a period (CONTRACT §6.2)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @model_validator(mode="after")
    def _names_exist(self) -> Table:
        names = {c.name for c in self.columns}
        wanted = {self.key} | {name for pair in self.date_order for name in pair}
        if missing := wanted - names:
            raise ValueError(f"key/date_order name columns that do not exist: {sorted(missing)}")
        if self.event_date is not None:
            if self.event_date not in names:
                raise ValueError(f"event_date names a column that does not exist: {self.event_date}")
            column = self.column(self.event_date)
            if not column.required or column.type not in ("date", "string", "record_ref"):
                raise ValueError(f"event_date {self.event_date} must be a required date (or record_ref)")
        return self


class Dataset(_Strict):
    name: str
    tables: dict[str, Table]
    person: bool = True  # False: the dataset has no person table (and no person_ref column)
    partner_code: str | None = None  # a pattern name: the form of the manifest's partner_code


class Contract(_Strict):
    contract_version: str
    rules: dict[str, Rule]
    code_lists: dict[str, CodeList]
    patterns: dict[str, str]
    person: Table
    datasets: dict[str, Dataset]

    @model_validator(mode="after")
    def _references_resolve(self) -> Contract:
        for code, dataset in self.datasets.items():
            if "person" in dataset.tables:
                raise ValueError(f"dataset {code}: `person` is shared, not declared per dataset")
            if dataset.partner_code and dataset.partner_code not in self.patterns:
                raise ValueError(f"dataset {code}: unknown partner_code pattern '{dataset.partner_code}'")
            self._check_event_dates(code, dataset)
            for table_name, table in self.tables_of(code).items():
                for col in table.columns:
                    where = f"{code}.{table_name}.{col.name}"
                    if col.codes and col.codes not in self.code_lists:
                        raise ValueError(f"{where}: unknown code list '{col.codes}'")
                    if col.pattern and col.pattern not in self.patterns:
                        raise ValueError(f"{where}: unknown pattern '{col.pattern}'")
                    if col.references and col.references not in dataset.tables:
                        raise ValueError(f"{where}: references unknown table '{col.references}'")
                    if col.type == "person_ref" and not dataset.person:
                        raise ValueError(f"{where}: a person_ref in a dataset without a person table")
        return self

    @staticmethod
    def _check_event_dates(code: str, dataset: Dataset) -> None:
        """An event date taken through a reference needs the referenced table to have one."""
        for table_name, table in dataset.tables.items():
            if table.event_date is None:
                continue
            column = table.column(table.event_date)
            target = dataset.tables.get(column.references or "")
            if column.type == "record_ref" and (target is None or target.event_date is None):
                raise ValueError(f"{code}.{table_name}: event_date via {column.name}, whose table has none")

    def tables_of(self, dataset: str) -> dict[str, Table]:
        """``person`` first (when the dataset has one), then its tables in dependency order."""
        tables = self.datasets[dataset].tables
        return {"person": self.person, **tables} if self.datasets[dataset].person else dict(tables)

    def has_person(self, dataset: str) -> bool:
        return self.datasets[dataset].person

    def partner_code_problem(self, dataset: str, partner_code: str) -> str | None:
        """Why ``partner_code`` does not have its dataset's form, or None when it does."""
        pattern = self.datasets[dataset].partner_code
        if pattern is None or re.fullmatch(self.patterns[pattern], partner_code):
            return None
        return f"partner_code '{partner_code}' does not have the form {self.patterns[pattern]} for {dataset}"

    def severity(self, rule: str) -> Severity:
        return self.rules[rule].severity


def resolve_date_bound(bound: str, extract_date: date) -> date:
    """``2020-01-01`` → that date; ``extract_date-120y`` → 120 years before the extract date."""
    if not bound.startswith("extract_date"):
        return date.fromisoformat(bound)
    offset = bound.removeprefix("extract_date")
    years = int(offset[:-1]) if offset else 0
    try:
        return extract_date.replace(year=extract_date.year + years)
    except ValueError:  # 29 February in a non-leap target year
        return extract_date.replace(year=extract_date.year + years, day=28)


@cache
def load_contract(version: str = CURRENT_VERSION) -> Contract:
    """The contract of ``version`` (default: the current one), validated."""
    if version not in CONTRACT_FILES:
        raise AtrError(f"contract version {version} is not implemented (known: {', '.join(CONTRACT_FILES)})")
    path = CONTRACT_DIR / CONTRACT_FILES[version]
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return Contract.model_validate(data)
