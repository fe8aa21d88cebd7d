"""URLs of the directory's pages. Every view names its role (``access.allow``); a test walks them all."""

from __future__ import annotations

from django.urls import path

from atr.platform.directory.views import manage, public

app_name = "directory"

urlpatterns = [
    path("services/", public.search, name="search"),
    path("services/<uuid:pk>/", public.detail, name="service"),
    # organisation leads (and the programme team)
    path("directory/manage/", manage.mine, name="manage"),
    path("directory/propose/", manage.propose, name="propose"),
    path("directory/services/<uuid:pk>/change/", manage.propose_change, name="propose_change"),
    path("directory/services/<uuid:pk>/checked/", manage.confirm_checked, name="confirm_checked"),
    # programme team
    path("directory/review/", manage.review_list, name="review"),
    path("directory/review/<int:pk>/", manage.review, name="review_proposal"),
    path("directory/stale/", manage.stale, name="stale"),
]
