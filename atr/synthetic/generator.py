"""``generate``: simulate West Yorkshire and write extracts, postcode directory and truth.

The output folder gets three sub-folders, each swapped in atomically when complete:
``extract/<dataset>/<partner_code>/`` (contract extracts), ``reference/wy_postcode_lsoa.csv``
(the synthetic postcode directory) and ``truth/*.parquet``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from atr.atomic import atomic_directory
from atr.console import progress
from atr.errors import UsageError
from atr.reference import POSTCODE_FILE, ReferenceSource, read_geography, resolve_reference_source
from atr.synthetic import extract_csc, extract_lac_school, extract_services, truth
from atr.synthetic.contract import DATASETS
from atr.synthetic.memory import limit_heap_fragmentation
from atr.synthetic.partners import PartnerExtract, finalize
from atr.synthetic.places import Geography
from atr.synthetic.programme_truth import run_programmes
from atr.synthetic.world import World, simulate, stream
from atr.synthetic.writer import write_parquet, write_partner_extract, write_postcode_directory

MAX_SCALE = 2.0


@dataclass
class GenerationSummary:
    out: Path
    seed: int
    scale: float
    reference: ReferenceSource
    people: int
    rows: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)


def parse_datasets(value: str | None) -> tuple[str, ...]:
    """``csc,police`` → ("csc", "police"); None or "all" → every dataset."""
    if value is None or value.strip() in ("", "all"):
        return DATASETS
    chosen = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [d for d in chosen if d not in DATASETS]
    if unknown:
        raise UsageError(
            f"unknown dataset(s): {', '.join(unknown)}", hint=f"choose from {', '.join(DATASETS)}"
        )
    return chosen


def _builders(world: World) -> dict[str, Callable[[], list[PartnerExtract]]]:
    return {
        "csc": lambda: extract_csc.build_csc(world),
        "lac": lambda: extract_lac_school.build_lac(world, world.source),
        "school": lambda: extract_lac_school.build_school(world),
        "police": lambda: extract_services.build_police(world),
        "mental_health": lambda: extract_services.build_mental_health(world),
        "substance": lambda: extract_services.build_substance(world),
        "probation": lambda: extract_services.build_probation(world),
        "housing": lambda: extract_services.build_housing(world),
        "youth_justice": lambda: extract_services.build_youth_justice(world),
        "gp_registration": lambda: extract_services.build_gp(world),
        "programme": lambda: extract_services.build_programme(world),
    }


def generate(
    out: Path,
    *,
    scale: float,
    seed: int,
    datasets: tuple[str, ...] = DATASETS,
    reference_dir: Path | None = None,
) -> GenerationSummary:
    """Simulate and write everything; deterministic for (seed, scale, reference data)."""
    if not 0 < scale <= MAX_SCALE:
        raise UsageError(
            f"--scale must be above 0 and at most {MAX_SCALE} (1.0 is all of West Yorkshire), not {scale}"
        )
    limit_heap_fragmentation()
    source = resolve_reference_source(reference_dir)
    geo = Geography.from_table(read_geography(source))
    with progress() as bar:
        task = bar.add_task("Simulating West Yorkshire", total=len(datasets) + 2)
        world = simulate(geo, seed, scale)
        run_programmes(world)
        bar.advance(task)
        builders = _builders(world)
        summary = GenerationSummary(out, seed, scale, source, len(world.pop.people))
        mappings: list[pd.DataFrame] = []
        events: list[pd.DataFrame] = []
        csc_ids: dict[str, pd.Series] = {}
        with atomic_directory(out / "extract") as staging:
            for dataset in sorted(datasets, key=DATASETS.index):  # one dataset in memory at a time
                bar.update(task, description=f"Writing {dataset} extracts")
                extracts = builders[dataset]()
                events.append(truth.recorded_events(extracts))
                while extracts:
                    extract = extracts.pop(0)
                    rng = stream(seed, f"identity:{extract.dataset}:{extract.partner_code}")
                    fixed = csc_ids.get(extract.partner_code) if extract.dataset == "lac" else None
                    tables, mapping = finalize(extract, world.source, rng, fixed)
                    if extract.dataset == "csc":
                        primary = mapping[~mapping["duplicate"]]
                        csc_ids[extract.partner_code] = pd.Series(
                            primary["person_id"].to_numpy(), index=primary["person"].to_numpy()
                        )
                    mappings.append(
                        mapping.assign(dataset=extract.dataset, partner_code=extract.partner_code)
                    )
                    folder = staging / extract.dataset / extract.partner_code
                    summary.rows[(extract.dataset, extract.partner_code)] = write_partner_extract(
                        folder, extract.dataset, extract.partner_code, extract.partner_name, tables
                    )
                    del tables, extract
                bar.advance(task)
        bar.advance(task)
        bar.update(task, description="Writing truth")
        with atomic_directory(out / "reference") as staging:
            write_postcode_directory(staging / POSTCODE_FILE.name, geo.postcode_directory())
        world.release_simulation_detail()
        adversity = truth.true_adversity(world, pd.concat(events, ignore_index=True).drop_duplicates())
        with atomic_directory(out / "truth") as staging:
            for name, table in truth.truth_tables(world, adversity, mappings):
                write_parquet(staging / f"{name}.parquet", table)
                del table
            world.programme_effects.to_csv(staging / "programme_effects.csv", index=False)
            run = {
                "seed": seed,
                "scale": scale,
                "datasets": list(datasets),
                "reference_kind": source.kind,
                "synthetic": True,
            }
            (staging / "run.json").write_text(json.dumps(run, indent=2) + "\n", encoding="utf-8")
        bar.advance(task)
    return summary
