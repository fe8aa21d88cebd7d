"""URLs of the workforce app. Every view names its role (``access.allow``); a test walks them all."""

from __future__ import annotations

from django.urls import path

from atr.platform.workforce.views import assessment, system, training, wellbeing

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
    path("organisations/<int:pk>/self-assessment/", assessment.assessments, name="assessments"),
    path("organisations/<int:pk>/self-assessment/new/", assessment.new_assessment, name="new_assessment"),
    path("self-assessments/<int:pk>/", assessment.round_view, name="round"),
    path("self-assessments/<int:pk>/review/", assessment.review, name="review"),
    path("self-assessments/<int:pk>/report/", assessment.report, name="report"),
    path("self-assessments/<int:pk>/report.pdf", assessment.report_pdf, name="report_pdf"),
    path("organisations/<int:pk>/wellbeing/", wellbeing.surveys, name="surveys"),
    path("survey/<str:token>/", wellbeing.survey, name="survey"),
    path("system/", system.system, name="system"),
]
