"""The workforce forms (GOV.UK styled through the network's form plumbing)."""

from __future__ import annotations

from typing import Any

from django import forms

from atr.platform.network.forms_base import GovukForm, GovukModelForm
from atr.platform.workforce.levels import LEVELS, normalise_role
from atr.platform.workforce.models import Completion, Course, RoleRequirement, SurveyRound
from atr.platform.workforce.upload import COLUMNS, MAX_BYTES


class UploadForm(GovukForm):
    file = forms.FileField(
        label="Completions file (CSV or Excel)",
        help_text=(
            f"A .csv or .xlsx file with the columns {', '.join(COLUMNS)} (team may be empty); "
            f"at most {MAX_BYTES // (1024 * 1024)} MB."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class CompletionForm(GovukModelForm):
    class Meta:
        model = Completion
        fields = ["staff_ref", "role", "team", "course", "completed_on"]
        labels = {"staff_ref": "Staff reference", "completed_on": "Completion date"}
        help_texts = {"staff_ref": "Your organisation's own reference for the person, not their name"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(active=True)


class RequirementForm(GovukModelForm):
    class Meta:
        model = RoleRequirement
        fields = ["role", "level"]
        help_texts = {"role": "As it appears in your completions files, for example 'Support worker'"}
        widgets = {"level": forms.RadioSelect(choices=LEVELS)}

    def clean_role(self) -> str:
        return normalise_role(self.cleaned_data["role"])


class CourseForm(GovukModelForm):
    class Meta:
        model = Course
        fields = ["code", "title", "provider", "hours", "delivery_mode", "level", "active"]


class SurveyRoundForm(GovukModelForm):
    tokens = forms.IntegerField(
        label="How many single-use links",
        min_value=10,
        max_value=5000,
        initial=50,
        help_text="One for each person invited; results show only once 10 people have answered.",
    )

    class Meta:
        model = SurveyRound
        fields = ["title", "opens_on", "closes_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        return data
