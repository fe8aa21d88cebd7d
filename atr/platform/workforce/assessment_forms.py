"""The self-assessment form, built from the round's item bank (one score and one note per item)."""

from __future__ import annotations

from typing import Any

from django import forms

from atr.platform.network.forms_base import GovukForm, style_fields
from atr.platform.workforce.item_bank import ItemBank


class AssessmentForm(GovukForm):
    """Fields ``score_<item>`` (radios on the bank's scale, optional in a draft) and ``evidence_<item>``."""

    def __init__(self, bank: ItemBank, *args: Any, **kwargs: Any) -> None:
        self.bank = bank
        super().__init__(*args, **kwargs)
        choices = [(str(p.score), f"{p.score} – {p.label}: {p.meaning}") for p in bank.scale]
        for section, item in bank.items():
            self.fields[f"score_{item.id}"] = forms.TypedChoiceField(
                label=f"{item.id}. {item.text}",
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
            self.fields[f"evidence_{item.id}"] = forms.CharField(
                label=f"Evidence for {item.id} ({section.title})",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        style_fields(self)

    def answers(self) -> dict[str, tuple[int | None, str]]:
        return {
            item.id: (
                self.cleaned_data.get(f"score_{item.id}"),
                self.cleaned_data.get(f"evidence_{item.id}", ""),
            )
            for _, item in self.bank.items()
        }

    def sections(self) -> list[tuple[Any, list[tuple[Any, Any]]]]:
        """(section, [(score field, evidence field), …]) for the template."""
        return [
            (section, [(self[f"score_{i.id}"], self[f"evidence_{i.id}"]) for i in section.items])
            for section in self.bank.sections
        ]


def initial_answers(scores: dict[str, int], evidence: dict[str, str]) -> dict[str, object]:
    return {
        **{f"score_{k}": str(v) for k, v in scores.items()},
        **{f"evidence_{k}": v for k, v in evidence.items()},
    }


class ReviewForm(GovukForm):
    note = forms.CharField(
        label="Review note for the organisation",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
