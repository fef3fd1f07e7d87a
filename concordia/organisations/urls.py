from django.urls import path

from . import views

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("new", views.organisation_register, name="organisation_register"),
    path("<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<int:pk>/edit", views.organisation_edit, name="organisation_edit"),
    path("<int:pk>/people/<int:person_pk>/deactivate", views.person_deactivate,
         name="person_deactivate"),
]
