"""Blocking: which pairs of records Splink scores, and how many that is.

Every rule is an equi-join on two or more keys. A rule that mentions a name always carries a
second discriminating key (birth year, postcode district or full date of birth): forename
and surname alone explode on common West Yorkshire names (the research measured 214 million
pairs from that one rule at 5 million records). Broad rules (names alone, date of birth
alone, postcode alone) recover pairs with errors in several fields at once; they are used
only while the pair budget ``max_pairs_to_score`` allows, which in practice means small
extracts and benchmarks.

Every symmetric rule is capped at ``max_block_size`` records per block (see ``Rule``): the
synthetic extracts at scale 1.0 have 6,500 records sharing one surname and date of birth, and
real data has its own placeholder dates and very common names. Each rule counts its own pairs
with a GROUP BY over ``link__input`` (the sum of n(n-1)/2 over its blocks), which is exact per
rule, takes a second even at West Yorkshire scale, and needs no sampling. Rules overlap, so the
sum over rules is an upper bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from splink import block_on

from atr.link.prepare import INPUT_TABLE, PreparedInput
from atr.warehouse import Warehouse


@dataclass(frozen=True)
class Rule:
    """Pairs whose ``left`` keys (on one record) equal the ``right`` keys (on the other).

    A symmetric rule is *capped*: ``add_block_keys`` gives each record a hashed block key,
    NULL when its block holds more than ``max_block_size`` records, and Splink blocks on that
    key. An oversized block (a placeholder date of birth shared by thousands, a very common
    name in one district) is then skipped by that rule, and its pairs must come from another.
    Asymmetric rules (swapped names, former surnames) are small and run as written.
    """

    left: tuple[str, ...]
    right: tuple[str, ...] | None = None  # None: the same keys on both sides

    @property
    def key_column(self) -> str:
        return "block_" + "__".join(self.left)

    def splink(self, *, capped: bool = True) -> Any:
        """The rule as Splink takes it (on the capped block key when symmetric and ``capped``)."""
        if self.right is None:
            return block_on(self.key_column) if capped else block_on(*self.left)
        return " AND ".join(f"l.{a} = r.{b}" for a, b in zip(self.left, self.right, strict=True))

    def describe(self) -> str:
        if self.right is None:
            return " + ".join(self.left)
        return " + ".join(f"{a}~{b}" if a != b else a for a, b in zip(self.left, self.right, strict=True))

    def _blocks(self, keys: tuple[str, ...]) -> str:
        named = ", ".join(f"{k} AS k{i}" for i, k in enumerate(keys))
        not_null = " AND ".join(f"({k}) IS NOT NULL" for k in keys)
        grouping = ", ".join(f"k{i}" for i in range(len(keys)))
        return f"SELECT {named}, count(*) AS n FROM {INPUT_TABLE} WHERE {not_null} GROUP BY {grouping}"

    def count_sql(self, *, capped: bool = False, max_block_size: int = 0) -> str:
        """SQL for (pairs, records_in_skipped_blocks) of this rule alone.

        With ``capped`` (symmetric rules), blocks over ``max_block_size`` records are left out,
        as ``add_block_keys`` will leave them out of Splink's blocking.
        """
        if self.right is None:
            limit = f"WHERE n <= {max_block_size}" if capped else ""
            skipped = (
                f"(SELECT coalesce(sum(n), 0) FROM blocks WHERE n > {max_block_size})" if capped else "0"
            )
            return (
                f"WITH blocks AS ({self._blocks(self.left)}) "
                f"SELECT (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM blocks {limit}) AS pairs, "
                f"{skipped} AS records_in_skipped_blocks"
            )
        on = " AND ".join(f"a.k{i} = b.k{i}" for i in range(len(self.left)))
        # Splink scores each unordered pair once, in one orientation: about half the ordered pairs.
        return (
            f"SELECT coalesce(sum(a.n * b.n) / 2, 0) AS pairs, 0 AS records_in_skipped_blocks "
            f"FROM ({self._blocks(self.left)}) a JOIN ({self._blocks(self.right)}) b ON {on}"
        )

    def count(self, wh: Warehouse) -> int:
        """Pairs this rule alone generates, uncapped (for EM sessions)."""
        return int(wh.rows(self.count_sql())[0]["pairs"])


def add_block_keys(wh: Warehouse, rules: list[Rule], max_block_size: int) -> None:
    """Add each capped rule's hashed block key to ``link__input`` (NULL in oversized blocks).

    Oversized blocks are found by a GROUP BY on the hashed keys and removed with a semi-join,
    which at West Yorkshire scale is much cheaper than a window count per rule.
    """
    capped = [r for r in rules if r.right is None]
    existing = wh.columns(INPUT_TABLE)
    keep = ", ".join(c for c in existing if not c.startswith("block_"))
    # a 64-bit hash on every engine; a collision only merges two blocks
    hashed = ", ".join(
        f"CASE WHEN {' AND '.join(f'{k} IS NOT NULL' for k in r.left)} THEN {wh.dialect.hash64(r.left)} END AS h{i}"
        for i, r in enumerate(capped)
    )
    keys = ", ".join(
        f"CASE WHEN h{i} IN (SELECT h{i} FROM hashed WHERE h{i} IS NOT NULL GROUP BY h{i} "
        f"HAVING count(*) > {max_block_size}) THEN NULL ELSE h{i} END AS {r.key_column}"
        for i, r in enumerate(capped)
    )
    if not capped:
        return
    wh.execute(
        f"CREATE OR REPLACE TEMP TABLE {INPUT_TABLE} AS WITH "
        f"{wh.dialect.cte('hashed', f'SELECT {keep}, {hashed} FROM {INPUT_TABLE}')} SELECT {keep}, {keys} FROM hashed"
    )


def prediction_rules(prepared: PreparedInput) -> list[Rule]:
    """The core rules generating the pairs Splink scores.

    Names with the full date of birth (in a day/month-swap-proof form) or the year and month;
    names with the postcode; one name with the date of birth in the postcode district (a
    typo, nickname or new surname in the other); the date of birth or the forename at one
    postcode; swapped names; former surnames; UPRN; PNC id.
    """
    rules = [
        Rule(("forename_canonical", "surname", "dob_key")),
        Rule(("forename_canonical", "surname", "birth_year", "birth_month")),
        Rule(("forename_canonical", "surname", "postcode")),
        Rule(("surname", "date_of_birth", "postcode_outward")),
        Rule(("forename_canonical", "date_of_birth", "postcode_outward")),
        Rule(("postcode", "date_of_birth")),
        Rule(("postcode", "forename_canonical")),
        Rule(("forename", "surname", "birth_year"), ("surname", "forename", "birth_year")),
    ]
    if prepared.has("former_surname"):
        rules += [
            Rule(
                ("former_surname", "forename_canonical", "birth_year"),
                ("surname", "forename_canonical", "birth_year"),
            ),
            Rule(
                ("surname", "forename_canonical", "birth_year"),
                ("former_surname", "forename_canonical", "birth_year"),
            ),
        ]
    if prepared.has("uprn"):
        rules.append(Rule(("uprn", "forename_canonical")))
    if prepared.has("pnc_id"):
        rules.append(Rule(("pnc_id",)))
    return rules


def broad_rules(prepared: PreparedInput) -> list[Rule]:
    """Wider rules, added in this order only while the pair budget allows."""
    return [
        Rule(("forename_canonical", "surname", "birth_year")),
        Rule(("forename_canonical", "surname", "postcode_outward")),
        Rule(("surname", "date_of_birth")),
        Rule(("forename_canonical", "date_of_birth")),
        Rule(("postcode", "address_line_1")),
        Rule(("address_line_1", "town")),
        Rule(("forename_canonical", "surname")),
        Rule(("date_of_birth",)),
        Rule(("postcode",)),
        # Last: one family name at one house number, whatever the postcode, street spelling,
        # forename or date of birth say (a typo in each), for small extracts only.
        Rule(("surname", "house_number")),
    ]


def choose_rules(
    wh: Warehouse, prepared: PreparedInput, budget: float, max_block_size: int
) -> tuple[list[Rule], list[dict[str, Any]]]:
    """Core rules plus the broad ones that fit the budget; per-rule counts for the report."""
    core, broad = prediction_rules(prepared), broad_rules(prepared)
    counts = {
        rule: wh.rows(rule.count_sql(capped=True, max_block_size=max_block_size))[0] for rule in core + broad
    }
    chosen, total = list(core), sum(int(counts[r]["pairs"]) for r in core)
    for rule in broad:
        if total + int(counts[rule]["pairs"]) > budget:
            break
        chosen.append(rule)
        total += int(counts[rule]["pairs"])
    add_block_keys(wh, chosen, max_block_size)
    report = [
        {
            "blocking_rule": r.describe(),
            "pairs": int(counts[r]["pairs"]),
            "records_in_skipped_blocks": int(counts[r]["records_in_skipped_blocks"]),
            "used": r in chosen,
        }
        for r in core + broad
    ]
    return chosen, report


def probability_rules(prepared: PreparedInput) -> list[Any]:
    """Deterministic rules used to estimate the prior probability that two records match."""
    rules: list[Any] = [block_on("forename", "surname", "date_of_birth")]
    rules += [block_on(c) for c in ("nhs_number", "upn") if prepared.has(c)]
    return rules


@dataclass(frozen=True)
class TrainingPlan:
    """The EM sessions: identifier ones first, then name ones, and a stand-in for the first."""

    identifier_sessions: list[Rule]
    name_sessions: list[Rule]
    without_identifiers: list[Rule]  # tried in turn when no identifier session can run


def training_rules(prepared: PreparedInput) -> TrainingPlan:
    """Expectation-maximisation sessions; together they train every comparison.

    A session cannot train a comparison whose columns appear in its blocking rule, so the
    rules rotate. Records sharing a valid NHS number or UPN are almost all true matches, so
    those sessions learn how names, dates of birth and addresses vary *within one person*
    without contamination. The name sessions train the identifiers, sex and address (names and
    year of birth) and the names (date of birth and postcode sector); neither is blocked on
    names alone, where same-named parents and children at one address would teach EM that a
    person's date of birth can differ by a generation. When no identifier session has enough
    pairs, the postcode trains the date of birth instead: a postcode holds many people who are
    *not* the same person, so EM can tell the two classes apart by names (names+district would
    hold almost only matches, and EM would then explain every date-of-birth error away as a
    non-match); if that session cannot run, names and district, then surname and birth year.
    """
    near = next((c for c in ("postcode_sector", "postcode_outward") if prepared.has(c)), None)
    return TrainingPlan(
        identifier_sessions=[Rule((c,)) for c in ("nhs_number", "upn") if prepared.has(c)],
        name_sessions=[
            Rule(("forename", "surname", "year(date_of_birth)")),
            Rule(("date_of_birth", near)) if near else Rule(("date_of_birth",)),
        ],
        without_identifiers=[
            *([Rule(("postcode",))] if prepared.has("postcode") else []),
            Rule(("forename", "surname", "postcode_outward")),
            Rule(("surname", "year(date_of_birth)")),
        ],
    )
