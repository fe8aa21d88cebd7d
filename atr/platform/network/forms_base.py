"""GOV.UK-style form plumbing shared by every form: widget classes and plain-text field rules.

Each field gets the GOV.UK class for its widget; dates use the browser's date input. Error
messages are written the GOV.UK way ("Enter …", "Choose …"), one per field.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms

_WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (forms.RadioSelect, "govuk-radios__input"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.Textarea, "govuk-textarea"),
    (forms.Select, "govuk-select"),
    (forms.ClearableFileInput, "govuk-file-upload"),
    (forms.FileInput, "govuk-file-upload"),
    (forms.DateInput, "govuk-input govuk-input--width-10"),
    (forms.NumberInput, "govuk-input govuk-input--width-5"),
    (forms.widgets.Input, "govuk-input"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class GovukForm(forms.Form):
    """A form whose widgets carry GOV.UK classes and whose text has no control characters."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self) -> dict[str, Any]:
        return strip_controls(super().clean())


class GovukModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self) -> dict[str, Any]:
        return strip_controls(super().clean())


def style_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(field, forms.DateField) and not isinstance(widget, DateInput):
            widget = field.widget = DateInput()
        for kind, css in _WIDGET_CLASSES:
            if isinstance(widget, kind):
                widget.attrs.setdefault("class", css)
                break
        label = str(field.label or "this").lower()
        choose = isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.FileField)
        field.error_messages["required"] = f"{'Choose' if choose else 'Enter'} {label}"
        if isinstance(field, forms.CharField) and field.max_length and not isinstance(widget, forms.Textarea):
            widget.attrs.pop("maxlength", None)  # the server says "too long" once, plainly


def strip_controls(data: dict[str, Any]) -> dict[str, Any]:
    """Remove invisible control characters (keeping tabs and newlines) from text values."""
    return {k: _CONTROL.sub("", v) if isinstance(v, str) else v for k, v in data.items()}
