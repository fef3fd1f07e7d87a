from django.urls import path

from . import minutes_views as views

MINUTES = "<id:pk>/meetings/<id:meeting_pk>/minutes"

urlpatterns = [
    path(MINUTES, views.minutes_detail, name="minutes_detail"),
    path(f"{MINUTES}/versions/<id:number>", views.minutes_version, name="minutes_version"),
    path(f"{MINUTES}/draft", views.minutes_draft, name="minutes_draft"),
    path(f"{MINUTES}/circulate", views.minutes_circulate, name="minutes_circulate"),
    path(f"{MINUTES}/corrections", views.minutes_correction_propose,
         name="minutes_correction_propose"),
    path(f"{MINUTES}/corrections/<id:correction_pk>/resolve", views.minutes_correction_resolve,
         name="minutes_correction_resolve"),
    path(f"{MINUTES}/approve", views.minutes_approve, name="minutes_approve"),
]
