"""The deliberate noise is present, at about the documented rates, and nowhere systematic."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from .conftest import read_csv, truth


def _rows(synth_dir: Path, dataset: str) -> list[tuple[dict[str, str], dict[str, Any]]]:
    people = {r["true_person_id"]: r for r in truth(synth_dir, "person")}
    keyed = {
        (r["dataset"], r["partner_code"], r["person_id"]): r["true_person_id"]
        for r in truth(synth_dir, "person_record")
    }
    out = []
    for folder in sorted((synth_dir / "extract" / dataset).iterdir()):
        for row in read_csv(folder / "person.csv"):
            out.append((row, people[keyed[(dataset, folder.name, row["person_id"])]]))
    return out


def test_police_children_often_have_forename_only(synth_dir: Path) -> None:
    rows = _rows(synth_dir, "police")
    children = [(r, t) for r, t in rows if (date(2025, 3, 31) - t["date_of_birth"]).days < 16 * 365]
    bare = sum(1 for r, _ in children if r["forename"] and not r["surname"] and not r["date_of_birth"])
    assert children and 0.25 < bare / len(children) < 0.55
    assert sum(1 for r, _ in rows if r["nhs_number"]) < 0.06 * len(rows)  # NHS numbers rare in police data


def test_names_carry_typos_nicknames_and_old_surnames(synth_dir: Path) -> None:
    rows = _rows(synth_dir, "police") + _rows(synth_dir, "housing") + _rows(synth_dir, "substance")
    adults = [(r, t) for r, t in rows if r["surname"]]
    changed = sum(1 for r, t in adults if r["forename"] != t["forename"])
    assert 0.02 < changed / len(adults) < 0.2
    surname_mismatch = sum(
        1
        for r, t in adults
        if r["surname"].lower()
        not in {
            str(t["surname"]).lower(),
            str(t["previous_surname"]).lower(),
            str(t["birth_surname"]).lower(),
        }
    )
    assert surname_mismatch / len(adults) < 0.05  # only keying errors, never a random surname


def test_mental_health_has_nhs_numbers_and_nhs_ethnicity(synth_dir: Path) -> None:
    rows = _rows(synth_dir, "mental_health")
    assert sum(1 for r, _ in rows if r["nhs_number"]) > 0.9 * len(rows)
    assert {r["ethnicity_code"] for r, _ in rows} <= set("ABCDEFGHJKLMNPRSZ") | {""}
