"""A differencing attack on the files a publish run wrote (a test helper, not product code).

The attacker reads every published table (the CSV downloads, the tables of the data-quality
page) and knows the rule (counts of 1 to ``suppress_below - 1`` hidden, others rounded to
``round_to``) and the geography. Every count becomes an interval of the values it could hold: a
rounded 15 is 13–17, a ``[c]`` is 1–7 (or "at least 1" for a cell suppressed only to protect
another), a 0 is exactly 0. Every other number is exact to the precision it is shown with.
The attacker then:

A blank count is at least 1 (0 is always shown), except in a table with denominators, where a
row hidden for its denominator hides its count too, even a 0 (the attacker cannot tell which).

1. **ratios**: for a figure shown beside two counts (a value beside its count and denominator,
   a percentage beside rows accepted and read), tries every pair of integers the two intervals
   allow, times the usual multipliers, and keeps the pairs that give the figure exactly; a
   figure computed from the *published* counts is recognised and carries nothing more;
2. **sums**: narrows intervals through every additive relation (a region is the sum of its
   districts, a district of its wards and of its MSOAs, an ``all`` row of each breakdown, rows
   read of rows accepted plus quarantined), repeatedly, assuming no one lacks an area (the
   cautious assumption);
3. **pairs**: computes differences, sums, products and ratios (× multipliers) of every pair of
   non-count numbers in a row, and takes any result that pins a single integer a count may hold.

A suppressed count whose interval shrinks to one value other than 0, or is pinned by a pair, is
*recovered*; so is a rounded count pinned to a value other than the one shown (its exact value).
Each recovery says how: ``ratio`` (a figure computed from true counts), a pair, or ``sums``
alone (rounding is not controlled rounding, so sums can narrow a rounded count; see
docs/publish.md, "Disclosure control").
"""

from __future__ import annotations

import csv
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

MULTIPLIERS = (1.0, 100.0, 1_000.0, 10_000.0, 100_000.0)
NUMBER = re.compile(r"^-?[\d,]*\.?\d+(?:e[-+]?\d+)?%?$", re.IGNORECASE)
COUNT_COLUMNS = frozenset(
    {
        *("count", "denominator", "recorded", "observed", "recorded_two_or_more"),
        *("rows_read", "rows_accepted", "rows_quarantined"),
    }
)
SUPPRESSED_TEXT = ("", "[c]")
PRIMARY_ONLY = re.compile(r"^suppressed: fewer than \d+ people$")
"""A note that says a cell is small (and not hidden to protect another): at most 7."""
ENUMERATION_LIMIT = 400
"""Widest interval (in integers) the ratio step enumerates; wider ones reveal too little to try."""


@dataclass(frozen=True)
class Rule:
    suppress_below: int = 8
    round_to: int = 5


@dataclass
class Cell:
    """One published number: an interval for a count, or a figure with its precision."""

    lo: float
    hi: float
    count: bool
    suppressed: bool = False
    shown: float | None = None
    via_ratio: bool = False

    @property
    def pinned(self) -> bool:
        return self.count and math.isfinite(self.hi) and self.lo == self.hi


@dataclass
class Table:
    """A published table as the attacker sees it."""

    name: str
    rows: list[dict[str, Cell]] = field(default_factory=list)
    text: list[dict[str, str]] = field(default_factory=list)
    ratios: list[tuple[str, str, str]] = field(default_factory=list)
    sums: list[tuple[tuple[int, str], list[tuple[int, str]]]] = field(default_factory=list)


@dataclass(frozen=True)
class Recovery:
    table: str
    row: int
    column: str
    value: float
    kind: str  # "suppressed" or "rounded"
    how: str


def parse_number(text: str, *, exact: bool = False) -> tuple[float, float] | None:
    """A shown number and half a unit of its last digit (``exact``: a CSV float, to 1e-9)."""
    raw = text.strip().replace(",", "").rstrip("%")
    if not raw or not NUMBER.match(text.strip()):
        return None
    value = float(raw)
    if exact:
        return value, max(abs(value), 1.0) * 1e-9
    decimals = len(raw.split(".", 1)[1]) if "." in raw else 0
    return value, 0.5 * 10.0**-decimals


def count_cell(text: str, rule: Rule, *, primary: bool = True, least: int = 1) -> Cell:
    """The interval a published count allows (``primary``: a blank is a small count; ``least``:
    the smallest a blank may hold, 0 where a row is hidden for its denominator)."""
    parsed = parse_number(text)
    if parsed is None:
        top = rule.suppress_below - 1 if primary else math.inf
        return Cell(least, top, count=True, suppressed=True)
    value = parsed[0]
    if value == 0:
        return Cell(0, 0, count=True, shown=0)
    half = (rule.round_to - 1) // 2
    return Cell(max(value - half, rule.suppress_below), value + half, count=True, shown=value)


def figure_cell(text: str, *, exact: bool) -> Cell | None:
    parsed = parse_number(text, exact=exact)
    if parsed is None:
        return None
    value, tolerance = parsed
    return Cell(value - tolerance, value + tolerance, count=False, shown=value)


def read_rows(name: str, records: Iterable[Mapping[str, str]], rule: Rule, *, exact: bool) -> Table:
    """A table from rows of text: count columns become intervals, other numbers figures
    (``exact``: full-precision CSV numbers, else each exact to the digits shown)."""
    count_names = COUNT_COLUMNS
    table = Table(name)
    for record in records:
        hidden = str(record.get("suppressed", "")).lower() == "true"
        note = str(record.get("note") or "").lower()
        primary = not hidden or PRIMARY_ONLY.match(note) is not None
        cells: dict[str, Cell] = {}
        text: dict[str, str] = {}
        for column, value in record.items():
            value = "" if value is None else str(value)
            if column in count_names:
                if parse_number(value) is None and value.strip() not in SUPPRESSED_TEXT:
                    text[column] = value
                elif (
                    parse_number(value) is not None
                    or hidden
                    or value.strip() == "[c]"
                    or name.endswith(SUMMARY_SUFFIXES)
                ):
                    least = 0 if column == "count" and "denominator" in record else 1
                    cells[column] = count_cell(value, rule, primary=primary, least=least)
            else:
                cell = figure_cell(value, exact=exact)
                if cell is not None and column not in LABEL_COLUMNS:
                    cells[column] = cell
                else:
                    text[column] = value
        table.rows.append(cells)
        table.text.append(text)
    return table


SUMMARY_SUFFIXES = ("hidden_need", "capture_recapture", "ingest")
"""Tables where a blank count is always a suppressed one (their counts are never missing)."""
LABEL_COLUMNS = frozenset(
    {
        "candidate_models",
        "financial_year",
        "period",
        "imd_decile",
        "multiplier",
        "decimals",
        "breakdown_value",
    }
)


def read_csv(path: Path, rule: Rule, name: str | None = None) -> Table:
    with path.open(encoding="utf-8", newline="") as handle:
        return read_rows(name or path.name, list(csv.DictReader(handle)), rule, exact=True)


# --- the relations --------------------------------------------------------------------------------


def add_row_sums(table: Table, total: str, parts: tuple[str, ...]) -> None:
    for i, row in enumerate(table.rows):
        if total in row and all(p in row for p in parts):
            table.sums.append(((i, total), [(i, p) for p in parts]))


def add_area_sums(
    table: Table, parents: Mapping[str, str], group: tuple[str, ...], columns: tuple[str, ...]
) -> None:
    """Parent area = sum of each kind of child area, within rows that agree on ``group``."""
    index: dict[tuple[str, ...], int] = {}
    kids: dict[tuple[tuple[str, ...], str], list[int]] = defaultdict(list)
    for i, text in enumerate(table.text):
        key = tuple(text.get(g, "") for g in group)
        code = text.get("area_code", "")
        index[(*key, code)] = i
        parent = parents.get(code)
        if parent is not None:
            kids[((*key, parent), text.get("area_type", ""))].append(i)
    for (parent_key, _kind), rows in kids.items():
        total = index.get(parent_key)
        if total is None:
            continue
        for column in columns:
            if column in table.rows[total] and all(column in table.rows[r] for r in rows):
                table.sums.append(((total, column), [(r, column) for r in rows]))


def add_breakdown_sums(table: Table, columns: tuple[str, ...]) -> None:
    """An area's ``all`` row is the sum of the groups of each of its breakdowns."""
    index: dict[tuple[str, ...], int] = {}
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, t in enumerate(table.text):
        base = (t.get("indicator_id", ""), t.get("period", ""), t.get("area_code", ""))
        breakdown = t.get("breakdown", "")
        if breakdown == "all":
            index[base] = i
        elif breakdown and breakdown != "inequality":
            groups[(*base, breakdown)].append(i)
    for key, rows in groups.items():
        total = index.get(key[:3])
        if total is None:
            continue
        for column in columns:
            if column in table.rows[total] and all(column in table.rows[r] for r in rows):
                table.sums.append(((total, column), [(r, column) for r in rows]))


# --- the attack ---------------------------------------------------------------------------------


def _integers(cell: Cell) -> range | None:
    if not math.isfinite(cell.hi) or cell.hi - cell.lo > ENUMERATION_LIMIT:
        return None
    return range(math.ceil(cell.lo), math.floor(cell.hi) + 1)


def _ratio_step(table: Table) -> None:
    for row in table.rows:
        for value_column, num_column, den_column in table.ratios:
            value, num, den = row.get(value_column), row.get(num_column), row.get(den_column)
            if value is None or num is None or den is None or value.shown is None:
                continue
            tolerance = max(value.hi - value.lo, 1e-12) / 2 + 1e-12
            published = num.shown is not None and den.shown
            if published and any(
                abs(num.shown / den.shown * m - value.shown) <= tolerance for m in MULTIPLIERS
            ):  # type: ignore[operator]
                continue  # computed from the published counts: nothing more to learn
            xs, ys = _integers(num), _integers(den)
            if xs is None or ys is None:
                continue
            found = [
                (x, y)
                for x, y in itertools.product(xs, ys)
                if y > 0 and any(abs(x / y * m - value.shown) <= tolerance for m in MULTIPLIERS)
            ]
            if found:
                num.lo, num.hi = min(x for x, _ in found), max(x for x, _ in found)
                den.lo, den.hi = min(y for _, y in found), max(y for _, y in found)
                num.via_ratio = den.via_ratio = True


def _ceil(x: float) -> float:
    return math.ceil(x) if math.isfinite(x) else x


def _floor(x: float) -> float:
    return math.floor(x) if math.isfinite(x) else x


def _sum_step(table: Table) -> bool:
    changed = False
    for (ti, tc), parts in table.sums:
        total = table.rows[ti][tc]
        cells = [table.rows[i][c] for i, c in parts]
        lo, hi = sum(c.lo for c in cells), sum(c.hi for c in cells)
        new = (max(total.lo, lo), min(total.hi, hi))
        if new[0] > new[1]:
            continue  # the relation does not hold exactly here (people with no known area)
        if new != (total.lo, total.hi):
            total.lo, total.hi, changed = new[0], new[1], True
        for k, cell in enumerate(cells):
            others = cells[:k] + cells[k + 1 :]
            lo_k = _ceil(total.lo - sum(c.hi for c in others))
            hi_k = _floor(total.hi - sum(c.lo for c in others))
            bounded = (max(cell.lo, lo_k), min(cell.hi, hi_k))
            if bounded[0] <= bounded[1] and bounded != (cell.lo, cell.hi):
                cell.lo, cell.hi, changed = bounded[0], bounded[1], True
    return changed


def _candidates(x: Cell, y: Cell) -> Iterable[tuple[str, float, float]]:
    yield "difference", x.lo - y.hi, x.hi - y.lo
    yield "sum", x.lo + y.lo, x.hi + y.hi
    for m in MULTIPLIERS:
        ends = [a * b / m for a in (x.lo, x.hi) for b in (y.lo, y.hi)]
        yield f"product/{m:g}", min(ends), max(ends)
        if y.lo > 0 or y.hi < 0:
            ends = [a / b * m for a in (x.lo, x.hi) for b in (y.lo, y.hi)]
            yield f"ratio×{m:g}", min(ends), max(ends)


def _pair_step(table: Table) -> list[Recovery]:
    """Counts pinned by a pair of figures: one integer, however the attacker combines them."""
    found = []
    for i, row in enumerate(table.rows):
        targets = {c: cell for c, cell in row.items() if cell.count and not cell.pinned}
        if table.ratios and not any(cell.suppressed for cell in targets.values()):
            continue  # an indicator row's figures are its value and limits: the ratio step's work
        figures = [(c, cell) for c, cell in row.items() if not cell.count]
        values: dict[str, dict[int, str]] = defaultdict(dict)
        for (a, x), (b, y) in itertools.permutations(figures, 2):
            for how, lo, hi in _candidates(x, y):
                if hi - lo >= 0.5 or math.floor(hi) < math.ceil(lo):
                    continue
                k = math.floor(hi)
                for column, cell in targets.items():
                    if cell.lo <= k <= cell.hi and (cell.suppressed or k != cell.shown):
                        values[column].setdefault(k, f"{how} of {a}, {b}")
        for column, candidates in values.items():
            if len(candidates) == 1:
                [(k, how)] = candidates.items()
                kind = "suppressed" if targets[column].suppressed else "rounded"
                found.append(Recovery(table.name, i, column, k, kind, how))
    return found


def attack(table: Table) -> list[Recovery]:
    """Every count of ``table`` the attacker recovers exactly (see the module docstring)."""
    _ratio_step(table)
    for _ in range(50):
        if not _sum_step(table):
            break
    found = {(r.row, r.column): r for r in _pair_step(table)}
    for i, row in enumerate(table.rows):
        for column, cell in row.items():
            if not cell.pinned or (i, column) in found:
                continue
            how = "ratio" if cell.via_ratio else "sums"
            if cell.suppressed and cell.lo >= 1:  # a hidden 0 shown to be 0 discloses nothing
                found[(i, column)] = Recovery(table.name, i, column, cell.lo, "suppressed", how)
            elif not cell.suppressed and cell.lo != cell.shown:
                found[(i, column)] = Recovery(table.name, i, column, cell.lo, "rounded", how)
    return sorted(found.values(), key=lambda r: (r.row, r.column))


def suppressed_cells(table: Table) -> int:
    return sum(1 for row in table.rows for cell in row.values() if cell.suppressed)
