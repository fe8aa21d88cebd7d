"""The forms people fill in: joining, profile, pledges, progress, organisations, events, feedback."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from atr.platform.network import validators
from atr.platform.network.forms_base import GovukForm, GovukModelForm, style_fields
from atr.platform.network.models import (
    District,
    Event,
    Feedback,
    Interest,
    Member,
    Organisation,
    Pledge,
    ProgressUpdate,
)
from atr.platform.network.vocab import CONTACT_PREFERENCES, LIVED_EXPERIENCE

_PROFILE_FIELDS = [
    "display_name",
    "job_title",
    "expertise",
    "bio",
    "districts",
    "interests",
    "listed",
    "contact_preference",
    "lived_experience",
]
_PROFILE_WIDGETS = {
    "districts": forms.CheckboxSelectMultiple,
    "interests": forms.CheckboxSelectMultiple,
    "contact_preference": forms.RadioSelect,
    "lived_experience": forms.RadioSelect,
}
_PROFILE_LABELS = {
    "display_name": "Your name",
    "lived_experience": "Do you have lived experience of adversity or trauma? (optional, private)",
}


class ProfileForm(GovukModelForm):
    class Meta:
        model = Member
        fields = _PROFILE_FIELDS
        widgets = _PROFILE_WIDGETS
        labels = _PROFILE_LABELS
        help_texts = {
            "lived_experience": "Never shown to anyone; only counted with others in totals of 5 or more.",
            "listed": "Your name, role, organisations, districts and interests appear in the public search.",
        }


class JoinForm(GovukForm):
    """A new account and member profile in one step; nothing is saved unless all of it is valid."""

    email = forms.EmailField(label="Email address", max_length=254)
    password = forms.CharField(label="Password", widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(label="Password again", widget=forms.PasswordInput, strip=False)
    display_name = forms.CharField(label="Your name", max_length=120)
    job_title = forms.CharField(label="Role", max_length=120, required=False)
    organisation = forms.ModelChoiceField(
        Organisation.objects.all(), label="Organisation", required=False, empty_label="None or not listed"
    )
    districts = forms.ModelMultipleChoiceField(
        District.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Districts you work in",
    )
    interests = forms.ModelMultipleChoiceField(
        Interest.objects.all(), widget=forms.CheckboxSelectMultiple, required=False, label="Interests"
    )
    listed = forms.BooleanField(label="List me in the public directory", required=False)
    contact_preference = forms.ChoiceField(
        choices=CONTACT_PREFERENCES, widget=forms.RadioSelect, initial="via_team", label="Contact preference"
    )
    lived_experience = forms.ChoiceField(
        choices=LIVED_EXPERIENCE,
        widget=forms.RadioSelect,
        required=False,
        label=_PROFILE_LABELS["lived_experience"],
        help_text="Never shown to anyone; only counted with others in totals of 5 or more.",
    )

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if get_user_model().objects.filter(username__iexact=email).exists():
            raise ValidationError("An account with this email address already exists: sign in instead")
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", "Enter the same password twice")
        elif password:
            user = get_user_model()(username=data.get("email", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(password, user)
            except ValidationError as exc:
                self.add_error("password", " ".join(exc.messages))
        return data


class PledgeForm(GovukModelForm):
    class Meta:
        model = Pledge
        fields = ["organisation", "pledge_type", "category", "commitment", "made_date", "is_public"]
        widgets = {"pledge_type": forms.RadioSelect, "category": forms.Select}
        labels = {"organisation": "On behalf of (optional)", "made_date": "Date of the pledge"}

    def __init__(self, *args: Any, member: Member | None, lead_of: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        organisation = self.fields["organisation"]
        organisation.queryset = (
            member.organisations.all() if member is not None else Organisation.objects.all()
        )
        organisation.required = False
        self.lead_of = {o.pk for o in lead_of}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        organisation = data.get("organisation")
        if data.get("pledge_type") == "charter":
            if organisation is None:
                self.add_error("organisation", "Choose the organisation that signs the charter")
            elif organisation.pk not in self.lead_of:
                self.add_error("pledge_type", "Only a lead of the organisation can sign its charter")
        return data


class ProgressForm(GovukModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["update_date", "text"]
        labels = {"update_date": "Date"}


_ID_NORMALISERS = {
    "ods_code": validators.normalise_ods_code,
    "urn": validators.normalise_urn,
    "charity_number": validators.normalise_charity_number,
    "company_number": validators.normalise_company_number,
}


class OrganisationForm(GovukModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "sector",
            "districts",
            "description",
            "website",
            "ods_code",
            "urn",
            "charity_number",
            "company_number",
            "headcount",
        ]
        widgets = {"districts": forms.CheckboxSelectMultiple}
        labels = {"districts": "Districts served", "headcount": "Workforce headcount"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in _ID_NORMALISERS:
            # Normalise first (spaces, case, leading zeros), then the model validates the form.
            self.fields[name].validators = []
            self.fields[name].max_length = 40

    def _clean_identifier(self, name: str) -> str:
        value = str(self.cleaned_data.get(name) or "").strip()
        return _ID_NORMALISERS[name](value) if value else ""

    def clean_ods_code(self) -> str:
        return self._clean_identifier("ods_code")

    def clean_urn(self) -> str:
        return self._clean_identifier("urn")

    def clean_charity_number(self) -> str:
        return self._clean_identifier("charity_number")

    def clean_company_number(self) -> str:
        return self._clean_identifier("company_number")


class EventForm(GovukModelForm):
    class Meta:
        model = Event
        fields = ["title", "kind", "event_date", "district", "venue", "description", "capacity"]
        labels = {"event_date": "Date"}


class FeedbackForm(GovukModelForm):
    class Meta:
        model = Feedback
        fields = ["rating", "comment"]
        widgets = {"rating": forms.RadioSelect}
        labels = {"rating": "How useful was it? (1 not at all, 5 very)"}


class LoginForm(AuthenticationForm):
    """Django's sign-in form, with an email label and GOV.UK classes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        style_fields(self)

    def clean_username(self) -> str:
        return str(self.cleaned_data.get("username", "")).strip().lower()
