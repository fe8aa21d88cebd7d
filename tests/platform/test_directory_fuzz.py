"""A property-based fuzz of the Open Referral UK API: schemathesis against the OpenAPI document it serves.

Every operation of the served document gets generated paths and query parameters (bounded by
``EXAMPLES`` per operation, derandomised so a run is repeatable); no answer may be a server error,
and every answer must carry ``Access-Control-Allow-Origin: *`` and a JSON body.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from directory_support import seed_small_directory
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from atr.platform.directory.openapi import openapi_document

EXAMPLES = 15
WSGI = get_wsgi_application()
schema = schemathesis.openapi.from_dict(openapi_document("http://testserver/api/oruk"))


@pytest.fixture
def directory(db: None) -> Iterator[None]:
    """The test database with a small directory, kept open across requests as Django's test client
    keeps it (a bare WSGI call would close the connection the test's transaction lives on)."""
    seed_small_directory(wards=1)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_served_document_is_the_one_fuzzed(directory: None) -> None:
    from django.test import Client

    served = json.loads(Client().get("/api/oruk/openapi.json").content)
    assert served["paths"].keys() == schema.raw_schema["paths"].keys()
    assert len(served["paths"]) == 9


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_input_makes_a_server_error(case: Any, directory: None) -> None:
    response = case.call(app=WSGI)
    assert response.status_code < 500, case.as_curl_command()
    assert response.headers.get("access-control-allow-origin") == ["*"], case.as_curl_command()
    if response.status_code != 204:
        json.loads(response.content)
