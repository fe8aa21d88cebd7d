"""URLs of the workforce app. Every view names its role (``access.allow``); a test walks them all."""

from __future__ import annotations

from django.urls import path

from atr.platform.workforce.views import system, training

app_name = "workforce"

urlpatterns = [
    path("", training.home, name="home"),
    path("courses/", training.courses, name="courses"),
    path("courses/new/", training.new_course, name="new_course"),
    path("organisations/<int:pk>/", training.organisation, name="organisation"),
    path("organisations/<int:pk>/upload/", training.upload, name="upload"),
    path("organisations/<int:pk>/template.csv", training.template_csv, name="template"),
    path("organisations/<int:pk>/completions/new/", training.add_completion, name="add_completion"),
    path("organisations/<int:pk>/levels/", training.requirements, name="requirements"),
    path("system/", system.system, name="system"),
]
