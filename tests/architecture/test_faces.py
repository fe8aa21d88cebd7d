"""Each stage's face: what other packages, the commands and ``atr.api`` may import from it.

Callers import a stage's face only (``tests/architecture/test_imports.py`` checks that); this
pins each face, so a change to one is a deliberate change to this list. Every name must resolve,
and importing the faces must not load the heavy libraries their entry points use, so the
project file, ``atr --help`` and a web process stay quick.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

FACES: dict[str, set[str]] = {
    "atr.reference": {
        "AREA_NOT_KNOWN_CODE",
        "AREA_NOT_KNOWN_NAME",
        "DFE_LA_CODES",
        "DISTRICTS",
        "POSTCODE_FILE",
        "REGION_CODE",
        "REGION_NAME",
        "DownloadResult",
        "ReferenceSource",
        "ReferenceSummary",
        "download_reference",
        "load_reference",
        "read_geography",
        "resolve_reference_source",
        "summarise_reference",
    },
    "atr.synthetic": {
        "HOMELESS_RECORDED",
        "CheckRow",
        "GenerationSummary",
        "format_value",
        "generate",
        "parse_datasets",
        "run_check",
        "summarise",
        "write_synthetic_network",
        "GAP_KINDS",
        "Area",
        "PlantedGap",
        "areas_from_reference",
        "planted_gaps",
        "synthetic_services",
        "write_oruk_pages",
    },
    "atr.ingest": {
        "CONTRACT_VERSION",
        "Column",
        "Contract",
        "OptOut",
        "load_contract",
        "load_opt_out",
        "IngestResult",
        "IngestSettings",
        "LoadPolicy",
        "key_fingerprint",
        "print_summary",
        "report_paths",
        "run_ingest",
        "write_reports",
    },
    "atr.link": {
        "LinkJudge",
        "LinkOutputs",
        "LinkSettings",
        "LinkedRecords",
        "report_dir_for",
        "require_identity_store",
        "run_link",
    },
    "atr.governance": {
        "GOVERNANCE_TABLE",
        "GovernanceDocument",
        "GovernanceSettings",
        "all_documents",
        "write_governance",
    },
    "atr.identity": {
        "IDENTITY_TABLE",
        "PURGED_TABLE",
        "STORE_SUFFIX",
        "IdentityStore",
        "OptOutSettings",
        "PurgePlan",
        "RowFilter",
        "StagedStore",
        "apply_purge",
        "batch_keys",
        "identity_store_path",
        "plan_purge",
        "rows_of_batches",
    },
    "atr.derive": {
        "ADULT_DOMAINS",
        "CATEGORY_NAMES",
        "DeriveResult",
        "DeriveSettings",
        "headline_rows",
        "run_derive",
    },
    "atr.evaluate": {
        "FRAME_COLUMNS",
        "Cohort",
        "EvaluateResult",
        "EvaluateSettings",
        "Programme",
        "balance_plot_spec",
        "load_cohorts",
        "load_programmes",
        "run_evaluate",
    },
    "atr.indicators": {
        "DEFAULT_SII_REPETITIONS",
        "NATIONAL_EQUIVALENTS",
        "NOT_YET_IN_TABLE",
        "YORKSHIRE_AND_THE_HUMBER",
        "DisclosureSettings",
        "IndicatorRun",
        "catalogue_dir",
        "load_catalogue",
        "run_indicators",
    },
    "atr.publish": {
        "FolderSource",
        "PublishedData",
        "ReportSummary",
        "SiteSummary",
        "WarehouseSource",
        "check_report_target",
        "check_site_target",
        "load_published",
        "write_report",
        "write_site",
    },
    "atr.provision": {
        "PROVISION_TABLES",
        "AllocationSettings",
        "ProvisionResult",
        "ProvisionSettings",
        "is_live_feed",
        "run_provision",
    },
    "atr.pipeline": {
        "DEMO_SCALE",
        "STAGE_ORDER",
        "RunSummary",
        "StageOutcome",
        "print_run_summary",
        "run_config",
        "run_context",
        "run_demo",
        "run_project",
        "synthetic_project",
    },
    "atr.truth": {
        "PerfectLinkage",
        "ProgrammeTruth",
        "TruthReport",
        "check_key",
        "compare_programme_effects",
        "compare_with_truth",
        "link_judge",
        "print_truth_report",
        "truth_folder",
        "write_perfect_linkage",
    },
    "atr.platform": {
        "TRAINING_UPTAKE",
        "ASSESSMENT_SECTIONS",
        "EventReachRow",
        "EventRow",
        "MemberCountRow",
        "NetworkExport",
        "OrganisationRow",
        "PledgeRow",
        "PledgeType",
        "PledgerKind",
        "SERVICE_KINDS",
        "ServiceKind",
        "TAXONOMY_ID",
        "TAXONOMY_NAME",
        "WebSettings",
        "SelfAssessmentRow",
        "TrainingCoverageRow",
        "WellbeingRow",
        "write_network_extract",
    },
    "atr.evaluate.methods": {
        "BALANCE_COLUMNS",
        "DEFAULT_CALIPER_SD",
        "EFFECT_COLUMNS",
        "LINEAR",
        "MAHALANOBIS",
        "MATCHED_DID",
        "NAIVE",
        "NO_STRATUM_MATCH",
        "OUTSIDE_CALIPER",
        "PROPENSITY",
        "QUADRATIC",
        "SENSITIVITY_COLUMNS",
        "SMD_THRESHOLD",
        "SPECIFICATIONS",
        "BalancedMatch",
        "EValues",
        "Effect",
        "ITSResult",
        "MatchResult",
        "ProgrammeEvaluation",
        "Specification",
        "balance_plot_spec",
        "balance_table",
        "comparative_its",
        "difference_in_differences",
        "e_value",
        "e_value_for_interval",
        "e_values_for_risk_difference",
        "effect_rows",
        "evaluate_programme",
        "match_on_propensity",
        "match_until_balanced",
        "matched_panel",
        "outcome_column",
        "post_difference",
        "propensity_logit",
        "risk_ratio_from_difference",
        "standardised_mean_difference",
        "worst_imbalance",
    },
    "atr.warehouse": {
        "BUSY_EXIT_CODE",
        "WarehouseBusy",
        "acquire_lock",
        "busy_error",
        "release_lock",
        "warehouse_lock",
        "META_TABLE",
        "Dialect",
        "DuckDBWarehouse",
        "Warehouse",
        "open_warehouse",
        "quote_ident",
        "sql_literal",
    },
}
"""Each stage's entry point, settings and result type, and the few constants others need."""

HEAVY = ("splink", "statsmodels", "pandas", "scipy", "sklearn", "plotly", "weasyprint", "pyspark", "django")


@pytest.mark.parametrize("package", sorted(FACES))
def test_each_face_exports_exactly_its_names(package: str) -> None:
    module = importlib.import_module(package)
    assert set(module.__all__) == FACES[package]
    assert len(module.__all__) == len(set(module.__all__))


@pytest.mark.parametrize("package", sorted(FACES))
def test_every_name_of_a_face_resolves(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:
        assert getattr(module, name) is not None, f"{package}.{name}"
    with pytest.raises(AttributeError, match="no attribute"):
        module.not_a_face_name  # noqa: B018


def test_entry_points_settings_and_results_are_the_named_ones() -> None:
    from atr.ingest import IngestResult, IngestSettings, run_ingest
    from atr.ingest.report import IngestReport

    assert IngestResult is IngestReport and callable(run_ingest)
    assert set(IngestSettings.model_fields) == {"datasets", "max_quarantine_share"}
    from atr.derive import ADULT_DOMAINS, CATEGORY_NAMES

    assert "homelessness" in ADULT_DOMAINS and "neglect" in CATEGORY_NAMES


def test_importing_the_faces_loads_no_heavy_library() -> None:
    code = (
        "import sys, atr.cli, atr.api, atr.project, "
        + ", ".join(FACES)
        + f"; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == ""
