"""Helpers for the directory's tests: a small synthetic directory and the profile's local schemas.

The Open Referral UK standard is read from ``../shared/standards/openreferral-uk`` (or the folder
named by ``$ATR_ORUK_STANDARD``); it is never copied into the project, and tests that need it skip
with the reason when it is absent. Nothing is fetched: every ``$ref`` resolves to a local file.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CALDERDALE = "E08000033"
SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
OPENAPI_URI = "urn:atr:oruk-openapi30"


def standard_dir() -> Path:
    folder = Path(
        os.environ.get("ATR_ORUK_STANDARD") or REPO / ".." / "shared" / "standards" / "openreferral-uk"
    )
    if not (folder / "openapi30.json").is_file():
        pytest.skip(f"the Open Referral UK standard is not at {folder} (set ATR_ORUK_STANDARD)")
    return folder.resolve()


@functools.cache
def small_areas() -> tuple[Any, ...]:
    """Calderdale's LSOAs on the synthetic geography (a small directory: about 100 services)."""
    from atr.reference import ReferenceSource
    from atr.synthetic import areas_from_reference

    folder = Path(tempfile.mkdtemp(prefix="atr-directory-ref-"))
    areas = areas_from_reference(ReferenceSource("synthetic", folder))
    return tuple(a for a in areas if a.district_code == CALDERDALE)


def few_areas(wards: int) -> list[Any]:
    """The LSOAs of Calderdale's first ``wards`` wards (by code)."""
    keep = sorted({a.ward_code for a in small_areas()})[:wards]
    return [a for a in small_areas() if a.ward_code in keep]


def small_records(seed: int = 11, wards: int = 3) -> list[dict[str, Any]]:
    """Every kind of service in a few wards (about 14 per ward, less the planted gaps, plus 14)."""
    from atr.synthetic import synthetic_services

    return synthetic_services(few_areas(wards), seed=seed, services=40)


def seed_small_directory(seed: int = 11, wards: int = 3) -> list[dict[str, Any]]:
    """Postcodes and some 50 published services in the test database; returns the records."""
    from atr.platform.directory.demo import seed_directory

    areas = small_areas()
    records = small_records(seed, wards)
    postcodes = [
        (a.postcode, a.lsoa_code, a.ward_code, a.district_code, a.latitude, a.longitude) for a in areas
    ]
    report = seed_directory(postcodes, records)
    assert not report.rejected, report.rejected[:3]
    return records


@functools.cache
def registry() -> Any:
    """The profile's schemas and OpenAPI document as one local ``referencing`` registry."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    folder = standard_dir()
    resources = []
    for path in sorted((folder / "schema").glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources += [(SCHEMA_BASE + path.name, resource), (SCHEMA_BASE + "compiled/" + path.name, resource)]
    openapi = json.loads((folder / "openapi30.json").read_text(encoding="utf-8"))
    resources.append((OPENAPI_URI, Resource.from_contents(openapi, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def response_schema(path: str) -> dict[str, Any]:
    """The 200 body schema of ``path`` in the profile's OpenAPI document, as a local $ref."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return {"$ref": f"{OPENAPI_URI}#/paths/{pointer}/get/responses/200/content/application~1json/schema"}


def schema_file(name: str) -> dict[str, Any]:
    return {"$ref": SCHEMA_BASE + name}


def validate(body: Any, schema: dict[str, Any]) -> list[str]:
    """Every problem of ``body`` against ``schema`` (formats checked), as readable lines."""
    from jsonschema import Draft202012Validator, FormatChecker

    validator = Draft202012Validator(schema, registry=registry(), format_checker=FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]
