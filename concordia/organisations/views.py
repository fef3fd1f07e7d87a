from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts import selectors as account_selectors
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.core.views import render_form_page, run_service

from . import selectors, services
from .forms import OrganisationForm


@login_required
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = selectors.organisation_list(user=request.user)
    return render(request, "organisations/organisation_list.html",
                  {"organisations": organisations})


@login_required
def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisation_list(user=request.user), pk=pk)
    is_own = policy.can(request.user, "organisation.view_members", organisation)
    return render(request, "organisations/organisation_detail.html", {
        "organisation": organisation, "is_own": is_own,
        "people": account_selectors.colleague_list(user=request.user) if is_own else [],
        "may_edit": policy.can(request.user, "organisation.edit", organisation),
        "may_deactivate": policy.can(request.user, "organisation.deactivate_person",
                                     organisation),
    })


@login_required
def organisation_register(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.user.organisation_id is not None:
        return redirect("organisation_detail", pk=request.user.organisation_id)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = run_service(form, lambda: services.organisation_register(
            actor=request.user, **form.cleaned_data))
        if organisation is not None:
            messages.success(request, _("Your organisation is registered."))
            return redirect("home")
    return render_form_page(request, "organisations/organisation_form.html",
                            {"heading": _("Register your organisation")}, form)


@login_required
def organisation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisation_list(user=request.user), pk=pk)
    if not policy.can(request.user, "organisation.edit", organisation):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in form.fields}
        organisation.refresh_from_db()
        if run_service(form, lambda: services.organisation_update(
                actor=request.user, organisation=organisation, **fields)) is not None:
            messages.success(request, _("Saved."))
            return redirect("organisation_detail", pk=pk)
    return render_form_page(request, "organisations/organisation_form.html",
                            {"heading": _("Edit %(name)s") % {"name": organisation.name}}, form)
