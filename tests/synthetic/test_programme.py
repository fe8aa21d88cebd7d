"""Programme participation in the synthetic world: selection, known effects, the truth file."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from atr.evaluate import load_programmes
from atr.reference import read_geography, resolve_reference_source
from atr.synthetic.places import Geography
from atr.synthetic.programme import PROGRAMMES, apply_effects, assign_participation
from atr.synthetic.programme_truth import Snapshot, outcome_events
from atr.synthetic.world import World, simulate

from .conftest import manifest, partner_folders, read_csv


@pytest.fixture(scope="module")
def ran() -> tuple[World, Snapshot, Snapshot]:
    """A small world, its outcome events before the programmes ran and after."""
    geo = Geography.from_table(read_geography(resolve_reference_source(None)))
    w = simulate(geo, 3, 0.01)
    w.participation = assign_participation(w)
    before = outcome_events(w)
    apply_effects(w, w.participation)
    return w, before, outcome_events(w)


@pytest.fixture(scope="module")
def world(ran: tuple[World, Snapshot, Snapshot]) -> World:
    return ran[0]


def effects(root: Path) -> list[dict[str, str]]:
    with (root / "truth" / "programme_effects.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_package_programme_list_describes_the_synthetic_programmes() -> None:
    listed = {p.code: p for p in load_programmes()}
    for prog in PROGRAMMES:
        assert listed[prog.code].ages == prog.ages and listed[prog.code].unit == prog.unit
        assert set(prog.reduction) <= set(listed[prog.code].outcomes)


def test_children_with_more_recorded_adversity_are_likelier_to_take_part(world: World) -> None:
    py = world.py
    prior = py[(py["year"] == 2) & (py["age"] >= 10) & (py["age"] <= 16)]
    individual = world.participation[world.participation["programme"] != "TISCH"]
    took_part = prior["person"].isin(individual["person"]).to_numpy()
    known = prior["cin_open"].to_numpy() | prior["cp_open"].to_numpy() | prior["in_care"].to_numpy()
    assert took_part.sum() > 50
    assert known[took_part].mean() > 2 * known[~took_part].mean()


def test_one_programme_per_person_and_starts_with_a_year_of_records_before(world: World) -> None:
    part = world.participation
    assert not part["person"].duplicated().any()
    assert part["start"].min() >= 18353  # 2020-04-01: the 12 months before are in the records


def test_effects_remove_only_participants_later_events(ran: tuple[World, Snapshot, Snapshot]) -> None:
    world, before, after = ran
    start = world.participation.set_index("person")["start"]
    for outcome in ("suspension", "mh_referral"):
        b, a = before[outcome], after[outcome]
        starts = start.reindex(b["person"].to_numpy()).to_numpy()
        later = ~np.isnan(starts) & (b["day"].to_numpy() >= starts)
        kept = b[~later].sort_values(["person", "day"]).reset_index(drop=True)
        a_starts = start.reindex(a["person"].to_numpy()).to_numpy()
        a_later = ~np.isnan(a_starts) & (a["day"].to_numpy() >= a_starts)
        unchanged = a[~a_later].sort_values(["person", "day"]).reset_index(drop=True)
        assert kept.equals(unchanged), outcome  # nobody else's events, nothing before a start
        assert 0 < a_later.sum() < later.sum(), outcome  # some later events did not happen


def test_the_truth_holds_known_effects_and_a_programme_with_none(synth_dir: Path) -> None:
    rows = effects(synth_dir)
    truth = {
        (r["programme_code"], r["outcome"], int(r["window_months"])): float(r["true_effect"]) for r in rows
    }
    assert len(truth) == 4 * 7 * 3
    assert all(v == 0 for (code, outcome, _w), v in truth.items() if code == "MENTR")
    assert all(
        v == 0 for (_c, outcome, _w), v in truth.items() if outcome in ("care_entry", "csc_rereferral")
    )
    assert truth[("NAVIG", "suspension", 24)] < -0.02
    assert truth[("NAVIG", "persistent_absence", 24)] < -0.02
    assert truth[("THERA", "mh_referral", 24)] < 0
    assert all(int(r["n_participants"]) > 0 for r in rows if r["outcome"] != "persistent_absence")


def test_the_programme_extract_follows_the_contract(synth_dir: Path) -> None:
    folders = [f for f in partner_folders(synth_dir) if f.parent.name == "programme"]
    assert {f.name for f in folders} >= {"380", "383", "TAD", "RXG", "RGD", "1190412"}
    codes: set[str] = set()
    for folder in folders:
        assert manifest(folder)["dataset"] == "programme"
        rows = read_csv(folder / "participation.csv")
        codes |= {r["programme_code"] for r in rows}
        assert all(r["start_date"] >= r["referral_date"] for r in rows)
        assert all(not r["end_date"] or r["end_date"] >= r["start_date"] for r in rows)
    assert codes == {p.code for p in PROGRAMMES}
