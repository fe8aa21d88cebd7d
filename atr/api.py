"""The stages as plain functions, for notebooks and scripts: ``atr.api.ingest(...)`` and so on.

Each function takes the same arguments as its command (``atr ingest`` → ``ingest``, with
``--key-file`` → ``key_file``) and returns the stage's result instead of printing it. Paths
may be strings. Like a command, each call loads the project file once, opens the warehouse
once on the project's engine and closes it at the end. The commands call these functions, so
the two cannot drift apart; ``context`` lets a command keep the warehouse open to print.

Example (see docs/api.md)::

    from atr import api
    api.ingest("build/synth/extract", warehouse="build/atr.duckdb", key_file="secrets/atr.key")
    api.link(warehouse="build/atr.duckdb")
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from atr.context import ProjectContext
from atr.errors import AtrError, UsageError

if TYPE_CHECKING:
    from atr.derive import DeriveResult
    from atr.evaluate import EvaluateResult
    from atr.indicators import IndicatorRun
    from atr.ingest import IngestResult
    from atr.link import LinkOutputs
    from atr.pipeline import RunSummary
    from atr.provision import ProvisionResult
    from atr.publish import PublishedData, ReportSummary, SiteSummary
    from atr.reference import DownloadResult, ReferenceSummary
    from atr.synthetic import CheckRow, GenerationSummary

PathLike = str | Path

__all__ = [
    "demo",
    "derive",
    "evaluate",
    "indicators",
    "ingest",
    "key_new",
    "link",
    "provision",
    "publish",
    "published_data",
    "reference_download",
    "reference_load",
    "report",
    "run",
    "synth",
    "synth_check",
]


def _path(value: PathLike | None) -> Path | None:
    return None if value is None else Path(value)


_project = ProjectContext.using  # the caller's context, or one loaded for the call


def reference_load(
    *,
    reference_dir: PathLike | None = None,
    postcode_directory: PathLike | None = None,
    warehouse: PathLike | None = None,
    project: PathLike | None = None,
    context: ProjectContext | None = None,
) -> ReferenceSummary:
    """``atr reference load``: load reference geography (real, else labelled synthetic)."""
    from atr.reference import load_reference, resolve_reference_source

    with _project(context, project, warehouse) as ctx:
        source = resolve_reference_source(_path(reference_dir) or ctx.config.reference_dir)
        postcodes = _path(postcode_directory) or ctx.config.postcode_directory
        return load_reference(ctx.warehouse(), source, postcodes)


def reference_download(
    *,
    cache_dir: PathLike | None = None,
    mirror: str | None = None,
    force: bool = False,
    sources: PathLike | None = None,
    timeout: float = 120.0,
) -> DownloadResult:
    """``atr reference download``: fetch, check and cache the official reference files."""
    from atr.reference import download_reference

    return download_reference(
        _path(cache_dir), mirror=mirror, force=force, sources_file=_path(sources), timeout=timeout
    )


def synth(
    out: PathLike,
    *,
    scale: float = 0.05,
    seed: int = 7,
    datasets: str | None = None,
    reference_dir: PathLike | None = None,
) -> GenerationSummary:
    """``atr synth``: synthetic partner extracts with their ground truth."""
    from atr.synthetic import generate, parse_datasets

    chosen = parse_datasets(datasets)
    return generate(Path(out), scale=scale, seed=seed, datasets=chosen, reference_dir=_path(reference_dir))


def synth_check(folder: PathLike) -> list[CheckRow]:
    """``atr synth --check``: the calibration table of a generated folder."""
    from atr.synthetic import run_check

    return run_check(Path(folder))


def key_new(file: PathLike, *, force: bool = False) -> Path:
    """``atr key new``: a new random pseudonymisation key file, readable only by you."""
    from atr.pseudonymise import write_new_key

    path = Path(file)
    if path.exists() and not force:
        raise UsageError(
            f"{path}: already exists",
            hint="pass --force to replace it (earlier pseudonyms will no longer link)",
        )
    write_new_key(path)
    return path


def _datasets(values: Sequence[str] | None) -> list[str] | None:
    if not values:
        return None
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def ingest(
    extract_dir: PathLike,
    *,
    warehouse: PathLike | None = None,
    key_file: PathLike | None = None,
    demo: bool = False,
    datasets: Sequence[str] | None = None,
    report: PathLike | None = None,
    project: PathLike | None = None,
    context: ProjectContext | None = None,
    accept_partial: bool = False,
    rekey: bool = False,
    max_quarantine_share: float | None = None,
) -> IngestResult:
    """``atr ingest``: check extracts against the contract, pseudonymise and load them.

    The JSON and HTML reports are written beside the warehouse (and the JSON also at ``report``).
    A partner's batch with a rejected file is held back unless ``accept_partial``; a key other
    than the warehouse's is refused unless ``rekey`` (docs/ingest.md, "Guarantees").
    """
    from atr.ingest import LoadPolicy, run_ingest, write_reports

    with _project(context, project, warehouse, key_file) as ctx:
        try:
            key = ctx.key(allow_throwaway=demo)
        except AtrError as exc:  # a missing key is a usage error of this command
            raise UsageError(exc.message, hint=exc.hint) from exc
        chosen = _datasets(datasets) or ctx.config.ingest.datasets
        share = (
            ctx.config.ingest.max_quarantine_share if max_quarantine_share is None else max_quarantine_share
        )
        result = run_ingest(
            ctx.warehouse(),
            Path(extract_dir),
            key,
            datasets=chosen,
            warehouse_label=str(ctx.warehouse_path),
            policy=LoadPolicy(max_quarantine_share=share, accept_partial=accept_partial),
            rekey=rekey,
        )
        write_reports(result, ctx.warehouse_path, _path(report))
        return result


def link(
    *,
    warehouse: PathLike | None = None,
    project: PathLike | None = None,
    truth: PathLike | None = None,
    key_file: PathLike | None = None,
    model: PathLike | None = None,
    report_dir: PathLike | None = None,
    sweep: bool = True,
    threshold: float | None = None,
    context: ProjectContext | None = None,
) -> LinkOutputs:
    """``atr link``: people and households; with ``truth`` (synthetic data), precision and recall."""
    from atr.identity import IdentityStore, identity_store_path
    from atr.ingest import load_opt_out
    from atr.link import report_dir_for, require_identity_store, run_link
    from atr.truth import check_key, link_judge

    truth_dir = _path(truth)
    if truth_dir is not None and not truth_dir.is_dir():
        raise UsageError(
            f"{truth_dir}: truth folder not found", hint="pass the truth/ folder written by `atr synth`"
        )
    with _project(context, project, warehouse, key_file) as ctx:
        settings = ctx.config.link
        if threshold is not None:
            settings = settings.model_copy(update={"match_threshold": threshold})
        path = ctx.require_existing_warehouse()
        wh = ctx.warehouse()
        store = identity_store_path(path)
        require_identity_store(wh, store)
        key = ctx.key()  # opens the identity store (a wrong key fails there, before linking)
        judge = None
        if truth_dir is not None:
            check_key(wh, truth_dir, key)
            judge = link_judge(truth_dir, key, sweep=sweep)
        out_dir = _path(report_dir) or report_dir_for(path)
        return run_link(
            wh,
            settings,
            out_dir,
            model_in=_path(model),
            judge=judge,
            identities=IdentityStore(store, key),
            opt_out=load_opt_out(ctx.config.opt_out, key),
        )


def derive(
    *,
    warehouse: PathLike | None = None,
    project: PathLike | None = None,
    estimates: PathLike | None = None,
    truth: PathLike | None = None,
    key_file: PathLike | None = None,
    context: ProjectContext | None = None,
) -> DeriveResult:
    """``atr derive``: adverse experiences, toxic trio, multiple disadvantage, modelled prevalence.

    With ``truth`` (synthetic data) it also writes ``derive_truth_comparison`` and
    ``derive_truth_md``, the comparison of recorded with true prevalence.
    """
    from atr.derive import run_derive

    with _project(context, project, warehouse, key_file) as ctx:
        ctx.require_existing_warehouse()
        config = ctx.config
        result = run_derive(ctx.warehouse(), config.derive, config.link, config.periods, _path(estimates))
        if truth is not None:
            from atr.truth import compare_with_truth

            compare_with_truth(ctx.warehouse(), Path(truth), ctx.key())
        return result


def evaluate(
    *,
    warehouse: PathLike | None = None,
    project: PathLike | None = None,
    programmes: PathLike | None = None,
    context: ProjectContext | None = None,
) -> EvaluateResult:
    """``atr evaluate``: participants to people, the analysis frame, progress, cohorts and effects."""
    from atr.evaluate import run_evaluate

    with _project(context, project, warehouse) as ctx:
        ctx.require_existing_warehouse()
        settings = ctx.config.evaluate
        if programmes is not None:
            settings = settings.model_copy(update={"programmes": Path(programmes)})
        return run_evaluate(ctx.warehouse(), settings, ctx.config.disclosure)


def indicators(
    *,
    warehouse: PathLike | None = None,
    project: PathLike | None = None,
    out: PathLike | None = None,
    catalogue: PathLike | None = None,
    indicator: Sequence[str] | None = None,
    sii_repetitions: int | None = None,
    context: ProjectContext | None = None,
) -> IndicatorRun:
    """``atr indicators``: the KPI catalogue (``catalogue`` or the project's, else built-in), disclosure-controlled."""
    from atr.indicators import DEFAULT_SII_REPETITIONS, load_catalogue, run_indicators

    with _project(context, project, warehouse) as ctx:
        ctx.require_existing_warehouse()
        chosen = load_catalogue(_path(catalogue) or ctx.config.catalogue, indicator)
        if not chosen:
            raise UsageError("no indicators to compute")
        return run_indicators(
            ctx.warehouse(),
            _path(out) or ctx.work_dir / "published",
            catalogue=chosen,
            settings=ctx.config.disclosure,
            periods=ctx.config.periods if ctx.project_file is not None else None,
            sii_repetitions=sii_repetitions or DEFAULT_SII_REPETITIONS,
        )


def provision(
    *,
    warehouse: PathLike | None = None,
    project: PathLike | None = None,
    directory: str | Path | None = None,
    context: ProjectContext | None = None,
) -> ProvisionResult:
    """``atr provision``: need against provision from an Open Referral UK feed (or the project's)."""
    from atr.provision import run_provision

    with _project(context, project, warehouse) as ctx:
        ctx.require_existing_warehouse()
        settings = ctx.config.provision.with_directory(directory)
        return run_provision(ctx.warehouse(), settings, ctx.config.disclosure)


def published_data(
    *,
    warehouse: PathLike | None = None,
    tables: PathLike | None = None,
    project: PathLike | None = None,
    context: ProjectContext | None = None,
) -> PublishedData:
    """The published tables publish reads: from exported ``tables``, else the warehouse (read-only)."""
    from atr.publish import FolderSource, WarehouseSource, load_published

    if tables is not None:
        return load_published(FolderSource(Path(tables)))
    with _project(context, project, warehouse) as ctx:
        path = ctx.require_existing_warehouse()
        return load_published(WarehouseSource(ctx.warehouse(read_only=True), path))


def publish(
    *,
    out: PathLike | None = None,
    warehouse: PathLike | None = None,
    tables: PathLike | None = None,
    project: PathLike | None = None,
    title: str | None = None,
    context: ProjectContext | None = None,
) -> SiteSummary:
    """``atr publish``: the static dashboard, from the published, disclosure-controlled tables only."""
    from atr.publish import check_site_target, write_site

    with _project(context, project, warehouse) as ctx:
        target = _path(out) or ctx.config.output_dir
        check_site_target(target)
        data = published_data(tables=tables, context=ctx)
        return write_site(data, target, name=title or ctx.config.name, narrative_dir=ctx.config.narrative_dir)


def report(
    place: str,
    out: PathLike,
    *,
    warehouse: PathLike | None = None,
    tables: PathLike | None = None,
    project: PathLike | None = None,
    title: str | None = None,
    context: ProjectContext | None = None,
) -> ReportSummary:
    """``atr report``: the annual needs assessment for a district or West Yorkshire (PDF or HTML)."""
    from atr.publish import check_report_target, write_report

    check_report_target(Path(out))
    with _project(context, project, warehouse) as ctx:
        data = published_data(tables=tables, context=ctx)
        return write_report(
            data, place, Path(out), name=title or ctx.config.name, narrative_dir=ctx.config.narrative_dir
        )


def run(
    project: PathLike, *, force: bool = False, from_stage: str | None = None, allow_partial: bool = False
) -> RunSummary:
    """``atr run``: every stage the project file describes, skipping what is up to date; stops
    before publishing when ingest rejected a file, unless ``allow_partial``."""
    from atr.pipeline import run_context

    with ProjectContext.load(Path(project)) as ctx:
        return run_context(ctx, force=force, from_stage=from_stage, allow_partial=allow_partial)


def demo(
    out: PathLike = "build/demo",
    *,
    reference_dir: PathLike | None = None,
    scale: float | None = None,
    seed: int = 7,
) -> RunSummary:
    """``atr demo``: synthetic West Yorkshire through every stage."""
    from atr.pipeline import DEMO_SCALE, run_demo

    return run_demo(Path(out), _path(reference_dir), scale=DEMO_SCALE if scale is None else scale, seed=seed)
