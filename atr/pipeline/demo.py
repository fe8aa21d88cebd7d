"""The demo: synthetic West Yorkshire through every stage to a dashboard.

It writes an ordinary project folder (extracts, a key file, ``atr.toml``) and runs it with
``atr run``'s machinery, so the demo exercises exactly what a real run does. The people are
synthetic; the geography is real where reference data is available, else synthetic too.
"""

from __future__ import annotations

from pathlib import Path

from atr.atomic import write_text_atomic
from atr.console import console
from atr.derive import DeriveSettings
from atr.link import LinkSettings
from atr.pipeline.run import RunSummary, print_run_summary, run_config
from atr.project import Engine, ProjectConfig
from atr.provision import ProvisionSettings
from atr.pseudonymise import write_new_key
from atr.reference import resolve_reference_source

DEMO_SCALE = 0.02
"""About 46,000 people: the whole flow finishes in a few minutes on 2 cores."""
DIRECTORY = "directory"
"""The synthetic service directory, an Open Referral UK page folder beside the extracts."""
DEMO_HOMELESSNESS_COVERAGE_SE = 0.05
"""Uncertainty given to the demo's homelessness coverage, as a published estimate would carry."""


def demo_derive_settings(population_scale: float = 1.0) -> DeriveSettings:
    """Derive settings for synthetic data: the world's own share of homeless households that approach
    the council (``health_housing.HOMELESS_RECORDED``) stands in for the published estimate of
    hidden homelessness a real project must supply (docs/derive.md, capture-recapture); modelled
    counts are made at the world's scale so hidden need compares like with like."""
    from atr.synthetic import HOMELESS_RECORDED

    return DeriveSettings(
        homelessness_coverage=HOMELESS_RECORDED,
        homelessness_coverage_se=DEMO_HOMELESSNESS_COVERAGE_SE,
        population_scale=population_scale,
    )


def synthetic_scale(data: Path) -> float:
    """The scale ``atr synth`` recorded in ``truth/run.json`` (1.0 when it did not)."""
    import json

    run = data / "truth" / "run.json"
    if not run.is_file():
        return 1.0
    return float(json.loads(run.read_text(encoding="utf-8")).get("scale", 1.0))


def synthetic_project(
    data: Path,
    out: Path,
    key_file: Path,
    *,
    reference_dir: Path | None = None,
    engine: Engine = "duckdb",
    link: LinkSettings | None = None,
) -> ProjectConfig:
    """The project for a synthetic folder (``atr synth``'s output): its extracts, postcodes and truth.

    The warehouse and site go in ``out``: ``atr.duckdb`` and ``site/`` on DuckDB,
    ``warehouse.spark/`` and ``site-spark/`` on Spark, so one folder can hold a run on each.
    """
    spark = engine == "spark"
    return ProjectConfig(
        name="West Yorkshire ATR Observatory (demo, synthetic people)",
        extracts=[data / "extract"],
        reference_dir=reference_dir,
        postcode_directory=data / "reference" / "wy_postcode_lsoa.csv",
        warehouse=out / ("warehouse.spark" if spark else "atr.duckdb"),
        output_dir=out / ("site-spark" if spark else "site"),
        key_file=key_file,
        truth_dir=data / "truth",
        engine=engine,
        link=link or LinkSettings(),
        derive=demo_derive_settings(synthetic_scale(data)),
        provision=ProvisionSettings(directory=str(data / DIRECTORY) if (data / DIRECTORY).is_dir() else None),
    )


def run_demo(
    out: Path, reference_dir: Path | None, *, scale: float = DEMO_SCALE, seed: int = 7
) -> RunSummary:
    """Generate synthetic extracts (once per scale and seed), then run every stage."""
    from atr.synthetic import generate, write_synthetic_network

    out = out.resolve()
    source = resolve_reference_source(reference_dir)
    data = out / f"synthetic-{scale:g}-seed{seed}"
    if not (data / "extract").is_dir():
        console.print(f"Generating synthetic West Yorkshire at scale {scale:g} (seed {seed}) …")
        generate(data, scale=scale, seed=seed, reference_dir=None if source.is_synthetic else source.path)
    if not (data / "extract" / "network").is_dir():
        # The network platform's export, made up too, so the dashboard's section on becoming a
        # trauma-informed system has figures before the platform itself is running.
        write_synthetic_network(data / "extract", seed=seed)
    if not (data / DIRECTORY).is_dir():
        # The services of West Yorkshire, made up too, with gaps planted where need is high, so
        # the need-and-provision page has something to find (atr.synthetic.directory).
        from atr.synthetic import areas_from_reference, synthetic_services, write_oruk_pages

        write_oruk_pages(synthetic_services(areas_from_reference(source), seed=seed), data / DIRECTORY)
    key_file = out / "secrets" / "demo.key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        write_new_key(key_file)
    config = synthetic_project(
        data, out, key_file, reference_dir=None if source.is_synthetic else source.path
    )
    write_text_atomic(out / "atr.toml", _as_toml(config, out))
    result = run_config(config)
    print_run_summary(result)
    if source.is_synthetic:
        console.print("[bold yellow]Geography and people are both SYNTHETIC in this demo.[/bold yellow]")
    for line in next_steps(out, result):
        console.print(line)
    return result


def next_steps(out: Path, result: RunSummary) -> list[str]:
    """What a newcomer can open or run next, with commands that work from the checkout.

    ``atr`` is on the PATH only inside the virtual environment ``make demo`` made, so the
    commands name ``.venv/bin/atr`` when that is how this process was started.
    """
    import shutil
    import sys

    venv_atr = Path(sys.prefix) / "bin" / "atr"
    in_venv = sys.prefix != sys.base_prefix and venv_atr.exists()
    on_path = shutil.which("atr") == str(venv_atr)
    atr = _relative(venv_atr) if in_venv and not on_path else "atr"
    project = _relative(out / "atr.toml")
    lines = []
    reports = result.site / "reports"
    if reports.is_dir():
        lines.append(f"Needs assessments (HTML), one per place: [bold]{_relative(reports)}[/bold]")
    ingest_report = out / "ingest_report.html"
    if ingest_report.exists():
        lines.append(f"What was read and set aside: [bold]{_relative(ingest_report)}[/bold]")
    lines += [
        f"A place's report as tagged PDF: [bold]{atr} report --project {project} --place Leeds "
        f"--out {_relative(out / 'leeds-needs-assessment.pdf')}[/bold]",
        f"Re-run it: [bold]{atr} run {project}[/bold]",
    ]
    return lines


def _relative(path: Path) -> str:
    """``path`` relative to the working folder where it is inside it (shorter to copy)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _as_toml(config: ProjectConfig, base: Path) -> str:
    def rel(p: Path | None) -> str:
        return "" if p is None else str(p.relative_to(base)) if p.is_relative_to(base) else str(p)

    lines = [
        "# Written by `atr demo`. Synthetic people; paths relative to this file.",
        f'name = "{config.name}"',
        f'extracts = ["{rel(config.extracts[0])}"]',
        f'postcode_directory = "{rel(config.postcode_directory)}"',
        f'warehouse = "{rel(config.warehouse)}"',
        f'output_dir = "{rel(config.output_dir)}"',
        f'key_file = "{rel(config.key_file)}"',
        f'truth_dir = "{rel(config.truth_dir)}"',
    ]
    if config.reference_dir is not None:
        lines.insert(3, f'reference_dir = "{config.reference_dir}"')
    lines += [
        "",
        "[derive]",
        "# The synthetic world's share of homeless households that approach the council, standing in",
        "# for a published estimate of hidden homelessness (a real project must supply its own).",
        f"homelessness_coverage = {config.derive.homelessness_coverage!r}",
        f"homelessness_coverage_se = {config.derive.homelessness_coverage_se!r}",
        "# The synthetic people are this share of West Yorkshire's population: modelled counts are",
        "# scaled to match (a real place leaves it at 1).",
        f"population_scale = {config.derive.population_scale!r}",
    ]
    if config.provision.directory is not None:
        lines += [
            "",
            "[provision]",
            "# The synthetic service directory (Open Referral UK pages), with gaps planted on purpose.",
            f'directory = "{rel(Path(config.provision.directory))}"',
        ]
    return "\n".join(lines) + "\n"
