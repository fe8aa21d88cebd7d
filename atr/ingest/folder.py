"""Prepare one dataset folder: check every table file, then build its output rows.

Nothing here touches the tables other stages read: every result lands in working tables
(``ingest__f<n>…``), and each output table gets a query over them that :mod:`atr.ingest.commit`
runs, in one transaction, once every folder is prepared. The person table is checked first
because other tables' ``person_id`` must refer to an accepted person; tables then follow the
contract's order, which puts every referenced table before the tables that refer to it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from atr.ingest.contract_model import Contract
from atr.ingest.hashing import (
    PERSON_IDENTIFIERS,
    identifier_value,
    person_identifiers_sql,
    write_identifier_map,
    write_person_map,
)
from atr.ingest.manifest import MANIFEST, Manifest
from atr.ingest.outputs import (
    DEMOGRAPHICS_TABLE,
    OutputContext,
    content_select,
    content_table_name,
    demographics_select,
    identity_select,
)
from atr.ingest.reader import TABLE_SUFFIXES, FileRejected
from atr.ingest.report import BatchOutcome, FieldQuality, TableOutcome
from atr.ingest.table_check import TableJob, check_table
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse

_NO_KEYS = "SELECT CAST(NULL AS VARCHAR) AS key WHERE false"
ROW_LOG_COLUMNS = "dataset VARCHAR, partner_code VARCHAR, table_name VARCHAR, row_number INTEGER, rule VARCHAR, field VARCHAR"


@dataclass
class PreparedFolder:
    """A checked folder: its outcomes, and (when loaded) the queries giving its output rows."""

    manifest: Manifest | None
    batch: BatchOutcome
    tables: list[TableOutcome]
    prefix: str
    ready: dict[str, str] = field(default_factory=dict)  # warehouse table → query of its new rows
    identity: str = ""  # temp table of the folder's identity rows (for the identity store)
    source_path: str = ""
    loaded_at: datetime | None = None


@dataclass(frozen=True)
class RunSettings:
    contract: Contract
    key: PseudonymisationKey
    extract_root: Path
    postcodes: str | None
    on_file: Callable[[], None]


def batch_id(folder: Path, manifest: Manifest) -> str:
    """Deterministic: the same manifest gives the same batch id, so re-runs are idempotent."""
    digest = hashlib.sha256((folder / MANIFEST).read_bytes())
    digest.update(f"|{manifest.dataset}|{manifest.partner_code}".encode())
    return digest.hexdigest()[:16]


def _display(settings: RunSettings, path: Path) -> str:
    try:
        return str(path.relative_to(settings.extract_root))
    except ValueError:
        return str(path)


def _rejected(
    m: Manifest, table: str, file: str, rule: str, message: str, rows: int | None = None
) -> TableOutcome:
    return TableOutcome(
        m.dataset, m.partner_code, table, file, "rejected", f"{rule}: {message}", rows_in_file=rows
    )


def _table_files(
    settings: RunSettings, folder: Path, m: Manifest
) -> tuple[dict[str, str], list[TableOutcome]]:
    """Contract table → file name; and rejections for files that do not fit the manifest."""
    tables = settings.contract.tables_of(m.dataset)
    found: dict[str, str] = {}
    problems: list[TableOutcome] = []
    for name in sorted(m.files):
        stem, suffix = Path(name).stem, Path(name).suffix
        shown = _display(settings, folder / name)
        if stem not in tables or suffix not in TABLE_SUFFIXES or stem in found:
            why = "a second file for the same table" if stem in found else f"not a table of '{m.dataset}'"
            problems.append(_rejected(m, stem, shown, "file.unknown_table", why, m.files[name].rows))
        elif not (folder / name).is_file():
            problems.append(_rejected(m, stem, shown, "file.missing", "listed in the manifest but not found"))
        else:
            found[stem] = name
    for stem in tables:
        for suffix in TABLE_SUFFIXES:
            if (folder / f"{stem}{suffix}").is_file() and f"{stem}{suffix}" not in m.files:
                shown = _display(settings, folder / f"{stem}{suffix}")
                problems.append(
                    _rejected(m, stem, shown, "file.not_in_manifest", "file is not listed in the manifest")
                )
    return found, problems


def prepare_folder(
    wh: Warehouse, settings: RunSettings, folder: Path, m: Manifest, index: int
) -> PreparedFolder:
    """Check every file of ``folder`` and, if its person table is accepted, build its output."""
    prefix = f"ingest__f{index}"
    batch = BatchOutcome(
        m.dataset,
        m.partner_code,
        m.partner_name,
        _display(settings, folder),
        batch_id(folder, m),
        m.extract_date.isoformat(),
        loaded=False,
        synthetic=m.synthetic,
    )
    files, outcomes = _table_files(settings, folder, m)
    prepared = PreparedFolder(m, batch, outcomes, prefix, source_path=str(folder.resolve()))
    for log in ("quarantine", "warning"):
        wh.execute(f"CREATE OR REPLACE TEMP TABLE {prefix}__{log} ({ROW_LOG_COLUMNS})")

    accepted_keys: dict[str, str] = {}
    quality: list[FieldQuality] = []
    has_person = settings.contract.has_person(m.dataset)
    for name, table in settings.contract.tables_of(m.dataset).items():
        if name not in files:
            if name == "person" and not any(o.table == "person" for o in outcomes):
                outcomes.append(
                    _rejected(
                        m,
                        "person",
                        _display(settings, folder / "person.csv"),
                        "file.missing",
                        "the person table is required",
                    )
                )
            continue
        path = folder / files[name]
        if has_person and name != "person" and "person" not in accepted_keys:
            outcomes.append(
                _rejected(
                    m,
                    name,
                    _display(settings, path),
                    "file.person_rejected",
                    "not checked: the person table was rejected",
                    m.files[files[name]].rows,
                )
            )
            settings.on_file()
            continue
        refs = {c.references for c in table.columns if c.references}
        missing_refs = sorted(r for r in refs if r is not None and r not in accepted_keys)
        if missing_refs:
            outcomes.append(
                _rejected(
                    m,
                    name,
                    _display(settings, path),
                    "file.reference_rejected",
                    f"refers to table(s) not loaded: {', '.join(missing_refs)}",
                    m.files[files[name]].rows,
                )
            )
            settings.on_file()
            continue
        job = TableJob(
            settings.contract,
            m.dataset,
            m.partner_code,
            name,
            table,
            path,
            _display(settings, path),
            m.files[files[name]],
            f"{prefix}_{name}",
            m.extract_date,
            accepted_keys,
            settings.postcodes,
            f"{prefix}__quarantine",
            f"{prefix}__warning",
        )
        try:
            outcome, table_quality = check_table(wh, job)
        except FileRejected as exc:
            outcomes.append(_rejected(m, name, job.display_path, exc.rule, exc.message))
        else:
            outcomes.append(outcome)
            quality.extend(table_quality)
            accepted_keys[name] = f"{job.stage}__keys"
        settings.on_file()

    batch.fields = quality
    if has_person and "person" not in accepted_keys:
        batch.reason = "person table rejected or missing"
        return prepared
    if not accepted_keys:  # a dataset without a person table: loaded when any table is accepted
        batch.reason = "no table accepted"
        return prepared
    _build_outputs(wh, settings, m, prefix, list(accepted_keys), prepared)
    batch.loaded = True
    return prepared


def _build_outputs(
    wh: Warehouse,
    settings: RunSettings,
    m: Manifest,
    prefix: str,
    accepted: list[str],
    prepared: PreparedFolder,
) -> None:
    """Pseudonymise identifiers (maps) and write the queries that normalise accepted rows."""
    contract = settings.contract
    has_person = contract.has_person(m.dataset)
    person_map, id_map = f"{prefix}__pid", f"{prefix}__idmap"
    person_keys = f"SELECT person_id AS key FROM {prefix}_person__ok" if has_person else _NO_KEYS
    write_person_map(wh, settings.key, m.dataset, m.partner_code, person_keys, person_map)
    person_ids = f"{prefix}__person_ids"
    sources: list[tuple[str, str]] = []
    if has_person:
        wh.execute(
            f"CREATE OR REPLACE TEMP TABLE {person_ids} AS {person_identifiers_sql(f'{prefix}_person__ok', m.partner_code)}"
        )
        sources = [
            (kind, f"SELECT __value_{kind} AS value FROM {person_ids}")
            for kind in PERSON_IDENTIFIERS.values()
        ]
    for name in accepted:
        for col in contract.tables_of(m.dataset)[name].columns:
            if col.type == "uprn" and name != "person":
                value = identifier_value("uprn", f's."{col.name}"', m.partner_code)
                sources.append(("uprn", f"SELECT {value} AS value FROM {prefix}_{name}__ok s"))
    write_identifier_map(wh, settings.key, sources, id_map)

    empty_postcodes = (
        "(SELECT CAST(NULL AS VARCHAR) AS postcode_key, CAST(NULL AS VARCHAR) AS lsoa11_code WHERE false)"
    )
    ctx = OutputContext(
        contract,
        m.dataset,
        m.partner_code,
        m.extract_date,
        person_map,
        id_map,
        settings.postcodes or empty_postcodes,
    )
    # Output rows are not materialised here: the commit inserts them straight from these
    # queries (one copy fewer); the working tables they read live until the run ends.
    if has_person:
        # Identity rows are the exception: materialised in a temp table (memory, never the
        # warehouse file), because they go to the identity store and person_demographics is
        # built from them.
        prepared.identity = f"{prefix}__identity"
        wh.execute(f"CREATE OR REPLACE TEMP TABLE {prepared.identity} AS {identity_select(ctx, person_ids)}")
        prepared.ready[DEMOGRAPHICS_TABLE] = demographics_select(prepared.identity)
    for name in accepted:
        wh.execute(f"DROP TABLE {prefix}_{name}__keys")
        if name != "person":
            table = contract.tables_of(m.dataset)[name]
            target = content_table_name(m.dataset, name)
            prepared.ready[target] = content_select(ctx, table, f"{prefix}_{name}__ok")


def identity_headline(wh: Warehouse, identity: str) -> dict[str, float | int | None]:
    """Identity completeness and validity, as shares of the loaded persons of one batch
    (``identity``: the folder's temp table of identity rows)."""
    row = wh.rows(
        f"""SELECT count(*) AS persons,
            avg(CAST(nhs_number_status = 'valid' AS INTEGER)) AS nhs_number_valid,
            avg(CAST(nhs_number_status = 'invalid' AS INTEGER)) AS nhs_number_invalid,
            avg(CAST(upn_status IN ('valid', 'temporary') AS INTEGER)) AS upn_valid,
            avg(CAST(upn_status = 'invalid' AS INTEGER)) AS upn_invalid,
            avg(CAST(la_child_id_hash IS NOT NULL AS INTEGER)) AS la_child_id_present,
            avg(CAST(date_of_birth IS NOT NULL AS INTEGER)) AS date_of_birth_present,
            avg(CAST(sex IS NOT NULL AS INTEGER)) AS sex_known,
            avg(CAST(surname IS NOT NULL AS INTEGER)) AS surname_present,
            avg(CAST(postcode IS NOT NULL AS INTEGER)) AS postcode_valid,
            avg(CAST(lsoa11_code IS NOT NULL AS INTEGER)) AS lsoa_assigned,
            avg(CAST(uprn_hash IS NOT NULL AS INTEGER)) AS uprn_present
        FROM {identity}"""
    )[0]
    return {k: (round(float(v), 4) if isinstance(v, float) else v) for k, v in row.items()}
