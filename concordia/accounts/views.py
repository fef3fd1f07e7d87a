import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from concordia.core.errors import DomainError
from concordia.core.views import render_form_page, run_service

from . import selectors, services
from .forms import ApiTokenForm
from .http import AuthenticatedHttpRequest


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Django's `set_language` (the language cookie, a safe `next`), and for a person logged in
    the choice saved on them too, so that it follows them to every device."""
    response = set_language(request)
    if request.user.is_authenticated:
        # An unknown language is ignored here as Django's view ignores it.
        with contextlib.suppress(DomainError):
            services.person_language_set(person=request.user,
                                         language=request.POST.get("language", ""))
    return response


@login_required
def api_token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        result = run_service(form, lambda: services.api_token_create(
            actor=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]))
        if result is not None:
            raw = result[1]
            form = ApiTokenForm()
    tokens = selectors.api_token_list(user=request.user)
    return render_form_page(request, "accounts/api_tokens.html", {"tokens": tokens, "raw": raw},
                            form)


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(selectors.api_token_list(user=request.user), pk=pk)
    try:
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("Token revoked."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("api_token_list")


