"""The platform's URLs: one include per app; later issues add ``workforce`` and ``directory`` here."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "ATR Network administration"
admin.site.site_title = "ATR Network admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("atr.platform.network.urls")),
    path("workforce/", include("atr.platform.workforce.urls")),
    path("", include("atr.platform.directory.urls")),
    path("api/oruk/", include("atr.platform.directory.api_urls")),
]
