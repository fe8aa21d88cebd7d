"""The kinds of need, declared in ``need_kinds.yaml``: which services meet each, how it is measured.

Data, not code, so a place can add a kind or map its own directory's taxonomy without touching
the comparison (``[provision] need_kinds`` names a file of the same shape).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from atr.errors import InputFileError

BUILT_IN = Path(__file__).resolve().parent / "need_kinds.yaml"
RECORDED_TABLES = ("child_year", "adult_year")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def normalise_term(text: str) -> str:
    """Codes and names compare alike: ``Domestic-Abuse`` = ``domestic abuse``."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@dataclass(frozen=True)
class NeedKind:
    kind: str
    label: str
    terms: frozenset[str]  # normalised
    ages: tuple[int, int] | None
    modelled: str | None
    recorded_table: str | None
    recorded_column: str | None

    def matches(self, terms: tuple[str, ...]) -> bool:
        return any(normalise_term(t) in self.terms for t in terms)

    def serves_ages(self, minimum: int | None, maximum: int | None) -> bool:
        """A service with no stated ages serves everyone; else its range must overlap the need's."""
        if self.ages is None:
            return True
        low, high = self.ages
        return (minimum is None or minimum <= high) and (maximum is None or maximum >= low)


def _kind(path: Path, name: str, raw: object) -> NeedKind:
    def bad(field: str, problem: str) -> InputFileError:
        return InputFileError(path, f"kind '{name}': {problem}", field=field)

    if not _NAME.match(name) or not isinstance(raw, dict):
        raise bad("kinds", "expected a lower-case name with a mapping under it")
    unknown = set(raw) - {"label", "terms", "ages", "modelled", "recorded"}
    if unknown:
        raise bad(sorted(unknown)[0], "unknown key")
    terms = raw.get("terms")
    if not isinstance(terms, list) or not terms or not all(isinstance(t, str) for t in terms):
        raise bad("terms", "expected a list of taxonomy codes or names")
    ages = raw.get("ages")
    if ages is not None and (
        not isinstance(ages, list)
        or len(ages) != 2
        or not all(isinstance(a, int) for a in ages)
        or ages[0] > ages[1]
    ):
        raise bad("ages", "expected [youngest, oldest]")
    recorded = raw.get("recorded")
    table = column = None
    if recorded is not None:
        table, _, column = str(recorded).partition(".")
        if table not in RECORDED_TABLES or not _NAME.match(column):
            raise bad("recorded", f"expected TABLE.COLUMN with TABLE one of {', '.join(RECORDED_TABLES)}")
    modelled = raw.get("modelled")
    if modelled is not None and not (isinstance(modelled, str) and _NAME.match(modelled)):
        raise bad("modelled", "expected a measure of modelled_toxic_trio")
    return NeedKind(
        kind=name,
        label=str(raw.get("label") or name),
        terms=frozenset(normalise_term(t) for t in terms),
        ages=(ages[0], ages[1]) if ages else None,
        modelled=modelled,
        recorded_table=table,
        recorded_column=column,
    )


def load_need_kinds(path: Path | None = None) -> tuple[NeedKind, ...]:
    """The kinds in ``path`` (default: the built-in file), in the order written."""
    path = path or BUILT_IN
    if not path.is_file():
        raise InputFileError(path, "need kinds file not found")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputFileError(path, f"not valid YAML: {exc}") from exc
    kinds = raw.get("kinds") if isinstance(raw, dict) else None
    if not isinstance(kinds, dict) or not kinds:
        raise InputFileError(path, "no kinds", field="kinds")
    return tuple(_kind(path, str(name), value) for name, value in kinds.items())


__all__ = ["BUILT_IN", "NeedKind", "load_need_kinds", "normalise_term"]
