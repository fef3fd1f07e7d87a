from django.conf import settings
from django.urls import include, path, register_converter

from concordia.alliances import views as alliance_views
from concordia.api.main import api
from concordia.api.views import api_docs
from concordia.core import health
from concordia.core.ids import IdConverter

# Before the apps' routes are included: they all spell their ids <id:...>.
register_converter(IdConverter, "id")

urlpatterns = [
    path("api/v1/docs", api_docs, name="api_docs"),
    path("api/v1/", api.urls),
    path("accounts/", include("allauth.urls")),
    path("health", health.health, name="health"),
    path("", include("concordia.accounts.urls")),
    path("organisations/<id:pk>/people/<id:person_pk>/deactivate",
         alliance_views.person_deactivate, name="person_deactivate"),
    path("organisations/", include("concordia.organisations.urls")),
    path("alliances/", include("concordia.alliances.urls")),
    path("alliances/", include("concordia.journal.urls")),
    path("alliances/", include("concordia.design.urls")),
    path("alliances/", include("concordia.blocks.urls")),
    path("alliances/", include("concordia.bodies.urls")),
    path("alliances/", include("concordia.meetings.urls")),
    path("alliances/", include("concordia.meetings.urls_minutes")),
    path("", include("concordia.meetings.urls_calendar")),
    path("alliances/", include("concordia.actions.urls")),
    path("alliances/", include("concordia.decisions.urls")),
    path("alliances/", include("concordia.agreements.urls")),
    path("alliances/", include("concordia.escalations.urls")),
    path("alliances/", include("concordia.evaluation.results_urls")),
    path("alliances/", include("concordia.learning.urls")),
    path("alliances/", include("concordia.scorecard.urls")),
    path("alliances/", include("concordia.settlement.urls")),
    path("alliances/", include("concordia.plans.urls")),
    path("alliances/", include("concordia.reports.urls")),
    path("alliances/", include("concordia.evaluation.urls")),
    path("alliances/", include("concordia.reviews.urls")),
    path("", include("concordia.reviews.urls_invitations")),
    path("", include("concordia.evaluation.urls_answer")),
    path("", include("concordia.notifications.urls")),
    path("", include("concordia.todo.urls")),
    path("", include("concordia.alliances.urls_invitations")),
    path("model/", include("concordia.handbook.urls")),
    path("advisor/", include("concordia.advisor.urls")),
    path("", include("concordia.advisor.urls_saved")),
]

if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor", alliance_views.floor, name="bench_floor"))
