"""Derive's mapping rules (partner code → adverse experience), loaded from one versioned YAML file.

The rules live in ``atr/ingest/contract/mapping_rules_v1.yaml``, beside the partner contract,
because they are part of what a partner's codes *mean*: partners and analysts read and diff one
data file, not Python. Two stages read it through this module — derive (its SQL) and the
synthetic generator (its "recorded truth") — so the module sits outside both stages and imports
neither. Because both read the same file, agreement between them cannot catch a wrong mapping;
the literal-value tests in ``tests/rules/`` (real codes → categories written out by hand from
``national-returns-reference.md`` §5) do.

Pydantic validates the file on load: unknown keys, a category no rule may use, a code mapped
twice, a code list value that could not be written safely into SQL. Errors name the file and the
key (``rules[5] (cin_factor_physical).category``).
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, ValidationError, model_validator

from atr.errors import InputFileError

Tier = Literal["A", "B", "C", "D"]
Whose = Literal["child", "household"]
TrioDomain = Literal["domestic_abuse", "mental_health", "substance_misuse"]
TRIO_DOMAINS: tuple[TrioDomain, ...] = ("domestic_abuse", "mental_health", "substance_misuse")

# The coded fields a rule can look codes up in (derive's SQL joins the code table on these).
CP_FIELD = "csc_cp_plan.category_of_abuse"
FACTOR_FIELD = "csc_assessment_factor.factor"
NEED_FIELD = "need_code"
SUPPORT_FIELD = "housing_support_need.need"
CodeField = Literal[
    "csc_cp_plan.category_of_abuse", "csc_assessment_factor.factor", "need_code", "housing_support_need.need"
]

MAPPING_FILES = {"1.0": "mapping_rules_v1.yaml"}
CURRENT_VERSION = "1.0"

# Values that end up inside SQL string literals and LIKE patterns: no quotes, no wildcards.
_SAFE = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
Code = Annotated[StrictStr, Field(pattern=_SAFE)]
Name = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Word = Annotated[StrictStr, Field(pattern=r"^[a-z]+$")]
Codes = Annotated[tuple[Code, ...], Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(_Strict):
    """An adverse experience reported per child and year."""

    name: Name
    label: StrictStr
    observable_ace: StrictBool
    """One of the eight categories of the observable ACE count (never a survey ACE score)."""
    household: StrictBool = False
    specific_abuse: StrictBool = False


class Rule(_Strict):
    """One way a record becomes an adverse experience (a code look-up when ``field`` is set)."""

    rule_id: Name
    category: Name
    tier: Tier
    whose: Whose
    description: StrictStr
    trio_domain: TrioDomain | None = None
    field: CodeField | None = None
    codes: tuple[Code, ...] = ()

    @model_validator(mode="after")
    def _field_and_codes_together(self) -> Rule:
        if (self.field is None) != (not self.codes):
            raise ValueError("a code look-up needs both `field` and a non-empty `codes`; a join rule neither")
        return self


class CodeRule(_Strict):
    """A rule triggered by one code in one coded field (looked up in SQL, upper-case)."""

    field: CodeField
    code: str
    rule: Rule


class PoliceLists(_Strict):
    violence_offence_codes: Codes
    parent_relationships: Codes
    child_present_roles: Codes
    child_resident_roles: Codes
    adult_roles: Codes


class HousingLists(_Strict):
    duty_outcomes: Codes
    reason_domestic_abuse_contains: Word
    reason_prison_contains: Word


class LookedAfterLists(_Strict):
    care_order_legal_statuses: Codes
    short_break_legal_statuses: Codes


class MappingRules(_Strict):
    """The whole file (:func:`read_mapping_rules` also checks the references across sections)."""

    version: StrictStr
    source: StrictStr
    categories: tuple[Category, ...] = Field(min_length=1)
    not_observable: tuple[StrictStr, ...]
    rules: tuple[Rule, ...] = Field(min_length=1)
    not_adversity_codes: dict[StrictStr, StrictStr]
    police: PoliceLists
    housing: HousingLists
    looked_after: LookedAfterLists

    @property
    def code_rules(self) -> tuple[CodeRule, ...]:
        """One entry per (field, code), in file order."""
        return tuple(
            CodeRule(field=r.field, code=code, rule=r)
            for r in self.rules
            if r.field is not None
            for code in r.codes
        )

    @property
    def structural_rules(self) -> tuple[Rule, ...]:
        """Rules that are joins in derive's SQL rather than code look-ups."""
        return tuple(r for r in self.rules if r.field is None)

    def all_rules(self) -> tuple[Rule, ...]:
        """Every rule, code look-ups first, in a stable order (the order of ``derive_rule``)."""
        return (*(r for r in self.rules if r.field is not None), *self.structural_rules)

    def rule(self, rule_id: str) -> Rule:
        """The rule called ``rule_id`` (a KeyError names it if there is none)."""
        for rule in self.rules:
            if rule.rule_id == rule_id:
                return rule
        raise KeyError(f"no mapping rule {rule_id!r}")

    def categories_of(self, field: str) -> dict[str, str]:
        """Upper-case code → category for one coded field."""
        return {c.code.upper(): c.rule.category for c in self.code_rules if c.field == field}


def _cross_check(mapping: MappingRules) -> list[tuple[str, str]]:
    """(key, problem) for every reference that does not resolve: the checks across sections."""
    problems: list[tuple[str, str]] = []
    names = [c.name for c in mapping.categories]
    for i, name in enumerate(names):
        if name in names[:i]:
            problems.append((f"categories[{i}].name", f"'{name}' is listed twice"))
    seen_ids: set[str] = set()
    seen_codes: dict[tuple[str, str], str] = {}
    for i, rule in enumerate(mapping.rules):
        key = f"rules[{i}] ({rule.rule_id})"
        if rule.rule_id in seen_ids:
            problems.append((f"{key}.rule_id", "listed twice"))
        seen_ids.add(rule.rule_id)
        if rule.category not in names:
            problems.append((f"{key}.category", f"'{rule.category}' is not under `categories`"))
        for code in rule.codes:
            other = seen_codes.setdefault((str(rule.field), code.upper()), rule.rule_id)
            if other != rule.rule_id or rule.codes.count(code) > 1:
                problems.append((f"{key}.codes", f"{rule.field} code '{code}' is already mapped by {other}"))
    return problems


def mapping_file(version: str = CURRENT_VERSION) -> Path:
    """Where the rules of ``version`` are shipped (inside the package, so in the wheel)."""
    if version not in MAPPING_FILES:
        known = ", ".join(MAPPING_FILES)
        raise InputFileError(
            MAPPING_FILES[CURRENT_VERSION],
            f"mapping rules version {version} is not implemented (known: {known})",
        )
    return Path(str(files("atr").joinpath("ingest", "contract", MAPPING_FILES[version])))


def _key(loc: tuple[int | str, ...], data: object) -> str | None:
    """A pydantic error location as a key path, with the rule id where the path enters a rule."""
    key, node = "", data
    for step in loc:
        if isinstance(step, int):
            key += f"[{step}]"
            node = node[step] if isinstance(node, list) and 0 <= step < len(node) else None
            if isinstance(node, dict) and "rule_id" in node:
                key += f" ({node['rule_id']})"
        else:
            key += f".{step}" if key else step
            node = node.get(step) if isinstance(node, dict) else None
    return key or None


def read_mapping_rules(path: Path) -> MappingRules:
    """Read and validate a mapping-rules file; an error names the file and the key at fault."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputFileError(path, f"cannot read the mapping rules: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise InputFileError(path, f"not valid YAML: {exc}") from exc
    try:
        mapping = MappingRules.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = re.sub(r"^Value error, ", "", first["msg"])
        raise InputFileError(
            path, message + _more(exc.error_count()), field=_key(tuple(first["loc"]), data)
        ) from exc
    problems = _cross_check(mapping)
    if problems:
        key, message = problems[0]
        raise InputFileError(path, message + _more(len(problems)), field=key)
    return mapping


def _more(count: int) -> str:
    return f" (and {count - 1} more problems)" if count > 1 else ""


@cache
def load_mapping_rules(version: str = CURRENT_VERSION) -> MappingRules:
    """The shipped mapping rules of ``version`` (default: the current one), validated once."""
    return read_mapping_rules(mapping_file(version))


__all__ = [
    "CP_FIELD",
    "FACTOR_FIELD",
    "NEED_FIELD",
    "SUPPORT_FIELD",
    "TRIO_DOMAINS",
    "Category",
    "CodeRule",
    "MappingRules",
    "Rule",
    "Tier",
    "TrioDomain",
    "Whose",
    "load_mapping_rules",
    "mapping_file",
    "read_mapping_rules",
]
