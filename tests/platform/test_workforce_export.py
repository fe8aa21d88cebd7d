"""The workforce part of the export: aggregates only, small wellbeing rounds withheld, ingested whole."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from atr.ingest.runner import run_ingest
from atr.platform.network.demo import AS_OF
from atr.platform.network.export import build_export, export_network
from atr.platform.workforce.assessment import save_answers, start_round
from atr.platform.workforce.item_bank import load_bank
from atr.platform.workforce.upload import save_completions
from atr.platform.workforce.wellbeing import create_round, respond
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse.duckdb_engine import DuckDBWarehouse

KEY = PseudonymisationKey(b"test-key-for-workforce-export-tests-0123456789", "file")


def _workforce(accounts: Any) -> None:
    org = accounts.led_organisation
    org.headcount = 20
    org.save()
    rows = "".join(f"ORG{org.pk},S{n},Support worker,,ti-intro,2025-0{1 + n % 9}-15\r\n" for n in range(12))
    save_completions(
        org,
        "lms.csv",
        ("organisation,staff_ref,role,team,course,completion_date\r\n" + rows).encode(),
        None,
        AS_OF,
    )
    round_ = start_round(org, date(2025, 6, 1))
    save_answers(
        round_,
        {i.id: (3, "") for _, i in load_bank().items()},
        submit=True,
        user=None,
        today=date(2025, 6, 2),
    )
    opens = AS_OF - timedelta(days=20)
    for title, n in (("Big", 12), ("Small", 9)):
        _survey, tokens = create_round(org, title, opens, opens + timedelta(days=7), n)
        for token in tokens:
            respond(token, dict.fromkeys(range(1, 31), 4), opens)


def test_the_workforce_tables_hold_aggregates_and_withhold_small_rounds(accounts: Any) -> None:
    _workforce(accounts)
    rows = build_export(AS_OF)
    org = f"ORG{accounts.led_organisation.pk}"
    latest = max(
        (r for r in rows.training_coverage if r.organisation_id == org), key=lambda r: r.snapshot_date
    )
    assert (latest.snapshot_date, latest.workforce, latest.trained) == (AS_OF, 20, 12)
    safety = next(r for r in rows.self_assessments if r.section == "safety")
    assert (safety.organisation_id, safety.items_answered, safety.score_sum) == (org, 3, 9)
    assert [w.responses for w in rows.wellbeing] == [12]  # the round of 9 is not exported
    big = rows.wellbeing[0]
    # All 4s: compassion satisfaction 40 each; burnout 5 reversed (2) + 5 forward (4) = 30.
    assert (big.compassion_satisfaction_sum, big.compassion_satisfaction_sumsq) == (480, 12 * 1600)
    assert (big.burnout_sum, big.compassion_satisfaction_high, big.secondary_traumatic_stress_high) == (
        360,
        0,
        0,
    )


def test_the_workforce_tables_are_ingested_with_every_row_accepted(accounts: Any, tmp_path: Path) -> None:
    _workforce(accounts)
    export_network(tmp_path / "extract", snapshot=AS_OF)
    warehouse = DuckDBWarehouse(str(tmp_path / "atr.duckdb"))
    try:
        report = run_ingest(warehouse, tmp_path / "extract", KEY)
        tables = {t.table: t for t in report.tables if t.dataset == "network"}
        for name in ("training_coverage", "self_assessment", "wellbeing"):
            assert tables[name].status == "accepted" and tables[name].rows_quarantined == 0, tables[name]
        assert warehouse.scalar("SELECT sum(responses) FROM network_wellbeing") == 12
        assert warehouse.scalar("SELECT count(*) FROM network_self_assessment") == 11
    finally:
        warehouse.close()
