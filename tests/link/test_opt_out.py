"""The project's opt-out list: records of covered datasets for listed NHS numbers are never linked."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from atr.errors import ConfigError, InputFileError
from atr.identity import IdentityStore, OptOutSettings
from atr.ingest.optout import OptOut, load_opt_out, read_nhs_numbers
from atr.link.run import run_link
from atr.project import load_project
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import open_warehouse

from .conftest import FAST
from .population import _hash, make_people, record_everyone
from .records import write_to_warehouse

KEY = PseudonymisationKey(b"opt-out-test-key-0123456789abcdef-0123456789", "file")


def test_the_list_is_read_cleaned_and_checked(tmp_path: Path) -> None:
    listed = tmp_path / "opt_out.txt"
    listed.write_text("# national data opt-out, 2025-03\n943 476 5919\n\n9434765870  # a comment\n")
    assert read_nhs_numbers(listed) == ["9434765919", "9434765870"]
    listed.write_text("9434765919\n9434765918\n")
    with pytest.raises(InputFileError, match=r"opt_out.txt, row 2: not a valid NHS number"):
        read_nhs_numbers(listed)
    with pytest.raises(InputFileError, match="opt-out list not found"):
        read_nhs_numbers(tmp_path / "missing.txt")


def test_the_settings_name_known_datasets_and_hash_with_the_key(tmp_path: Path) -> None:
    listed = tmp_path / "opt_out.txt"
    listed.write_text("9434765919\n")
    assert load_opt_out(OptOutSettings(), KEY) is None
    with pytest.raises(ConfigError, match="unknown dataset"):
        load_opt_out(OptOutSettings(nhs_numbers_file=listed, datasets=["gp"]), KEY)
    with pytest.raises(ConfigError, match="exclude nothing"):
        load_opt_out(OptOutSettings(nhs_numbers_file=listed), KEY)
    opt_out = load_opt_out(OptOutSettings(nhs_numbers_file=listed, datasets=["gp_registration"]), KEY)
    assert opt_out is not None and opt_out.hashes.to_pylist() == [KEY.identifier("nhs", "9434765919")]
    (tmp_path / "atr.toml").write_text(
        '[opt_out]\nnhs_numbers_file = "opt_out.txt"\ndatasets = ["gp_registration", "mental_health"]\n'
    )
    config = load_project(tmp_path / "atr.toml")
    assert config.opt_out.nhs_numbers_file == listed.resolve()


def test_opted_out_records_of_covered_datasets_are_left_out_of_linkage(tmp_path: Path) -> None:
    pop = record_everyone(make_people(30, seed=5), seed=6)
    gp = [
        r
        for r in pop.identity_rows
        if r["dataset"] == "gp_registration" and r["nhs_number_status"] == "valid"
    ]
    chosen = [p for p in pop.people if _hash("nhs", p.nhs) in {r["nhs_number_hash"] for r in gp[:3]}]
    hashes = {_hash("nhs", p.nhs) for p in chosen}
    opted = {r["person_id"] for r in pop.identity_rows if r["nhs_number_hash"] in hashes}
    other_records = [
        r for r in pop.identity_rows if r["nhs_number_hash"] in hashes and r["dataset"] != "gp_registration"
    ]
    opt_out = OptOut(pa.array(sorted(hashes)), pa.array(["gp_registration"]), listed=len(hashes))
    store = IdentityStore.beside(tmp_path / "atr.duckdb", KEY)
    with open_warehouse(tmp_path / "atr.duckdb") as wh:
        write_to_warehouse(wh, pop, store=store)
        outputs = run_link(wh, FAST, tmp_path / "link", identities=store, opt_out=opt_out)
        linked = {
            (r["dataset"], r["person_id"])
            for r in wh.rows("SELECT dataset, person_id FROM entity_membership")
        }
    assert not {("gp_registration", pid) for pid in opted} & linked
    assert {(r["dataset"], r["person_id"]) for r in other_records} <= linked  # not covered: still linked
    assert len(linked) == len(pop.identity_rows) - 3
    assert outputs.report["opt_out"] == {
        "listed_nhs_numbers": 3,
        "covered_datasets": ["gp_registration"],
        "records_excluded": 3,
        "records_excluded_by_dataset": {"gp_registration": 3},
    }
