"""The proposal form an organisation lead fills in, and the team's review decision."""

from __future__ import annotations

from typing import Any

from django import forms

from atr.platform.directory.models import Service, TaxonomyTerm
from atr.platform.directory.search import BadQuery, normalise_postcode
from atr.platform.directory.taxonomy import TAXONOMY_ID
from atr.platform.network.forms_base import GovukForm
from atr.platform.network.models import District, Organisation

TEXT_FIELDS = ("name", "description", "url", "email", "phone", "address_1", "city", "postcode")
MORE_TEXT = ("opening_hours", "cost", "languages", "accessibility")


class ProposalForm(GovukForm):
    """A new service, or a change to one: held as a proposal until the programme team reviews it."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Organisation")
    name = forms.CharField(label="Name of the service", max_length=250)
    description = forms.CharField(label="What it offers", widget=forms.Textarea, max_length=5000)
    kinds = forms.ModelMultipleChoiceField(
        queryset=TaxonomyTerm.objects.filter(taxonomy_id=TAXONOMY_ID),
        widget=forms.CheckboxSelectMultiple,
        label="Kinds of support",
        to_field_name="code",
    )
    minimum_age = forms.IntegerField(label="Youngest age served", required=False, min_value=0, max_value=130)
    maximum_age = forms.IntegerField(label="Oldest age served", required=False, min_value=0, max_value=130)
    districts = forms.ModelMultipleChoiceField(
        queryset=District.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Districts served",
        to_field_name="code",
        required=False,
    )
    url = forms.URLField(label="Web page", required=False, max_length=500, assume_scheme="https")
    email = forms.EmailField(label="Email", required=False)
    phone = forms.CharField(label="Telephone", required=False, max_length=40)
    address_1 = forms.CharField(label="Address", required=False, max_length=250)
    city = forms.CharField(label="Town or city", required=False, max_length=100)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    opening_hours = forms.CharField(label="When it is open", required=False, max_length=500)
    cost = forms.CharField(label="Cost", required=False, max_length=500, help_text="For example: free")
    languages = forms.CharField(
        label="Languages", required=False, max_length=250, help_text="Separate with commas"
    )
    accessibility = forms.CharField(label="Accessibility of the building", required=False, max_length=1000)

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            organisations if organisations is not None else Organisation.objects.none()
        )

    def clean_postcode(self) -> str:
        raw = str(self.cleaned_data.get("postcode") or "")
        if not raw:
            return ""
        try:
            code = normalise_postcode(raw)
        except BadQuery as exc:
            raise forms.ValidationError("Enter a full UK postcode, like LS1 4AP") from exc
        if " " not in code:
            raise forms.ValidationError("Enter a full UK postcode, like LS1 4AP")
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", "Enter an oldest age that is not below the youngest age")
        return data

    def proposal_data(self) -> dict[str, Any]:
        """The cleaned answers as JSON-ready data (what the proposal keeps)."""
        data = self.cleaned_data
        out: dict[str, Any] = {key: data.get(key) or "" for key in (*TEXT_FIELDS, *MORE_TEXT)}
        out["kinds"] = sorted(t.code for t in data["kinds"])
        out["districts"] = sorted(d.code for d in data.get("districts") or [])
        out["minimum_age"] = data.get("minimum_age")
        out["maximum_age"] = data.get("maximum_age")
        return out


def initial_from(service: Service) -> dict[str, Any]:
    """A proposal form's starting answers: the service as it is published."""
    location = next((s.location for s in service.service_at_locations.select_related("location")), None)
    phone = service.phones.first()
    schedule = service.schedules.first()
    access = location.accessibility.first() if location else None
    return {
        "name": service.name,
        "description": service.description,
        "kinds": list(service.terms.filter(taxonomy_id=TAXONOMY_ID)),
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "districts": list(District.objects.filter(code__in=service.service_areas.values("area_code"))),
        "url": service.url,
        "email": service.email,
        "phone": phone.number if phone else "",
        "address_1": location.address_1 if location else "",
        "city": location.city if location else "",
        "postcode": location.postal_code if location else "",
        "opening_hours": schedule.description if schedule else "",
        "cost": service.fees_description,
        "languages": ", ".join(x.name for x in service.languages.all() if x.name),
        "accessibility": access.description if access else "",
    }


class ReviewForm(GovukForm):
    decision = forms.ChoiceField(
        choices=[("approve", "Publish it"), ("return", "Return it to the organisation")],
        widget=forms.RadioSelect,
        label="Decision",
    )
    note = forms.CharField(
        label="Note to the organisation",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
        help_text="Say why, if you return it",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "return" and not data.get("note"):
            self.add_error("note", "Enter why the proposal is returned")
        return data
