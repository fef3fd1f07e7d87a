from django.urls import path

from . import calendar_views as views

urlpatterns = [
    path("alliances/<id:pk>/meetings/<id:meeting_pk>/calendar.ics", views.meeting_ics,
         name="meeting_ics"),
    path("alliances/<id:pk>/meetings/<id:meeting_pk>/agenda.pdf", views.meeting_agenda_pdf,
         name="meeting_agenda_pdf"),
    path("alliances/<id:pk>/meetings/<id:meeting_pk>/minutes.pdf", views.meeting_minutes_pdf,
         name="meeting_minutes_pdf"),
    path("calendar", views.calendar_feed_settings, name="calendar_feed_settings"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
