"""Read a service directory as an Open Referral UK feed (contract §6.4).

A feed is either the address of a live API (``https://…/api/oruk``, read page by page from
``/services``) or a folder of the JSON its ``/services`` pages return (``services-page-1.json``,
…). Both are the profile's ``Page`` envelope (``contents``, ``page_number``, ``total_pages``,
``last_page``). A ``/services`` page item may be the short ``service_list`` shape (no locations,
areas or taxonomy terms): from a live API the full record is then fetched from
``/services/{id}``; in a folder it is read as it is. Pages are asked for with ``full=true``, which
this project's own API answers with full services (one request a page, not one a service) and
other APIs ignore.

A broken page (not JSON, no ``contents``) stops the read with an error naming the file or
address and the field: a directory silently read in part would show false gaps. A broken record
only sets that record aside, with its reason, so every record is accounted for: read, then
placed or rejected (:mod:`atr.provision.place`).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from atr.errors import InputFileError

PAGE_FILE = re.compile(r"services-page-(\d+)\.json$")
PER_PAGE = 100
TIMEOUT_SECONDS = 30
MAX_PAGES = 10_000
"""A live API that never says ``last_page`` stops here rather than looping for ever."""


@dataclass(frozen=True)
class RawRecord:
    """One item of one page, as read: where it came from, so a problem can be named."""

    where: str  # the file or address of its page
    page: int
    index: int  # 1 = the first item of its page
    item: Any


def is_live(source: str | Path) -> bool:
    return str(source).startswith(("http://", "https://"))


def describe_record(record: RawRecord) -> str:
    return f"{record.where}, record {record.index}"


def _page_contents(page: Any, where: str) -> list[Any]:
    if not isinstance(page, dict):
        raise InputFileError(where, "not an Open Referral UK page (expected a JSON object)")
    contents = page.get("contents")
    if not isinstance(contents, list):
        raise InputFileError(where, "no list of services", field="contents")
    return contents


def _page_files(folder: Path) -> list[tuple[int, Path]]:
    if not folder.is_dir():
        raise InputFileError(folder, "service directory folder not found")
    found = sorted(
        (int(m.group(1)), p) for p in folder.iterdir() if (m := PAGE_FILE.search(p.name)) is not None
    )
    if not found:
        raise InputFileError(
            folder, "no services-page-N.json files", hint="save each /services page of the feed as one"
        )
    numbers = [n for n, _ in found]
    missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
    if missing:
        raise InputFileError(folder, f"page files missing: services-page-{missing[0]}.json")
    return found


def read_folder(folder: Path) -> Iterator[RawRecord]:
    """Every record of every ``services-page-N.json`` in ``folder``, in page order."""
    for number, path in _page_files(folder):
        try:
            page = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputFileError(path, f"not valid JSON: {exc}") from exc
        for index, item in enumerate(_page_contents(page, str(path)), start=1):
            yield RawRecord(str(path), number, index, item)


def _get_json(url: str) -> Any:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        raise InputFileError(url, f"the directory answered HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError) as exc:
        raise InputFileError(url, f"the directory could not be reached: {exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError(url, f"not valid JSON: {exc}") from exc


def _is_short(item: Any) -> bool:
    """A ``service_list`` item: none of the nested lists a full service carries."""
    return isinstance(item, dict) and not any(
        key in item for key in ("service_at_locations", "service_areas", "attributes")
    )


def read_live(base: str, *, per_page: int = PER_PAGE) -> Iterator[RawRecord]:
    """Every record of a live API's ``/services``, page by page, full records where needed."""
    root = base.rstrip("/")
    for number in range(1, MAX_PAGES + 1):
        query = {"page": number, "per_page": per_page, "full": "true"}
        url = f"{root}/services?{urllib.parse.urlencode(query)}"
        page = _get_json(url)
        contents = _page_contents(page, url)
        for index, item in enumerate(contents, start=1):
            if _is_short(item) and isinstance(item.get("id"), str):
                item = _get_json(f"{root}/services/{urllib.parse.quote(item['id'], safe='')}")
            yield RawRecord(url, number, index, item)
        total = page.get("total_pages")
        if page.get("last_page") is True or not contents or (isinstance(total, int) and number >= total):
            return
    raise InputFileError(root, f"more than {MAX_PAGES} pages: the feed never reports its last page")


def read_feed(source: str | Path) -> Iterator[RawRecord]:
    """Every record of a feed: a live API address or a folder of page files."""
    if is_live(source):
        return read_live(str(source))
    return read_folder(Path(source))


__all__ = ["PAGE_FILE", "RawRecord", "describe_record", "is_live", "read_feed", "read_folder", "read_live"]
