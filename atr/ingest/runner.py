"""``atr ingest`` as a function: find dataset folders, check them, swap them in, report.

The phases are kept apart on purpose. Reading manifests and checking files (slow, and where
bad input shows up) write only temp tables; the single transaction in :mod:`atr.ingest.commit`
is the only moment the shared tables change. Files are always checked in the warehouse's
staging area (a DuckDB warehouse: the warehouse itself on DuckDB, a temporary file on Spark);
:func:`atr.ingest.commit.adopt` then makes what was committed there the warehouse's. What the
run must know of the warehouse (previous loads, key fingerprints, held-back batches) is read
from the warehouse itself, never from the staging area.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from atr.console import progress
from atr.errors import UsageError
from atr.identity import IdentityStore, StagedStore
from atr.ingest.commit import HELD_BACK_META, WarehouseState, adopt, commit
from atr.ingest.contract_model import Contract, load_contract
from atr.ingest.folder import PreparedFolder, RunSettings, identity_headline, prepare_folder
from atr.ingest.identities import default_identity_store, stage_identities
from atr.ingest.keys import batch_fingerprints, batches_to_rekey, key_fingerprint
from atr.ingest.manifest import (
    MANIFEST,
    Manifest,
    ManifestError,
    find_dataset_folders,
    folders_without_manifest,
    read_manifest,
    symlinked_folders,
)
from atr.ingest.policy import LoadPolicy, PreviousLoad, previous_loads
from atr.ingest.report import BatchOutcome, IngestReport, TableOutcome
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse

WORK_PREFIX = "ingest__"
STAGING_REFERENCE = ("ref_postcode",)
"""The reference tables the checks read (copied into a staging area that is not the warehouse)."""


def _guess_origin(folder: Path, contract: Contract) -> tuple[str, str]:
    """(dataset, partner) from the folder path, for folders whose manifest cannot be read."""
    if folder.parent.name in contract.datasets:
        return folder.parent.name, folder.name
    return (folder.name if folder.name in contract.datasets else "unknown"), "unknown"


def _folder_problem(
    contract: Contract, m: Manifest, seen: set[tuple[str, str]], today: date
) -> tuple[str, str] | None:
    if m.dataset not in contract.datasets:
        return (
            "manifest.unknown_dataset",
            f"dataset '{m.dataset}' is not in contract v{contract.contract_version}",
        )
    if m.contract_version not in contract.accepts_versions:
        return (
            "manifest.unsupported_version",
            f"contract_version {m.contract_version} (this ingest reads {', '.join(contract.accepts_versions)})",
        )
    if why := contract.partner_code_problem(m.dataset, m.partner_code):
        return "manifest.invalid_partner_code", why
    if m.extract_date > today:
        return (
            "manifest.extract_date_future",
            f"extract_date {m.extract_date.isoformat()} is after the date of this run ({today.isoformat()})",
        )
    if (m.dataset, m.partner_code) in seen:
        return "manifest.duplicate", f"a second folder for dataset {m.dataset}, partner {m.partner_code}"
    return None


def _postcode_directory(wh: Warehouse) -> str | None:
    """A temp copy of ``ref_postcode`` keyed once per postcode, or None if no directory is loaded."""
    if not wh.table_exists("ref_postcode") or not wh.scalar("SELECT count(*) FROM ref_postcode"):
        return None
    name = f"{WORK_PREFIX}postcodes"
    wh.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT postcode_key, min(lsoa11_code) AS lsoa11_code "
        "FROM ref_postcode WHERE postcode_key IS NOT NULL GROUP BY postcode_key"
    )
    return name


def run_ingest(
    wh: Warehouse,
    extract_dir: Path,
    key: PseudonymisationKey,
    *,
    datasets: Sequence[str] | None = None,
    contract: Contract | None = None,
    warehouse_label: str = "",
    policy: LoadPolicy | None = None,
    today: date | None = None,
    previous: dict[tuple[str, str], PreviousLoad] | None = None,
    rekey: bool = False,
    identities: IdentityStore | None = None,
) -> IngestReport:
    """Ingest every dataset folder below ``extract_dir`` (or only ``datasets``) into ``wh``; the
    identity rows go to ``identities`` (default: the encrypted store beside the warehouse).

    A (dataset, partner)'s new batch replaces its previous one only if every file passes (see
    :mod:`atr.ingest.policy`); ``today`` (default: the date now) bounds manifests' extract dates.
    A key other than the warehouse's is refused unless ``rekey`` (:mod:`atr.ingest.keys`).
    """
    contract = contract or load_contract()
    policy = policy or LoadPolicy()
    identities = identities or default_identity_store(wh, key)
    if not extract_dir.exists():
        raise UsageError(f"{extract_dir}: extract folder not found")
    wanted = set(datasets or contract.datasets)
    if unknown := sorted(wanted - set(contract.datasets)):
        raise UsageError(
            f"unknown dataset(s) {', '.join(unknown)}", hint=f"known: {', '.join(contract.datasets)}"
        )
    folders = find_dataset_folders(extract_dir)
    unmanifested = folders_without_manifest(extract_dir, wanted)
    links = symlinked_folders(extract_dir)
    if not folders and not unmanifested and not links:
        raise UsageError(f"{extract_dir}: no dataset folder (a folder holding {MANIFEST}) found below it")

    now = datetime.now().astimezone().isoformat(timespec="seconds")
    report = IngestReport(contract.contract_version, str(extract_dir), warehouse_label, key.origin, now)
    runnable: list[tuple[Path, Manifest]] = []
    seen: set[tuple[str, str]] = set()
    previous = previous_loads(wh) if previous is None else previous
    for folder in unmanifested:
        dataset, partner = _guess_origin(folder, contract)
        shown = str(folder.relative_to(extract_dir)) if folder != extract_dir else folder.name
        why = f"holds table files but no {MANIFEST}"
        _reject_folder(report, previous, dataset, partner, shown, "manifest.missing", why)
    for link in links:
        dataset, partner = _guess_origin(link, contract)
        why = "a symbolic link to a folder; only folders inside the extract are read"
        _reject_folder(
            report, previous, dataset, partner, str(link.relative_to(extract_dir)), "file.symlink", why
        )
    for folder in folders:
        shown = str(folder.relative_to(extract_dir)) if folder != extract_dir else folder.name
        try:
            m = read_manifest(folder)
        except ManifestError as exc:
            dataset, partner = _guess_origin(folder, contract)
            if dataset in wanted or dataset == "unknown":
                _reject_folder(report, previous, dataset, partner, shown, "manifest.invalid", str(exc))
            continue
        if m.dataset not in wanted and m.dataset in contract.datasets:
            continue
        if m.dataset in contract.datasets:
            m = m.model_copy(
                update={"partner_code": contract.partner_code(m.dataset, m.partner_code) or m.partner_code}
            )
        problem = _folder_problem(contract, m, seen, today or date.today())
        if problem:
            _reject_folder(report, previous, m.dataset, m.partner_code, shown, *problem)
            continue
        seen.add((m.dataset, m.partner_code))
        runnable.append((folder, m))

    rekeying = batches_to_rekey(wh, key, {f"{d}/{p}" for d, p in seen}, rekey=rekey)
    state = WarehouseState(batch_fingerprints(wh), wh.get_meta(HELD_BACK_META) or {})
    swap = _IdentitySwap(wh, identities, fresh=bool(rekeying))  # a new key: every batch replaced
    with wh.staging_area(STAGING_REFERENCE) as area:
        try:
            settings = Settings(policy, previous, rekeying, state)
            prepared = _check_and_commit(area, contract, key, extract_dir, runnable, settings, swap)
            refused = list(report.batches)  # so far only the folders turned away above
            adopt(
                wh,
                area,
                contract,
                prepared,
                key_fingerprint(key),
                state,
                drop_legacy_identities=swap.legacy,
                refused=refused,
            )
        except BaseException:
            swap.discard()
            raise
    swap.commit()

    for p in prepared:
        report.batches.append(p.batch)
        report.tables.extend(sorted(p.tables, key=lambda t: (_table_rank(contract, t), t.file)))
    report.finish()
    return report


@dataclass(frozen=True)
class Settings:
    """What a run decides with, beyond the files: the load policy and the warehouse's state."""

    policy: LoadPolicy
    previous: dict[tuple[str, str], PreviousLoad]
    rekeying: set[str]
    state: WarehouseState


def _check_and_commit(
    area: Warehouse,
    contract: Contract,
    key: PseudonymisationKey,
    extract_dir: Path,
    runnable: list[tuple[Path, Manifest]],
    run: Settings,
    swap: _IdentitySwap,
) -> list[PreparedFolder]:
    """Check every runnable folder's files in the staging area and commit what passes there; the
    identity store's next version is written (not yet moved into place) before that commit."""
    area.drop_prefixed(WORK_PREFIX)
    prepared: list[PreparedFolder] = []
    try:
        postcodes = _postcode_directory(area)
        with progress() as bar:
            task = bar.add_task("Checking extract files", total=sum(len(m.files) for _, m in runnable))
            settings = RunSettings(
                contract, key, extract_dir, postcodes, lambda: bar.advance(task), run.policy, run.previous
            )
            for index, (folder, m) in enumerate(runnable):
                bar.update(task, description=f"Checking {m.dataset}/{m.partner_code}")
                prepared.append(prepare_folder(area, settings, folder, m, index))
        loaded_at = datetime.now()
        for p in prepared:
            p.loaded_at = loaded_at
        hold_rekey_unless_whole(prepared, run.rekeying)
        swap.stage(area, prepared)
        commit(area, contract, prepared, key_fingerprint(key), run.state)
        for p in prepared:
            if p.batch.loaded and p.identity:
                p.batch.headline = identity_headline(area, p.identity)
    finally:
        area.drop_prefixed(WORK_PREFIX)
    return prepared


def hold_rekey_unless_whole(prepared: list[PreparedFolder], rekeying: set[str]) -> None:
    """A ``--rekey`` run is all or nothing: if a batch still on the old key is not loaded, no
    batch is, so the warehouse never holds pseudonyms of two keys."""
    failed = sorted(
        f"{p.batch.dataset}/{p.batch.partner_code}"
        for p in prepared
        if f"{p.batch.dataset}/{p.batch.partner_code}" in rekeying and not p.batch.loaded
    )
    if not failed:
        return
    for p in prepared:
        if p.batch.loaded:
            p.batch.loaded = False
            p.batch.reason = f"--rekey: not loaded because {', '.join(failed[:6])} could not be; the warehouse keeps its old key"
            for t in p.tables:
                t.status = "held" if t.status == "accepted" else t.status


@dataclass
class _IdentitySwap:
    """The identity store's side of a run: staged before the warehouse commits, moved into place
    after (:mod:`atr.ingest.identities` says why in that order)."""

    wh: Warehouse
    store: IdentityStore
    fresh: bool
    staged: StagedStore | None = None
    legacy: bool = False

    def stage(self, area: Warehouse, prepared: list[PreparedFolder]) -> None:
        loaded = [p for p in prepared if p.batch.loaded]
        new = [area.query(f"SELECT * FROM {p.identity}") for p in loaded if p.identity]
        keys = [(p.batch.dataset, p.batch.partner_code) for p in loaded]
        self.staged, self.legacy = stage_identities(self.wh, self.store, keys, new, fresh=self.fresh)

    def discard(self) -> None:
        if self.staged is not None:
            self.staged.discard()

    def commit(self) -> None:
        if self.staged is not None:
            self.staged.commit()


def _table_rank(contract: Contract, outcome: TableOutcome) -> int:
    tables = list(contract.tables_of(outcome.dataset)) if outcome.dataset in contract.datasets else []
    return tables.index(outcome.table) if outcome.table in tables else len(tables)


def _reject_folder(
    report: IngestReport,
    previous: dict[tuple[str, str], PreviousLoad],
    dataset: str,
    partner: str,
    shown: str,
    rule: str,
    message: str,
) -> None:
    """A folder refused before its tables are read: in the report, and held back (so published
    pages say a partner's newest extract is missing) with the load still in force, if any."""
    in_force = previous.get((dataset, partner))
    report.batches.append(
        BatchOutcome(
            dataset,
            partner,
            "",
            shown,
            None,
            None,
            loaded=False,
            reason=f"{rule}: {message}",
            previous=in_force.describe() if in_force else None,
        )
    )
    report.tables.append(
        TableOutcome(dataset, partner, "manifest", f"{shown}/{MANIFEST}", "rejected", f"{rule}: {message}")
    )
