from django.urls import path

from . import views

urlpatterns = [
    path("<id:pk>/bodies/", views.body_list, name="body_list"),
    path("<id:pk>/bodies/new", views.body_create, name="body_create"),
    path("<id:pk>/bodies/<id:body_pk>/edit", views.body_edit, name="body_edit"),
    path("<id:pk>/bodies/<id:body_pk>/archive", views.body_archive, name="body_archive"),
    path("<id:pk>/bodies/<id:body_pk>/seats", views.body_seats, name="body_seats"),
]
