from django.urls import path

from . import views

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("new", views.organisation_register, name="organisation_register"),
    path("<id:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<id:pk>/edit", views.organisation_edit, name="organisation_edit"),
]
