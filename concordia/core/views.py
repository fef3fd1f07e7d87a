"""Helpers every HTML view shares: turning service errors into form errors."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import DomainError


def run_service(form: forms.BaseForm, call: Callable[[], Any]) -> Any:
    """Call a service; a DomainError lands on the form (on its field when it names one).

    Returns the service's result, or None when the form now carries the error.
    """
    try:
        return call()
    except DomainError as exc:
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
        return None


def render_form_page(request: HttpRequest, template: str, context: dict[str, Any],
                     form: forms.BaseForm) -> HttpResponse:
    """Re-render with 422 when the form has errors, so clients and tests see the refusal."""
    status = 422 if form.is_bound and form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)
