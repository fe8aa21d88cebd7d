"""The self-assessment item bank: a versioned YAML file of items under principles and domains.

The bank is data a partnership edits without code (``item_banks/<version>.yaml``); this module
loads it and refuses a malformed one with a message naming the file and what is wrong. A round
records the bank version it was answered against, so changing items never rewrites old rounds.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

BANK_DIR = Path(__file__).resolve().parent / "item_banks"
CURRENT_VERSION = "2026.1"
PRINCIPLES = ("safety", "trust", "choice", "collaboration", "empowerment", "cultural_consideration")
DOMAINS = (
    "leadership_governance",
    "workforce_support",
    "policies_environment",
    "lived_experience",
    "data_evaluation",
)


class ItemBankError(ValueError):
    """The bank file is missing or malformed."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScalePoint(_Strict):
    score: int = Field(ge=0, le=10)
    label: str = Field(min_length=1)
    meaning: str = Field(min_length=1)


class Source(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    citation: str = Field(min_length=10)
    url: str = Field(pattern=r"^https://")


class Item(_Strict):
    id: str = Field(pattern=r"^[A-Z]{3}[0-9]{1,2}$")
    text: str = Field(min_length=10, max_length=400)
    sources: tuple[str, ...] = Field(min_length=1)


class Section(_Strict):
    id: str
    kind: Literal["principle", "domain"]
    title: str = Field(min_length=1)
    items: tuple[Item, ...] = Field(min_length=1)


class ItemBank(_Strict):
    version: str = Field(pattern=r"^\d{4}\.\d+$")
    title: str
    current_within_days: int = Field(gt=0, le=800)
    scale: tuple[ScalePoint, ...] = Field(min_length=2)
    evidence_note: str
    sources: tuple[Source, ...] = Field(min_length=1)
    sections: tuple[Section, ...]

    @model_validator(mode="after")
    def _consistent(self) -> ItemBank:
        scores = [p.score for p in self.scale]
        if scores != list(range(len(scores))):
            raise ValueError(f"scale scores must run 0, 1, 2, … in order; got {scores}")
        wanted = {**dict.fromkeys(PRINCIPLES, "principle"), **dict.fromkeys(DOMAINS, "domain")}
        have = {s.id: s.kind for s in self.sections}
        if have != wanted:
            raise ValueError(
                f"sections must be the six principles and five domains, once each; "
                f"missing {sorted(set(wanted) - set(have))}, unexpected {sorted(set(have) - set(wanted))}, "
                f"wrong kind {sorted(k for k in set(have) & set(wanted) if have[k] != wanted[k])}"
            )
        if len(have) != len(self.sections):
            raise ValueError("a section appears twice")
        ids = [i.id for s in self.sections for i in s.items]
        if len(ids) != len(set(ids)):
            raise ValueError(
                f"item ids must be unique; repeated: {sorted({i for i in ids if ids.count(i) > 1})}"
            )
        known = {s.id for s in self.sources}
        for section in self.sections:
            for item in section.items:
                unknown = set(item.sources) - known
                if unknown:
                    raise ValueError(f"item {item.id} cites unknown sources {sorted(unknown)}")
        return self

    @property
    def max_score(self) -> int:
        return self.scale[-1].score

    def items(self) -> list[tuple[Section, Item]]:
        return [(s, i) for s in self.sections for i in s.items]

    def section_of(self) -> dict[str, str]:
        """Item id → section id."""
        return {i.id: s.id for s, i in self.items()}


def parse_bank(path: Path) -> ItemBank:
    """Read and check one bank file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ItemBankError(f"{path}: cannot read the item bank ({exc})") from exc
    try:
        bank = ItemBank.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ItemBankError(f"{path}: {where}: {first['msg']}") from exc
    if path.stem != bank.version:
        raise ItemBankError(
            f"{path}: says version {bank.version}; the file must be named {bank.version}.yaml"
        )
    return bank


@functools.cache
def load_bank(version: str = CURRENT_VERSION) -> ItemBank:
    """The bank of ``version`` (cached: banks are package data and never change under a process)."""
    path = BANK_DIR / f"{version}.yaml"
    if not path.is_file():
        raise ItemBankError(f"{path}: there is no item bank version {version}")
    return parse_bank(path)


ASSESSMENT_SECTIONS: tuple[tuple[str, int], ...] = tuple(
    (s.id, len(s.items)) for s in load_bank(CURRENT_VERSION).sections
)
"""(section id, items) of the current bank, for the synthetic network (which has no Django)."""
