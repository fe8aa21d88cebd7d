"""Effects and balance for every programme, through ``atr.evaluate.methods``.

The frame is read once; each programme's rows (its linked participants and its comparison
pool) go to ``evaluate_programme``, which matches, checks balance and estimates the matched
difference in differences and the naive comparison for every outcome and window, with E-values.
The outcomes estimated are those the programme list says the programme aims to change (each
with its 12 months before as a matching covariate). The matching is the first of a stated
sequence of specifications that balances every covariate (``methods.specification``); the one
chosen is written beside the balance rows and every one tried to ``evaluation_matching``, and a
programme no specification balanced is said so in the run's notes. A programme with no participants or no
comparison is left out and said so. statsmodels warns when an outcome never happens in a group
(a zero variance); the estimate is then 0 with a degenerate interval, so those warnings are
silenced here rather than printed through every run.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from atr.evaluate.programmes import Programme
from atr.warehouse import Warehouse

if TYPE_CHECKING:
    import pandas as pd

EFFECT_COLUMNS = (
    "programme_code VARCHAR, outcome VARCHAR, window_months INTEGER, method VARCHAR, estimate DOUBLE, "
    "lower_95 DOUBLE, upper_95 DOUBLE, n_participants BIGINT, n_comparison BIGINT, e_value DOUBLE, "
    "e_value_ci DOUBLE"
)
BALANCE_COLUMNS = (
    "programme_code VARCHAR, covariate VARCHAR, smd_before DOUBLE, smd_after DOUBLE, "
    "specification VARCHAR, balanced BOOLEAN"
)
"""The contract's four columns first; then the matching specification chosen and whether it
brought every covariate's |SMD| to 0.1 or below (the same on each of a programme's rows)."""
MATCHING_COLUMNS = (
    "programme_code VARCHAR, step INTEGER, specification VARCHAR, score_terms VARCHAR, neighbours INTEGER, "
    "caliper_sd DOUBLE, worst_smd_after DOUBLE, n_unmatched BIGINT, chosen BOOLEAN"
)


@dataclass
class Estimates:
    effects: int = 0
    balance: int = 0
    unmatched: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    unbalanced: dict[str, float] = field(default_factory=dict)
    """Programmes no specification balanced, with the smallest worst |SMD| reached."""


def estimate_effects(
    wh: Warehouse, programmes: list[Programme], *, seed: int = 0, pool_per_participant: int | None = None
) -> Estimates:
    """Write ``evaluation_effect``, ``evaluation_balance`` and ``evaluation_matching`` (empty,
    with columns, if nothing to do). The matching searches at most ``pool_per_participant``
    comparisons per participant in each exact stratum (default: the methods' 20), drawn with
    ``seed``."""
    from atr.evaluate.methods import evaluate_programme
    from atr.evaluate.methods.pool import POOL_PER_PARTICIPANT

    wh.execute(f"CREATE OR REPLACE TABLE evaluation_effect ({EFFECT_COLUMNS})")
    wh.execute(f"CREATE OR REPLACE TABLE evaluation_balance ({BALANCE_COLUMNS})")
    wh.execute(f"CREATE OR REPLACE TABLE evaluation_matching ({MATCHING_COLUMNS})")
    out = Estimates()
    frame = wh.query("SELECT * FROM evaluation_frame WHERE linked").to_pandas()
    effects, balances, tried = [], [], []
    for prog in programmes:
        rows = frame[frame["programme_code"] == prog.code].reset_index(drop=True)
        if not rows["participant"].any() or rows["participant"].all():
            out.skipped.append(prog.code)
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            result = evaluate_programme(
                rows,
                programme_code=prog.code,
                outcomes=list(prog.outcomes),
                school_level=prog.unit == "school",
                pool_per_participant=pool_per_participant or POOL_PER_PARTICIPANT,
                seed=seed,
            )
        effects.append(result.effects)
        balances.append(
            result.balance.assign(specification=result.specification.label, balanced=result.balanced)
        )
        tried.append(result.tried.assign(programme_code=prog.code))
        out.unmatched[prog.code] = int(result.match.n_unmatched)
        if not result.balanced:
            out.unbalanced[prog.code] = float(
                result.tried.loc[result.tried["chosen"], "worst_smd_after"].iloc[0]
            )
    out.effects = _insert(wh, "evaluation_effect", EFFECT_COLUMNS, effects)
    out.balance = _insert(wh, "evaluation_balance", BALANCE_COLUMNS, balances)
    _insert(wh, "evaluation_matching", MATCHING_COLUMNS, tried)
    return out


def _insert(wh: Warehouse, table: str, columns: str, parts: list[pd.DataFrame]) -> int:
    """Append the frames to ``table`` (created with ``columns``); the rows written."""
    import pandas as pd
    import pyarrow as pa

    if not parts:
        return 0
    rows = pd.concat(parts, ignore_index=True)
    staging = f"evaluate__{table}"
    wh.write_arrow(staging, pa.Table.from_pandas(rows, preserve_index=False))
    wh.execute(f"INSERT INTO {table} SELECT {_names(columns)} FROM {staging}")
    return len(rows)


def _names(columns: str) -> str:
    """``a, b`` from ``a VARCHAR, b DOUBLE``, with each value cast to its declared type."""
    pairs = [c.strip().split(" ", 1) for c in columns.split(",")]
    return ", ".join(f"CAST({name} AS {kind}) AS {name}" for name, kind in pairs)
