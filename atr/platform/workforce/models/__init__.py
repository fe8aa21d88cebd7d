"""The workforce tables. One module per part; Django finds them through this package."""

from __future__ import annotations

from atr.platform.workforce.models.assessment import AssessmentAnswer, AssessmentRound
from atr.platform.workforce.models.training import (
    Completion,
    CompletionUpload,
    Course,
    RoleRequirement,
    StaffMember,
)
from atr.platform.workforce.models.wellbeing import SurveyResponse, SurveyRound, SurveyToken

__all__ = [
    "AssessmentAnswer",
    "AssessmentRound",
    "Completion",
    "CompletionUpload",
    "Course",
    "RoleRequirement",
    "StaffMember",
    "SurveyResponse",
    "SurveyRound",
    "SurveyToken",
]
