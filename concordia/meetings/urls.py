from django.urls import path

from . import views

urlpatterns = [
    path("<id:pk>/bodies/<id:body_pk>/", views.body_detail, name="body_detail"),
    path("<id:pk>/bodies/<id:body_pk>/meetings/new", views.meeting_plan, name="meeting_plan"),
    path("<id:pk>/meetings/", views.meeting_list, name="meeting_list"),
    path("<id:pk>/meetings/<id:meeting_pk>/", views.meeting_detail, name="meeting_detail"),
    path("<id:pk>/meetings/<id:meeting_pk>/edit", views.meeting_edit, name="meeting_edit"),
    path("<id:pk>/meetings/<id:meeting_pk>/attendance", views.meeting_attendance,
         name="meeting_attendance"),
    path("<id:pk>/meetings/<id:meeting_pk>/items/<id:item_pk>/edit", views.agenda_item_edit,
         name="agenda_item_edit"),
]
