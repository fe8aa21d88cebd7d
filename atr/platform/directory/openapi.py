"""The OpenAPI 3.0 document this API serves at ``/api/oruk/openapi.json``.

Written here, not copied: it describes this platform's implementation of the Open Referral UK
profile (the same paths, the profile's query parameters and its ``Page`` envelope), so clients and
the fuzz test (schemathesis) can drive it. Item shapes are only sketched (an object with an
``id``); the profile's own JSON Schemas are the reference, and the conformance test checks every
answer against them.
"""

from __future__ import annotations

from typing import Any

_STRING = {"type": "string"}
_PARAMETERS: dict[str, tuple[str, dict[str, Any]]] = {
    "search": ("Words to look for (full-text search).", _STRING),
    "page": ("Page number, from 1.", {"type": "integer", "minimum": 1}),
    "per_page": ("Results per page (at most 500).", {"type": "integer", "minimum": 1}),
    "taxonomy_term_id": ("Services with this taxonomy term (its id, or one of our codes).", _STRING),
    "taxonomy_id": ("Services with any term of this taxonomy.", _STRING),
    "minimum_age": ("Services whose minimum age is at least this.", {"type": "number"}),
    "maximum_age": ("Services whose maximum age is at most this.", {"type": "number"}),
    "start_time": ("Services that open at or after this time (HH:MM:SS).", _STRING),
    "end_time": ("Services that close at or before this time (HH:MM:SS).", _STRING),
    "day": ("Services open on this day (MO, TU, WE, TH, FR, SA, SU).", _STRING),
    "postcode": ("Services whose service area holds this postcode.", _STRING),
    "proximity": ("With postcode: services within this many metres of it.", {"type": "number"}),
    "full": ("true: fully nested services in the page.", {"type": "boolean"}),
}
_LIST_PARAMETERS = (
    "search",
    "page",
    "per_page",
    "taxonomy_term_id",
    "taxonomy_id",
    "minimum_age",
    "maximum_age",
)
_SCHEDULE_PARAMETERS = ("start_time", "end_time", "day")


def _item() -> dict[str, Any]:
    return {"type": "object", "required": ["id"], "properties": {"id": _STRING}}


def _page() -> dict[str, Any]:
    return {
        "allOf": [{"$ref": "#/components/schemas/Page"}],
        "properties": {"contents": {"type": "array", "items": _item()}},
    }


def _ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": description, "content": {"application/json": {"schema": schema}}}
    }
    responses["400"] = {"description": "A query parameter is wrong (the body says which)."}
    return responses


def _get(
    summary: str, operation: str, parameters: tuple[str, ...], schema: dict[str, Any], *, by_id: bool = False
) -> dict[str, Any]:
    params: list[dict[str, Any]] = [{"$ref": f"#/components/parameters/{p}"} for p in parameters]
    if by_id:
        params.append({"in": "path", "name": "id", "required": True, "schema": _STRING})
    responses = _ok(summary, schema)
    if by_id:
        responses["404"] = {"description": "No record with this id (JSON body)."}
    return {
        "get": {"summary": summary, "operationId": operation, "parameters": params, "responses": responses}
    }


def openapi_document(server: str) -> dict[str, Any]:
    """The document, with ``server`` (this API's absolute address) as its one server."""
    listing = (*_LIST_PARAMETERS, *_SCHEDULE_PARAMETERS)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "ATR Observatory service directory (Open Referral UK)",
            "version": "3.0",
            "description": "Open Referral UK (HSDS 3.0, UK profile) API of the ATR Network platform's directory.",
        },
        "servers": [{"url": server}],
        "paths": {
            "/": _get("About this API", "getAPIMetaInformation", (), {"type": "object"}),
            "/services": _get(
                "Services, paged",
                "getPaginatedListOfServices",
                (*listing, "postcode", "proximity", "full"),
                _page(),
            ),
            "/services/{id}": _get(
                "One fully nested service", "getFullyNestedServiceById", (), _item(), by_id=True
            ),
            "/service_at_locations": _get(
                "Services at locations, paged",
                "getPaginatedListOfServiceAtLocation",
                (*listing, "postcode", "proximity"),
                _page(),
            ),
            "/service_at_locations/{id}": _get(
                "One service at a location, fully nested",
                "getServiceAtLocationWithNestedDataById",
                (),
                _item(),
                by_id=True,
            ),
            "/taxonomies": _get(
                "Taxonomies, paged", "getPaginatedListOfTaxonomies", ("page", "per_page"), _page()
            ),
            "/taxonomies/{id}": _get(
                "One taxonomy with its terms", "getTaxonomyById", (), _item(), by_id=True
            ),
            "/taxonomy_terms": _get(
                "Taxonomy terms, paged", "getPaginatedListOfTaxonomyTerms", ("page", "per_page"), _page()
            ),
            "/taxonomy_terms/{id}": _get("One taxonomy term", "getTaxonomyTermById", (), _item(), by_id=True),
        },
        "components": {
            "parameters": {
                name: {"name": name, "in": "query", "required": False, "description": text, "schema": schema}
                for name, (text, schema) in _PARAMETERS.items()
            },
            "schemas": {
                "Page": {
                    "type": "object",
                    "required": [
                        "total_items",
                        "total_pages",
                        "page_number",
                        "size",
                        "first_page",
                        "last_page",
                        "empty",
                    ],
                    "properties": {
                        "total_items": {"type": "integer"},
                        "total_pages": {"type": "integer"},
                        "page_number": {"type": "integer"},
                        "size": {"type": "integer"},
                        "first_page": {"type": "boolean"},
                        "last_page": {"type": "boolean"},
                        "empty": {"type": "boolean"},
                    },
                }
            },
        },
    }
