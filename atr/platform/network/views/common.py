"""Small helpers every view module uses."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PAGE_SIZE = 20


def page(request: HttpRequest, items: Any, size: int = PAGE_SIZE) -> Page:
    """One page of ``items``; a missing, wrong or too-large page number gives the nearest page."""
    return Paginator(items, size).get_page(request.GET.get("page"))


def form_page(
    request: HttpRequest,
    form: Any,
    title: str,
    *,
    submit: str = "Save",
    back: str | None = None,
    intro: str | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "page_title": title, "submit_label": submit, "back_url": back, "intro": intro}
    if form.is_bound and form.errors:
        status = 400
        context["page_title"] = f"Error: {title}"
    return render(request, "network/form_page.html", context, status=status)
