"""The whole-school comparison (``evaluation_its``) on a programme's page, in plain words.

``atr evaluate`` writes, for each programme that works with whole schools, the comparative
interrupted time series of its schools' termly absence and exclusions against matched schools:
per outcome a change in level at the start and a change in trend per term, with 95% intervals
and the numbers of schools (aggregates of schools, never a school or a pupil). Kept apart from
the person-level effects (:mod:`atr.publish.site_evaluation`) as its own table and template
block, ``programme_its.html``.
"""

from __future__ import annotations

from dataclasses import dataclass

from atr.publish.sources import TableSource

ITS_WORDS = {
    "absence_rate": ("absence: share of possible sessions missed", "percentage points"),
    "persistent_absence": ("pupils persistently absent (missing 10% or more of a term)", "percentage points"),
    "suspension": ("suspensions per 100 pupils in a term", "per 100 pupils"),
    "exclusion": ("permanent exclusions per 100 pupils in a term", "per 100 pupils"),
}
"""Each school-level outcome in words, and the unit of its changes."""


@dataclass(frozen=True)
class ITSChange:
    """One outcome's change at the start (``level``) or in trend per term (``slope``)."""

    estimate: float | None
    lower_95: float | None
    upper_95: float | None


@dataclass(frozen=True)
class PublishedITS:
    outcome: str
    level: ITSChange
    slope: ITSChange
    n_schools: int
    n_comparison_schools: int
    n_terms: int


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(str(value))
    return None if number != number else number


def load_its(source: TableSource) -> dict[str, list[PublishedITS]]:
    """Programme code → its outcomes' whole-school results (empty when there are none)."""
    table = source.read("evaluation_its")
    if table is None:
        return {}
    found: dict[tuple[str, str], dict[str, dict[str, object]]] = {}
    for row in table.to_pylist():
        found.setdefault((str(row["programme_code"]), str(row["outcome"])), {})[str(row["term"])] = row
    out: dict[str, list[PublishedITS]] = {}
    order = list(ITS_WORDS)
    for (code, outcome), terms in sorted(
        found.items(), key=lambda kv: (kv[0][0], order.index(kv[0][1]) if kv[0][1] in order else len(order))
    ):
        first = next(iter(terms.values()))

        def change(term: str, terms: dict[str, dict[str, object]] = terms) -> ITSChange:
            row = terms.get(term, {})
            return ITSChange(
                _number(row.get("estimate")), _number(row.get("lower_95")), _number(row.get("upper_95"))
            )

        out.setdefault(code, []).append(
            PublishedITS(
                outcome=outcome,
                level=change("level_change"),
                slope=change("slope_change"),
                n_schools=int(str(first["n_schools"])),
                n_comparison_schools=int(str(first["n_comparison_schools"])),
                n_terms=int(str(first["n_terms"])),
            )
        )
    return out


def _signed(value: float) -> str:
    return f"{value:+.2f}".replace("-", "−")


def _interval(change: ITSChange) -> str:
    if change.estimate is None:
        return "not estimated"
    if change.lower_95 is None or change.upper_95 is None:
        return f"{_signed(change.estimate)} (no interval)"
    return f"{_signed(change.estimate)} ({_signed(change.lower_95)} to {_signed(change.upper_95)})"


def _reading(change: ITSChange) -> str:
    if change.estimate is None or change.lower_95 is None or change.upper_95 is None:
        return "Cannot be read."
    if change.upper_95 < 0:
        return "Fell more than in the similar schools."
    if change.lower_95 > 0:
        return "Rose more than in the similar schools."
    return "Cannot tell apart from the similar schools."


def its_table(results: list[PublishedITS]) -> list[dict[str, str]]:
    """The rows of the page's table "Whole-school comparison (interrupted time series)"."""
    return [
        {
            "outcome": ITS_WORDS.get(r.outcome, (r.outcome.replace("_", " "), ""))[0],
            "unit": ITS_WORDS.get(r.outcome, ("", ""))[1],
            "level": _interval(r.level),
            "reading": _reading(r.level),
            "slope": _interval(r.slope),
            "schools": f"{r.n_schools:,} and {r.n_comparison_schools:,}",
        }
        for r in results
    ]
