"""Two pieces of middleware the framework does not give: extra headers and deny-by-default.

Deny by default: every view the platform serves must say who may use it (the
:func:`atr.platform.network.access.allow` decorator); a view that says nothing answers 403, so a
forgotten decorator fails closed. Django's admin and static files keep their own checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden

Handler = Callable[[HttpRequest], HttpResponse]

_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
_FRAMEWORK_MODULES = ("django.contrib.admin", "django.contrib.staticfiles", "django.views.static")


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", _PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            # Pages for a signed-in person are theirs alone: never kept by shared caches.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response


class DenyByDefaultMiddleware:
    """Refuse any view that does not declare its access rule."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if getattr(view_func, "atr_access", None) is not None:
            return None
        module = getattr(view_func, "__module__", "") or ""
        if module.startswith(_FRAMEWORK_MODULES):
            return None
        return HttpResponseForbidden("This page does not declare who may see it.")
