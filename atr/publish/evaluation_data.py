"""The evaluation's published tables, read into one summary per programme (issue 18).

Read from the published zone only (``evaluation_programme``, ``evaluation_profile``,
``evaluation_effect``, ``evaluation_balance``, ``evaluation_its``, written by ``atr evaluate``): aggregates and
estimates, never a person. The programme and cohort counts arrive disclosure-controlled; the
numbers of people behind each estimate are rounded here with the same rule, and an estimate that
rests on fewer people than the rule shows is withheld.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from atr.publish.evaluation_its import PublishedITS, its_table, load_its
from atr.publish.privacy import DisclosureRule
from atr.publish.sources import TableSource

OUTCOME_WORDS = {
    "persistent_absence": "persistent absence from school",
    "suspension": "a suspension from school",
    "exclusion": "a permanent exclusion",
    "yj_first_entry": "first entry to the youth justice system",
    "care_entry": "coming into care",
    "mh_referral": "a mental-health referral",
    "csc_rereferral": "a repeat referral to children's social care",
}
"""Each outcome in words: the share of young people with … in the window."""


@dataclass(frozen=True)
class PublishedEffect:
    outcome: str
    window_months: int
    method: str
    estimate: float | None
    lower_95: float | None
    upper_95: float | None
    n_participants: int | None
    n_comparison: int | None
    e_value: float | None

    @property
    def words(self) -> str:
        return OUTCOME_WORDS.get(self.outcome, self.outcome.replace("_", " "))


@dataclass(frozen=True)
class ProgrammeSummary:
    code: str
    name: str
    description: str
    ages: str
    unit: str
    outcomes: list[str]
    people_supported: int | None
    profile: list[tuple[str, int | None]] = field(default_factory=list)
    balance: list[tuple[str, float | None, float | None]] = field(default_factory=list)
    effects: list[PublishedEffect] = field(default_factory=list)
    its: list[PublishedITS] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.code.lower()

    @property
    def its_rows(self) -> list[dict[str, str]]:
        """The whole-school comparison's table rows (``programme_its.html``)."""
        return its_table(self.its)

    @property
    def worst_balance(self) -> float | None:
        after = [abs(a) for _c, _b, a in self.balance if a is not None]
        return max(after) if after else None


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(str(value))
    return None if number != number else number


def _people(value: object, rule: DisclosureRule) -> int | None:
    """A number of people as published: withheld below the rule's threshold, else rounded."""
    number = _number(value)
    if number is None or 0 < number < rule.suppress_below:
        return None
    return int(round(number / rule.round_to) * rule.round_to)


def load_evaluation(source: TableSource, rule: DisclosureRule) -> list[ProgrammeSummary]:
    """One summary per programme of the list; empty when ``atr evaluate`` has not run."""
    programmes = source.read("evaluation_programme")
    if programmes is None:
        return []
    profile = source.read("evaluation_profile")
    effects = source.read("evaluation_effect")
    balance = source.read("evaluation_balance")
    its = load_its(source)
    out = []
    for row in programmes.to_pylist():
        code = str(row["programme_code"])
        people = row.get("people_supported")
        out.append(
            ProgrammeSummary(
                code=code,
                name=str(row["name"]),
                description=str(row["description"]),
                ages=str(row["ages"]),
                unit=str(row["unit"]),
                outcomes=[o.strip() for o in str(row["outcomes"]).split(",") if o.strip()],
                people_supported=None if people is None else int(people),
                profile=[
                    (str(p["title"]), None if p["people"] is None else int(p["people"]))
                    for p in (profile.to_pylist() if profile is not None else [])
                    if p["programme_code"] == code
                ],
                balance=[
                    (str(b["covariate"]), _number(b["smd_before"]), _number(b["smd_after"]))
                    for b in (balance.to_pylist() if balance is not None else [])
                    if b["programme_code"] == code
                ],
                effects=[
                    _effect(e, rule)
                    for e in (effects.to_pylist() if effects is not None else [])
                    if e["programme_code"] == code
                ],
                its=its.get(code, []),
            )
        )
    return out


def _effect(row: dict[str, object], rule: DisclosureRule) -> PublishedEffect:
    participants = _people(row.get("n_participants"), rule)
    comparison = _people(row.get("n_comparison"), rule)
    shown = participants is not None and comparison is not None
    return PublishedEffect(
        outcome=str(row["outcome"]),
        window_months=int(str(row["window_months"])),
        method=str(row["method"]),
        estimate=_number(row.get("estimate")) if shown else None,
        lower_95=_number(row.get("lower_95")) if shown else None,
        upper_95=_number(row.get("upper_95")) if shown else None,
        n_participants=participants,
        n_comparison=comparison,
        e_value=_number(row.get("e_value")) if shown else None,
    )
