"""Template filters that render Django form fields as GOV.UK Design System markup."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()

_ERROR_CLASS = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


@register.filter
def kind(bound: Any) -> str:
    """'checkboxes', 'radios', 'checkbox' or 'input' (how the field is laid out)."""
    widget = bound.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


@register.filter
def govuk_widget(bound: Any) -> SafeString:
    """The field's widget with the error class and the ids of its hint and error message."""
    attrs: dict[str, str] = {}
    css = str(bound.field.widget.attrs.get("class", ""))
    described = []
    if bound.help_text:
        described.append(f"{bound.auto_id}-hint")
    if bound.errors:
        described.append(f"{bound.auto_id}-error")
        base = css.split(" ")[0]
        if base in _ERROR_CLASS:
            attrs["class"] = f"{css} {_ERROR_CLASS[base]}"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return SafeString(bound.as_widget(attrs=attrs))


@register.filter
def first_error_id(bound: Any) -> str:
    """The id the error summary links to: the first box of a group, else the field itself."""
    if kind(bound) in ("checkboxes", "radios"):
        return f"{bound.auto_id}_0"
    return str(bound.auto_id)
