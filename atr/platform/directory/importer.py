"""Importing Open Referral UK services: idempotent, keyed on the publisher's ids, with a report.

A service is matched on its id: new → added; the same record as last time → unchanged (a digest
of the record as received is kept); anything else → changed, and its parts (schedules, areas,
locations, …) are replaced by the new ones. A record that fails a check is rejected with the
reason and the rest go ahead. The whole import is one transaction per batch of records.

Sources: a live API (``https://…/api/oruk`` — ``/services`` is paged through, and any item that
is not fully nested is fetched from ``/services/{id}``), or a folder of ``services-page-N.json``
files (``Page`` envelopes, as ``atr.synthetic.write_oruk_pages`` writes them), or a single page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, transaction

from atr.platform.directory.import_write import Places, create_many, write_one
from atr.platform.directory.models import (
    Contact,
    CostOption,
    Funding,
    Language,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    TaxonomyTerm,
)
from atr.platform.directory.oruk_parse import ParsedService, Rejected, parse_service

CHILD_MODELS: dict[str, type[Any]] = {
    "schedules": Schedule,
    "service_areas": ServiceArea,
    "languages": Language,
    "funding": Funding,
    "cost_options": CostOption,
    "contacts": Contact,
    "phones": Phone,
}
NESTED_KEYS = ("service_at_locations", "attributes", "service_areas")


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (which record, why)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.unchanged)} unchanged, "
            f"{len(self.rejected)} rejected"
        )


def page_files(folder: Path) -> list[Path]:
    """``services-page-N.json`` files in page order (N numerically)."""
    files = sorted(
        folder.glob("services-page-*.json"), key=lambda p: int("".join(filter(str.isdigit, p.stem)) or 0)
    )
    if not files:
        raise FileNotFoundError(f"{folder}: no services-page-N.json files")
    return files


def records_from_folder(folder: Path) -> Iterator[tuple[str, Any]]:
    for path in page_files(folder):
        yield from records_from_page(path)


def records_from_page(path: Path) -> Iterator[tuple[str, Any]]:
    try:
        page = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield (path.name, {"__error__": f"not JSON ({exc})"})
        return
    contents = page.get("contents") if isinstance(page, dict) else None
    if not isinstance(contents, list):
        yield (path.name, {"__error__": "no 'contents' list (not a Page envelope)"})
        return
    for i, item in enumerate(contents):
        yield (f"{path.name} contents[{i}]", item)


def records_from_api(
    base: str, *, per_page: int = 200, timeout: float = 30.0, transport: Any = None
) -> Iterator[tuple[str, Any]]:
    """Every service of a live Open Referral UK API, fully nested (``transport``: an httpx
    transport to use instead of the network, for tests)."""
    import httpx

    headers = {"Accept": "application/json"}
    with httpx.Client(timeout=timeout, follow_redirects=True, headers=headers, transport=transport) as client:
        page = 1
        while True:
            response = client.get(f"{base.rstrip('/')}/services", params={"page": page, "per_page": per_page})
            response.raise_for_status()
            body = response.json()
            for i, item in enumerate(body.get("contents") or []):
                label = f"{base} /services page {page} item {i}"
                if isinstance(item, dict) and item.get("id") and not any(k in item for k in NESTED_KEYS):
                    full = client.get(f"{base.rstrip('/')}/services/{item['id']}")
                    item = (
                        full.json()
                        if full.status_code == 200
                        else {"__error__": f"/services/{item['id']} answered {full.status_code}"}
                    )
                yield (label, item)
            if (
                body.get("last_page", True)
                or not body.get("contents")
                or page >= int(body.get("total_pages") or page)
            ):
                return
            page += 1


def digest(parsed: ParsedService) -> str:
    """A fingerprint of what the directory keeps of a record (not of its JSON spelling), so the
    same service read from a page file or from an API counts as unchanged."""
    text = json.dumps(dataclasses.asdict(parsed), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def import_services(records: Iterable[tuple[str, Any]], *, source: str, publish: bool = True) -> ImportReport:
    """Import every record; ``publish`` False holds new services for the team's review."""
    report = ImportReport()
    places = Places()
    terms: dict[uuid.UUID, TaxonomyTerm] = {t.id: t for t in TaxonomyTerm.objects.all()}
    batch: list[tuple[str, Any]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= 200:
            _import_batch(batch, report, places, terms, source, publish)
            batch = []
    _import_batch(batch, report, places, terms, source, publish)
    if connection.vendor == "postgresql" and (report.added or report.changed):
        # Bulk inserts leave the planner's statistics behind; without them it may ignore the
        # search indexes. ANALYZE is cheap at this size and keeps the first searches fast.
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE directory_service, directory_serviceattribute, directory_servicearea, directory_location"
            )
    return report


def _import_batch(
    batch: list[tuple[str, Any]],
    report: ImportReport,
    places: Places,
    terms: dict[uuid.UUID, TaxonomyTerm],
    source: str,
    publish: bool,
) -> None:
    known = {
        str(k): v
        for k, v in Service.objects.filter(
            id__in=[_maybe_uuid(r) for _, r in batch if _maybe_uuid(r)]
        ).values_list("id", "source_digest")
    }
    fresh: list[tuple[str, ParsedService, str]] = []
    with transaction.atomic():
        for label, record in batch:
            if isinstance(record, dict) and "__error__" in record:
                report.rejected.append((label, record["__error__"]))
                continue
            try:
                parsed = parse_service(record)
            except Rejected as exc:
                report.rejected.append((label, str(exc)))
                continue
            key, seen = str(parsed.id), digest(parsed)
            if key in known and known[key] == seen:
                report.unchanged.append(key)
            elif key in known or any(key == str(p.id) for _, p, _ in fresh):
                _one(label, parsed, seen, places, terms, source, publish, report, new=False)
                known[key] = seen
            else:
                fresh.append((label, parsed, seen))
        if not fresh:
            return
        try:
            with transaction.atomic():
                create_many([(p, seen) for _, p, seen in fresh], places, terms, source, publish)
            report.added += [str(p.id) for _, p, _ in fresh]
        except (IntegrityError, Rejected):
            for label, parsed, seen in fresh:  # find the culprit: one at a time
                _one(label, parsed, seen, places, terms, source, publish, report, new=True)


def _one(
    label: str,
    parsed: ParsedService,
    seen: str,
    places: Places,
    terms: dict[uuid.UUID, TaxonomyTerm],
    source: str,
    publish: bool,
    report: ImportReport,
    *,
    new: bool,
) -> None:
    try:
        with transaction.atomic():
            write_one(parsed, seen, places, terms, source, publish, new=new)
    except Rejected as exc:
        report.rejected.append((label, str(exc)))
    except IntegrityError as exc:
        report.rejected.append((label, f"an id in this record belongs to another record ({exc})"))
    else:
        (report.added if new else report.changed).append(str(parsed.id))


def _maybe_uuid(record: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(record.get("id"))) if isinstance(record, dict) else None
    except ValueError:
        return None
