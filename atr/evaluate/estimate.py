"""Effects and balance for every programme, through ``atr.evaluate.methods``.

The frame is read once; each programme's rows (its linked participants and its comparison
pool) go to ``evaluate_programme``, which matches, checks balance and estimates the matched
difference in differences and the naive comparison for every outcome and window, with E-values.
The outcomes estimated are those the programme list says the programme aims to change (each
with its 12 months before as a matching covariate). A programme with no participants or no
comparison is left out and said so. statsmodels warns when an outcome never happens in a group
(a zero variance); the estimate is then 0 with a degenerate interval, so those warnings are
silenced here rather than printed through every run.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

from atr.evaluate.programmes import Programme
from atr.warehouse import Warehouse

EFFECT_COLUMNS = (
    "programme_code VARCHAR, outcome VARCHAR, window_months INTEGER, method VARCHAR, estimate DOUBLE, "
    "lower_95 DOUBLE, upper_95 DOUBLE, n_participants BIGINT, n_comparison BIGINT, e_value DOUBLE, "
    "e_value_ci DOUBLE"
)
BALANCE_COLUMNS = "programme_code VARCHAR, covariate VARCHAR, smd_before DOUBLE, smd_after DOUBLE"


@dataclass
class Estimates:
    effects: int = 0
    balance: int = 0
    unmatched: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def estimate_effects(wh: Warehouse, programmes: list[Programme]) -> Estimates:
    """Write ``evaluation_effect`` and ``evaluation_balance`` (empty, with columns, if nothing to do)."""
    import pandas as pd
    import pyarrow as pa

    from atr.evaluate.methods import evaluate_programme

    wh.execute(f"CREATE OR REPLACE TABLE evaluation_effect ({EFFECT_COLUMNS})")
    wh.execute(f"CREATE OR REPLACE TABLE evaluation_balance ({BALANCE_COLUMNS})")
    out = Estimates()
    frame = wh.query("SELECT * FROM evaluation_frame WHERE linked").to_pandas()
    effects, balances = [], []
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
            )
        effects.append(result.effects)
        balances.append(result.balance)
        out.unmatched[prog.code] = int(result.match.n_unmatched)
    if effects:
        table = pd.concat(effects, ignore_index=True)
        wh.write_arrow("evaluate__effect", pa.Table.from_pandas(table, preserve_index=False))
        wh.execute(f"INSERT INTO evaluation_effect SELECT {_names(EFFECT_COLUMNS)} FROM evaluate__effect")
        out.effects = len(table)
    if balances:
        table = pd.concat(balances, ignore_index=True)
        wh.write_arrow("evaluate__balance", pa.Table.from_pandas(table, preserve_index=False))
        wh.execute(f"INSERT INTO evaluation_balance SELECT {_names(BALANCE_COLUMNS)} FROM evaluate__balance")
        out.balance = len(table)
    return out


def _names(columns: str) -> str:
    """``a, b`` from ``a VARCHAR, b DOUBLE``, with each value cast to its declared type."""
    pairs = [c.strip().split(" ", 1) for c in columns.split(",")]
    return ", ".join(f"CAST({name} AS {kind}) AS {name}" for name, kind in pairs)
