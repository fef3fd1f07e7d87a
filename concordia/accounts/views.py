from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concordia.core.errors import DomainError
from concordia.core.views import render_form_page, run_service

from . import selectors, services
from .forms import ApiTokenForm
from .http import AuthenticatedHttpRequest


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch language; remembered on the person when logged in, in a cookie otherwise."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in ("nl", "en"):
        return response
    if request.user.is_authenticated:
        try:
            services.person_language_set(person=request.user, language=language)
        except DomainError:
            return response
    translation.activate(language)
    response.set_cookie("django_language", language, max_age=365 * 24 * 3600, samesite="Lax")
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


