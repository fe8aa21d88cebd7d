"""Benchmark the whole-school comparison (``evaluation_its``) against the synthetic world's truth.

For each seed, the synthetic world is simulated at scale 0.1 with its programmes; the school
tables are taken twice, before the programmes' effects are applied (the counterfactual: what
the schools' records would have held without them) and after (what happened). Each is written
into a DuckDB warehouse as the content tables ingest would give (``school_enrolment``,
``school_attendance``, ``school_exclusion``; partner = the district's LA code), with the
participation rows, and the stage's own SQL and fit run on it (``atr.evaluate.school_panel``,
``atr.evaluate.school_its``): the pipeline's ingest and linkage are skipped, as a school's series
needs neither (pupils are keyed by their school record; the school by its URN).

The truth the generator implies, on the ITS's own scale: for each matched TISCH school and term
from its start, (actual − counterfactual) of the school's figure; averaged over the schools per
term relative to the start (0 to 5), and projected on a line (least squares over the six terms):
its value at the start is the true level change and its slope the true slope change, which is
what the segmented regression's ``b6`` and ``b7`` estimate when the comparison schools stand for
the programme schools' path without the programme.

Usage: ``python benchmarks/bench_school_its.py [SEEDS] [SCALE]`` (default 5 seeds, scale 0.1).
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from atr.evaluate import load_programmes  # noqa: E402
from atr.evaluate.school_its import POST_TERMS, its_rows, outcome_series, start_period  # noqa: E402
from atr.evaluate.school_panel import build_school_panel  # noqa: E402
from atr.reference import read_geography, resolve_reference_source  # noqa: E402
from atr.synthetic.demography import EPOCH  # noqa: E402
from atr.synthetic.partners import LA_CODES  # noqa: E402
from atr.synthetic.places import Geography  # noqa: E402
from atr.synthetic.programme import apply_effects, assign_participation  # noqa: E402
from atr.synthetic.schooling import AY_LABELS  # noqa: E402
from atr.synthetic.world import World, simulate  # noqa: E402
from atr.warehouse import DuckDBWarehouse  # noqa: E402

OUTCOMES = ("absence_rate", "persistent_absence", "suspension", "exclusion")


def _dates(days: pd.Series) -> list[date | None]:
    return [None if d < 0 else EPOCH + timedelta(days=int(d)) for d in days.to_numpy()]


def _panel(world: World, school: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The school-term panel the stage builds from these school tables."""
    enrol, att, excl = school["enrolment"], school["attendance"], school["exclusion"]
    partner = np.array(LA_CODES)

    def keys(frame: pd.DataFrame) -> dict[str, object]:
        return {
            "dataset": "school",
            "partner_code": partner[frame["district"].to_numpy()],
            "person_id": frame["person"].astype(str).to_numpy(),
        }

    wh = DuckDBWarehouse(":memory:")
    tables = {
        "school_enrolment": pd.DataFrame(
            {
                **keys(enrol),
                "urn": enrol["urn"].astype(str),
                "entry_date": _dates(enrol["entry"]),
                "leaving_date": _dates(enrol["leaving"]),
            }
        ),
        "school_attendance": pd.DataFrame(
            {
                **keys(att),
                "academic_year": np.array(AY_LABELS)[att["ay"].to_numpy()],
                "term": att["term"],
                "sessions_possible": att["possible"],
                "sessions_authorised_absence": att["authorised"],
                "sessions_unauthorised_absence": att["unauthorised"],
            }
        ),
        "school_exclusion": pd.DataFrame(
            {
                **keys(excl),
                "record_id": np.arange(len(excl)).astype(str),
                "category": excl["category"],
                "start_date": _dates(excl["start"]),
            }
        ),
    }
    for name, frame in tables.items():
        wh.write_arrow(name, pa.Table.from_pandas(frame, preserve_index=False))
    build_school_panel(wh)
    panel = wh.query("SELECT * FROM evaluate__school_term ORDER BY urn, period").to_pandas()
    wh.close()
    return outcome_series(panel)


def one_seed(geo: Geography, seed: int, scale: float) -> pd.DataFrame:
    started = time.perf_counter()
    world = simulate(geo, seed, scale)
    part = assign_participation(world)
    before = {k: v.copy() for k, v in world.school.items()}
    apply_effects(world, part)
    actual, counterfactual = _panel(world, world.school), _panel(world, before)
    tisch = next(p for p in load_programmes() if p.code == "TISCH")
    schools = part[part["programme"] == "TISCH"].groupby("provider")["start"].min()
    starts = pd.DataFrame({"urn": schools.index.astype(str), "start_date": _dates(schools)})
    starts = starts[starts["urn"].isin(actual["urn"])]
    starts = starts.assign(start_period=[start_period(d) for d in starts["start_date"]])
    rows, unmatched = its_rows(actual, starts, tisch)
    matched = starts[starts["urn"].isin(_matched_schools(actual, starts))]
    truth = _truth(actual, counterfactual, matched)
    rows["truth"] = [truth[(o, t)] for o, t in zip(rows["outcome"], rows["term"], strict=True)]
    return rows.assign(
        seed=seed, unmatched=unmatched, programme_schools=len(starts), seconds=time.perf_counter() - started
    )


def _matched_schools(panel: pd.DataFrame, starts: pd.DataFrame) -> set[str]:
    from atr.evaluate.school_its import match_schools

    pairs, _ = match_schools(panel, starts)
    return set(pairs["participant"])


def _truth(
    actual: pd.DataFrame, counterfactual: pd.DataFrame, starts: pd.DataFrame
) -> dict[tuple[str, str], float]:
    both = actual.merge(counterfactual, on=["urn", "period"], suffixes=("", "_cf")).merge(starts, on="urn")
    both["t"] = both["period"] - both["start_period"]
    post = both[(both["t"] >= 0) & (both["t"] < POST_TERMS)]
    out = {}
    for outcome in OUTCOMES:
        path = (post[outcome] - post[f"{outcome}_cf"]).groupby(post["t"]).mean()
        slope, level = np.polyfit(path.index.to_numpy("float64"), path.to_numpy(), 1)
        out[(outcome, "level_change")], out[(outcome, "slope_change")] = float(level), float(slope)
    return out


def main() -> None:
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    scale = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
    geo = Geography.from_table(read_geography(resolve_reference_source(None)))
    results = pd.concat([one_seed(geo, seed, scale) for seed in range(seeds)], ignore_index=True)
    holds = (results["lower_95"] <= results["truth"]) & (results["truth"] <= results["upper_95"])
    found = (results["upper_95"] < 0) | (results["lower_95"] > 0)
    results = results.assign(holds=holds, found=found)
    print("## Whole-school comparison (`bench_school_its.py`)\n")
    print(
        f"TISCH in the synthetic world, scale {scale}, {seeds} seeds: the stage's school panel SQL and "
        "comparative ITS on the records after the programmes ran; the truth is the generator's "
        "(actual − counterfactual) school figure over the six terms from the start, as a line.\n"
    )
    cells = results.groupby(["outcome", "term"])["holds"].mean()
    verdict = "met" if (cells >= 0.9).all() else f"not met (lowest {cells.min():.0%})"
    print(
        "Target: for TISCH, each school outcome's level and slope change, the 95% interval holds the "
        f"generator's truth in at least 90% of seeds — {verdict}.\n"
    )
    print("| outcome | term | true (mean) | estimate (mean) | 95% CI holds the truth | found non-zero |")
    print("|---|---|---:|---:|---:|---:|")
    for (outcome, term), g in results.groupby(["outcome", "term"], sort=False):
        print(
            f"| {outcome} | {term} | {g['truth'].mean():+.3f} | {g['estimate'].mean():+.3f} | "
            f"{int(g['holds'].sum())}/{len(g)} | {int(g['found'].sum())}/{len(g)} |"
        )
    first = results.drop_duplicates("seed")
    print(
        f"\n- programme schools per seed {first['programme_schools'].min()}-{first['programme_schools'].max()}, "
        f"matched {first['n_schools'].min()}-{first['n_schools'].max()} against "
        f"{first['n_comparison_schools'].min()}-{first['n_comparison_schools'].max()} comparison schools; "
        f"{first['seconds'].mean():.0f} s per seed (simulation included)."
    )


if __name__ == "__main__":
    main()
