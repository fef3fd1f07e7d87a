"""The person's notifications and how they want them. Thin: form → service / selector →
template."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.core.views import render_form_page, run_service

from . import selectors, services
from .forms import PreferencesForm
from .presentation import notification_text

PAGE_SIZE = 50


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Newest first; unread ones marked, each with its own button and one for all."""
    unread_only = request.GET.get("unread") == "1"
    notifications = selectors.notification_list(user=request.user, unread_only=unread_only)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(n, notification_text(n)) for n in page.object_list]
    return render(request, "notifications/list.html", {
        "page": page, "rows": rows, "unread_only": unread_only,
    })


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    services.notification_mark_read(actor=request.user, pk=pk)
    return redirect("notification_list")


@login_required
@require_POST
def notifications_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("All notifications are marked read."))
    return redirect("notification_list")


@login_required
def notification_preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = {kind: delivery for kind, delivery, _own in
               selectors.preference_rows(user=request.user)}
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, lambda: services.preferences_set(
            actor=request.user, choices=form.cleaned_data))
        if saved is not None:
            messages.success(request, _("Your choices are saved."))
            return redirect("notification_preferences")
    return render_form_page(request, "notifications/preferences.html", {}, form)
