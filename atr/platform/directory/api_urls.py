"""URLs of the Open Referral UK API, served under ``/api/oruk/`` (every view public, CORS open)."""

from __future__ import annotations

from django.urls import path

from atr.platform.directory import api

app_name = "oruk"

urlpatterns = [
    path("", api.root, name="root"),
    path("openapi.json", api.openapi, name="openapi"),
    path("services", api.services, name="services"),
    path("services/<str:id>", api.service, name="service"),
    path("service_at_locations", api.service_at_locations, name="service_at_locations"),
    path("service_at_locations/<str:id>", api.service_at_location, name="service_at_location"),
    path("taxonomies", api.taxonomies, name="taxonomies"),
    path("taxonomies/<str:id>", api.taxonomy, name="taxonomy"),
    path("taxonomy_terms", api.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:id>", api.taxonomy_term, name="taxonomy_term"),
    path("<path:path>", api.not_found, name="not_found"),
]
