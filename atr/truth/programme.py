"""The evaluation against the synthetic truth: do the intervals hold each programme's true effect?

``atr synth`` writes ``truth/programme_effects.csv`` (programme_code, outcome, window_months,
true_effect), the effect measured on the simulated world on the scale of ``evaluation_effect``'s
estimate. ``compare_programme_effects`` joins the two into ``evaluation_truth_comparison`` (one
row per estimate, with ``true_effect`` and ``holds_truth``) and counts, per method, how many
intervals hold the truth: the matched estimate should, about 95 times in 100; the naive one,
biased by who is referred, often does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow.csv as pacsv

from atr.errors import InputFileError
from atr.warehouse import Warehouse

EFFECTS_FILE = "programme_effects.csv"


@dataclass(frozen=True)
class ProgrammeTruth:
    """Per method: intervals compared, intervals holding the truth, mean absolute error, and
    estimates without an interval (an outcome that never varied among those compared cannot hold
    or miss the truth, so it is counted apart rather than as a miss)."""

    compared: dict[str, int]
    holding: dict[str, int]
    mean_abs_error: dict[str, float]
    without_interval: dict[str, int]

    def describe(self) -> str:
        return "; ".join(
            f"{method}: {self.holding[method]} of {n} intervals hold the true effect "
            f"(mean |error| {self.mean_abs_error[method]:.3f}"
            + (
                f"; {self.without_interval[method]} estimates without an interval"
                if self.without_interval.get(method)
                else ""
            )
            + ")"
            for method, n in sorted(self.compared.items())
        )


def compare_programme_effects(wh: Warehouse, truth_dir: Path) -> ProgrammeTruth:
    """Write ``evaluation_truth_comparison``; the counts per method."""
    folder = truth_dir / "truth" if (truth_dir / "truth" / EFFECTS_FILE).is_file() else truth_dir
    path = folder / EFFECTS_FILE
    if not path.is_file():
        raise InputFileError(path, "no programme truth (made by `atr synth` since issue 18)")
    wh.write_arrow("truth__programme_effects", pacsv.read_csv(path))
    wh.execute(
        """
        CREATE OR REPLACE TABLE evaluation_truth_comparison AS
        SELECT e.programme_code, e.outcome, e.window_months, e.method, e.estimate, e.lower_95,
               e.upper_95, CAST(t.true_effect AS DOUBLE) AS true_effect,
               t.true_effect BETWEEN e.lower_95 AND e.upper_95 AS holds_truth
        FROM evaluation_effect e
        JOIN truth__programme_effects t ON t.programme_code = e.programme_code
         AND t.outcome = e.outcome AND CAST(t.window_months AS INTEGER) = e.window_months
        WHERE e.estimate IS NOT NULL
        """
    )
    wh.execute("DROP TABLE truth__programme_effects")
    rows = wh.rows(
        "SELECT method, count(lower_95) AS n, count(*) FILTER (WHERE holds_truth) AS holding, "
        "count(*) - count(lower_95) AS no_interval, avg(abs(estimate - true_effect)) AS error "
        "FROM evaluation_truth_comparison GROUP BY method"
    )
    return ProgrammeTruth(
        compared={str(r["method"]): int(r["n"]) for r in rows},
        without_interval={str(r["method"]): int(r["no_interval"]) for r in rows},
        holding={str(r["method"]): int(r["holding"]) for r in rows},
        mean_abs_error={str(r["method"]): float(r["error"] or 0.0) for r in rows},
    )
