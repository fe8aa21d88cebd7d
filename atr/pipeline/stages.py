"""The stages of a run, each as a fingerprint (what its inputs are) and an action.

Each action calls the stage's own Python API, the same one its command uses, so `atr run` and
the stage commands cannot drift apart. A stage's fingerprint includes its upstream stage's, so
a change to an extract re-runs link, derive, indicators and publish, and nothing re-runs when
nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from atr.context import ProjectContext
from atr.errors import InputFileError
from atr.pipeline.fingerprint import digest, files_fingerprint, manifests_fingerprint
from atr.project import ProjectConfig
from atr.pseudonymise import PseudonymisationKey
from atr.reference import ReferenceSource, resolve_reference_source

if TYPE_CHECKING:
    from atr.warehouse import Warehouse

STAGE_ORDER: tuple[str, ...] = (
    "reference",
    "ingest",
    "link",
    "derive",
    "evaluate",
    "indicators",
    "provision",
    "publish",
)


@dataclass
class RunContext:
    """What every stage of one run shares: the project (loaded once), its key, its reference data."""

    project: ProjectContext
    key: PseudonymisationKey
    reference: ReferenceSource
    truth_dir: Path | None = None

    @property
    def config(self) -> ProjectConfig:
        return self.project.config

    @property
    def work_dir(self) -> Path:
        """Reports and exports beside the warehouse."""
        return self.config.warehouse.parent

    @property
    def published_dir(self) -> Path:
        return self.work_dir / "published"


@dataclass(frozen=True)
class Stage:
    name: str
    fingerprint: Callable[[RunContext], Any]
    action: Callable[[Warehouse, RunContext], dict[str, Any]]
    inputs: Callable[[RunContext], str]
    outputs_present: Callable[[RunContext], bool] = lambda _ctx: True
    """A stage whose outputs outside the warehouse were removed re-runs even if up to date."""


def _reference_fp(ctx: RunContext) -> Any:
    paths = [] if ctx.reference.is_synthetic else [ctx.reference.path]
    if ctx.config.postcode_directory is not None and ctx.config.postcode_directory.exists():
        paths.append(ctx.config.postcode_directory)
    return [ctx.reference.kind, str(ctx.reference.path), files_fingerprint(paths)]


def _run_reference(wh: Warehouse, ctx: RunContext) -> dict[str, Any]:
    from atr.reference import load_reference

    summary = load_reference(wh, ctx.reference, ctx.config.postcode_directory)
    return {
        "source": ctx.reference.describe(),
        "synthetic_geography": ctx.reference.is_synthetic,
        "lsoas": summary.lsoa_count,
        "districts": len(summary.districts),
        "postcodes": summary.postcode_count,
    }


def _ingest_fp(ctx: RunContext) -> Any:
    from atr.ingest import key_fingerprint

    # The data files too (size and modification time), not only the manifests: an edited file
    # whose manifest was left alone must be re-checked, and rejected (issue 14).
    return [
        manifests_fingerprint(ctx.config.extracts),
        files_fingerprint(ctx.config.extracts),
        key_fingerprint(ctx.key),
        *_settings(ctx.config.ingest),
    ]


def _run_ingest(wh: Warehouse, ctx: RunContext) -> dict[str, Any]:
    from atr.ingest import LoadPolicy, run_ingest, write_reports

    read = accepted = quarantined = warnings = rejected = held = 0
    policy = LoadPolicy(max_quarantine_share=ctx.config.ingest.max_quarantine_share)
    for extract in ctx.config.extracts:
        report = run_ingest(
            wh,
            extract,
            ctx.key,
            datasets=ctx.config.ingest.datasets,
            warehouse_label=str(ctx.config.warehouse),
            policy=policy,
        )
        write_reports(report, ctx.config.warehouse)
        for t in report.tables:
            read += t.rows_read
            accepted += t.rows_accepted if t.status == "accepted" else 0
            quarantined += t.rows_quarantined
            warnings += t.warnings
            rejected += t.status == "rejected"
        held += sum(not b.loaded for b in report.batches)
    return {
        "rows_read": read,
        "rows_accepted": accepted,
        "rows_quarantined": quarantined,
        "warnings": warnings,
        "files_rejected": rejected,
        "batches_held_back": held,
    }


def _run_link(wh: Warehouse, ctx: RunContext) -> dict[str, Any]:
    from atr.identity import IdentityStore
    from atr.ingest import load_opt_out
    from atr.link import require_identity_store, run_link
    from atr.truth import link_judge

    judge = link_judge(ctx.truth_dir, ctx.key, sweep=False) if ctx.truth_dir is not None else None
    identities = IdentityStore.beside(ctx.config.warehouse, ctx.key)
    require_identity_store(wh, identities.path)
    opt_out = load_opt_out(ctx.config.opt_out, ctx.key)
    outputs = run_link(
        wh, ctx.config.link, ctx.work_dir / "link", judge=judge, identities=identities, opt_out=opt_out
    )
    people = wh.count("entity")
    households = int(wh.scalar("SELECT count(*) FROM household_link"))
    summary: dict[str, Any] = {"people": people, "household_links": households}
    if opt_out is not None:
        summary["opted_out_records"] = opt_out.summary()["records_excluded"]
    people_truth = (outputs.report.get("truth") or {}).get("people") or {}
    for key in ("pairwise_precision", "pairwise_recall"):
        if people_truth.get(key) is not None:
            summary[key] = people_truth[key]
    return summary


def _run_derive(wh: Warehouse, ctx: RunContext) -> dict[str, Any]:
    from atr.derive import run_derive

    result = run_derive(wh, ctx.config.derive, ctx.config.link, ctx.config.periods)
    summary: dict[str, Any] = {
        "adversity_events": result.events,
        "child_years": result.child_years,
        "adult_years": result.adult_years,
        "network_member_years": result.network_rows.get("network_member_year", 0),
        "notes": len(result.notes),
    }
    if ctx.truth_dir is not None:  # synthetic data: is the hidden number inside the interval?
        from atr.truth import compare_with_truth

        try:
            report = compare_with_truth(wh, ctx.truth_dir, ctx.key)
        except InputFileError as exc:  # a truth folder from an older `atr synth`: derive still stands
            summary["truth_comparison"] = f"skipped ({exc})"
            return summary
        years = [r for r in report.multiple_disadvantage if r.get("crc_estimate") is not None]
        inside = sum(r["crc_lower"] <= r["true_two_plus"] <= r["crc_upper"] for r in years)
        summary["capture_recapture_contains_truth"] = f"{inside} of {len(years)} years"
    return summary


def _run_evaluate(wh: Warehouse, ctx: RunContext) -> dict[str, Any]:
    from atr.evaluate import run_evaluate

    result = run_evaluate(wh, ctx.config.evaluate, ctx.config.disclosure)
    summary: dict[str, Any] = {
        "participants": result.participants,
        "people_supported": result.people_supported,
        "frame_rows": result.frame_rows,
        "effects": result.effects,
        "school_its_rows": result.its_rows,
        **{f"input_{name}": rows for name, rows in result.checks.items() if rows},
    }
    if ctx.truth_dir is not None and result.effects:  # synthetic: do the intervals hold the truth?
        from atr.truth import compare_programme_effects

        try:
            summary["effects_against_truth"] = compare_programme_effects(wh, ctx.truth_dir).describe()
        except InputFileError as exc:  # a truth folder from before issue 18
            summary["effects_against_truth"] = f"skipped ({exc})"
    return summary


def _evaluate_fp(ctx: RunContext) -> Any:
    """The settings and the programme and cohort files they name."""
    named = [p for p in (ctx.config.evaluate.programmes, ctx.config.evaluate.cohorts) if p is not None]
    return [
        *_settings(ctx.config.evaluate, ctx.config.disclosure),
        files_fingerprint([p for p in named if p.exists()]),
    ]


def _run_indicators(wh: Warehouse, ctx: RunContext) -> dict[str, Any]:
    from atr.indicators import load_catalogue, run_indicators

    run = run_indicators(
        wh,
        ctx.published_dir,
        catalogue=load_catalogue(ctx.config.catalogue),
        settings=ctx.config.disclosure,
        periods=ctx.config.periods,
    )
    return {"indicators": run.indicators, "values": run.rows, "suppressed": run.suppressed}


def _provision_fp(ctx: RunContext) -> Any:
    """The settings, the need kinds file and, for a folder feed, its page files (a live feed is
    read again only when something upstream changed, or with ``atr run --from provision``)."""
    from atr.provision import is_live_feed

    settings = ctx.config.provision
    folder = settings.directory
    files = [] if folder is None or is_live_feed(folder) else [Path(folder)]
    kinds = [settings.need_kinds] if settings.need_kinds is not None else []
    return [
        *_settings(settings, ctx.config.disclosure),
        files_fingerprint([p for p in files + kinds if p.exists()]),
    ]


def _run_provision(wh: Warehouse, ctx: RunContext) -> dict[str, Any]:
    from atr.provision import run_provision

    return run_provision(wh, ctx.config.provision, ctx.config.disclosure).summary()


def _run_publish(wh: Warehouse, ctx: RunContext) -> dict[str, Any]:
    from atr.governance import write_governance
    from atr.publish import WarehouseSource, load_published, write_site

    # The governance records describe the project as run; publish links them from the methods page.
    records = write_governance(ctx.config, ctx.work_dir / "governance", wh)
    result = write_site(
        load_published(WarehouseSource(wh)),
        ctx.config.output_dir,
        name=ctx.config.name,
        narrative_dir=ctx.config.narrative_dir,
    )
    return {
        "pages": result.pages,
        "charts": result.charts,
        "site": str(ctx.config.output_dir),
        "governance_records": len([p for p in records if p.suffix == ".md" and p.stem != "index"]),
    }


def _settings(*models: Any) -> list[Any]:
    return [m.model_dump(mode="json") for m in models]


STAGES: tuple[Stage, ...] = (
    Stage("reference", _reference_fp, _run_reference, lambda c: str(c.reference.path)),
    Stage("ingest", _ingest_fp, _run_ingest, lambda c: ", ".join(map(str, c.config.extracts))),
    Stage(
        "link",
        lambda c: [*_settings(c.config.link, c.config.opt_out), _opt_out_fp(c), str(c.truth_dir)],
        _run_link,
        lambda c: "identity store",
    ),
    Stage(
        "derive",
        lambda c: [*_settings(c.config.derive, c.config.link), c.config.periods],
        _run_derive,
        lambda c: "entity, household_link, content tables",
    ),
    Stage(
        "evaluate",
        _evaluate_fp,
        _run_evaluate,
        lambda c: "programme_participation, entity, child_year, outcome content tables",
    ),
    Stage(
        "indicators",
        lambda c: [*_settings(c.config.disclosure), c.config.periods, _catalogue_fp(c)],
        _run_indicators,
        lambda c: "child_year, adult_year, modelled prevalence",
    ),
    Stage("provision", _provision_fp, _run_provision, lambda c: str(c.config.provision.directory)),
    Stage(
        "publish",
        lambda c: [
            str(c.config.output_dir),
            c.config.name,
            *_settings(c.config.governance, c.config.opt_out),
        ],
        _run_publish,
        lambda c: "indicator_value, indicator_meta",
        lambda c: (c.config.output_dir / "index.html").is_file(),
    ),
)


def _opt_out_fp(ctx: RunContext) -> Any:
    """A changed opt-out list re-runs linkage (and everything after it)."""
    listed = ctx.config.opt_out.nhs_numbers_file
    return files_fingerprint([listed] if listed is not None and listed.exists() else [])


def _catalogue_fp(ctx: RunContext) -> Any:
    from atr.indicators import catalogue_dir

    folder = ctx.config.catalogue or catalogue_dir()
    return [str(folder), files_fingerprint([folder])]


def chained_fingerprints(ctx: RunContext) -> dict[str, str]:
    """Each stage's fingerprint, chained through the stages before it."""
    chained: dict[str, str] = {}
    upstream = ""
    for stage in STAGES:
        upstream = digest(upstream, stage.name, stage.fingerprint(ctx))
        chained[stage.name] = upstream
    return chained


def reference_source_for(config: ProjectConfig) -> ReferenceSource:
    return resolve_reference_source(config.reference_dir)
