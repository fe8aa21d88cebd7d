"""Fetching one official file for ``atr reference download``, and reading it back with its checks.

One streamed GET per file (or a paged ArcGIS feature query), its SHA-256 checked where one is
known; then the CSV columns and row count, or the GeoJSON's features and required properties,
checked before ``download`` transforms anything. Every error names the file and the URL.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from atr import __version__
from atr.errors import AtrError, InputFileError
from atr.reference.download_sources import DownloadSource

PAGE_SIZE = 1000
MAX_PAGES = 200


class DownloadError(AtrError):
    """A file could not be fetched, or is not the file it should be. Always names the URL."""


@dataclass
class Fetched:
    source: DownloadSource
    url: str
    path: Path
    sha256: str

    @property
    def label(self) -> str:
        return f"{self.source.file_name} from {self.url}"


# --- fetching -----------------------------------------------------------------------------------
def _get(url: str, dest: Path, timeout: float) -> str:
    """Stream ``url`` into ``dest``; return its SHA-256. Errors name the URL."""
    request = urllib.request.Request(url, headers={"User-Agent": f"atr-observatory/{__version__}"})
    digest = hashlib.sha256()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, dest.open("wb") as out:
            while chunk := response.read(1 << 16):
                digest.update(chunk)
                out.write(chunk)
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"{url}: HTTP {exc.code} {exc.reason}", hint="check the URL or --mirror") from exc
    except urllib.error.URLError as exc:
        raise DownloadError(
            f"{url}: cannot connect ({exc.reason})", hint="check the network, or use --mirror"
        ) from exc
    except TimeoutError as exc:
        raise DownloadError(
            f"{url}: no answer within {timeout:g} s", hint="retry, or raise --timeout"
        ) from exc
    return digest.hexdigest()


def _with_paging(url: str, offset: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("resultOffset", "resultRecordCount")]
    query += [("resultOffset", str(offset)), ("resultRecordCount", str(PAGE_SIZE))]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _fetch_feature_pages(source: DownloadSource, dest: Path, timeout: float) -> str:
    """Page through an ArcGIS feature query and write one FeatureCollection."""
    features: list[Any] = []
    for page in range(MAX_PAGES):
        # Advance by what the server sent: it may cap a page below resultRecordCount.
        url = _with_paging(source.url, len(features))
        part = dest.with_suffix(f".page{page}")
        _get(url, part, timeout)
        doc = _read_geojson(part, f"{source.file_name} from {url}")
        part.unlink()
        batch = doc["features"]
        features.extend(batch)
        flags = doc.get("properties") or {}
        more = bool(doc.get("exceededTransferLimit") or flags.get("exceededTransferLimit"))
        if not batch or (not more and len(batch) < PAGE_SIZE):
            break
    else:
        raise DownloadError(f"{source.url}: more than {MAX_PAGES} pages of features; check the query")
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    dest.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def fetch(source: DownloadSource, mirror: str | None, folder: Path, timeout: float) -> Fetched:
    dest = folder / source.file_name
    if mirror:
        url = f"{mirror.rstrip('/')}/{source.file_name}"
        sha = _get(url, dest, timeout)
    elif source.paged:
        url = source.url
        sha = _fetch_feature_pages(source, dest, timeout)
    else:
        url = source.url
        sha = _get(url, dest, timeout)
    if source.sha256 and sha != source.sha256.lower():
        raise DownloadError(
            f"{source.file_name} from {url}: checksum mismatch (SHA-256 {sha}, expected {source.sha256})",
            hint="the publisher changed the file or it was corrupted; check it, then update --sources",
        )
    return Fetched(source, url, dest, sha)


# --- reading and checking -----------------------------------------------------------------------
def read_csv_rows(fetched: Fetched, *, exact_headers: bool, check_rows: bool) -> list[dict[str, str]]:
    """Rows keyed by the source's declared header spelling; checks columns and row count."""
    try:
        text = fetched.path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = fetched.path.read_text(encoding="cp1252")
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    wanted = fetched.source.required
    index: dict[str, int] = {}
    folded = {h if exact_headers else h.casefold(): i for i, h in enumerate(header)}
    missing = []
    for name in wanted:
        position = folded.get(name if exact_headers else name.casefold())
        if position is None:
            missing.append(name)
        else:
            index[name] = position
    if missing:
        raise InputFileError(fetched.label, f"missing column(s): {'; '.join(missing)}")
    rows = [{name: row[i].strip() for name, i in index.items()} for row in reader if any(row)]
    expected = fetched.source.expected_rows
    if check_rows and expected is not None and len(rows) != expected:
        raise InputFileError(fetched.label, f"expected {expected:,} data rows, found {len(rows):,}")
    return rows


def _read_geojson(path: Path, label: str) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputFileError(label, f"not valid GeoJSON: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        detail = doc.get("error") if isinstance(doc, dict) else None
        raise InputFileError(label, f"not a GeoJSON FeatureCollection{f' ({detail})' if detail else ''}")
    if not isinstance(doc.get("features"), list):
        raise InputFileError(label, "FeatureCollection has no features list")
    return doc


def read_features(fetched: Fetched) -> list[tuple[dict[str, str], Any]]:
    """(properties with upper-case keys, geometry) per feature; checks required properties."""
    doc = _read_geojson(fetched.path, fetched.label)
    result = []
    for i, feature in enumerate(doc["features"]):
        props = {
            str(k).upper(): str(v) for k, v in (feature.get("properties") or {}).items() if v is not None
        }
        for name in fetched.source.required:
            if not props.get(name.upper()):
                raise InputFileError(fetched.label, "property missing", row=i + 1, field=name)
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise InputFileError(
                fetched.label, "feature has no polygon geometry", row=i + 1, field="geometry"
            )
        result.append((props, geometry))
    return result


def require_int(value: str, label: str, row: int, column: str, *, low: int | None = None) -> str:
    cleaned = value.replace(",", "")
    if not cleaned.isdigit() or (low is not None and int(cleaned) < low):
        raise InputFileError(label, f"not a whole number: '{value}'", row=row, field=column)
    return cleaned
