from django.urls import path

from . import views

# Saved advice lives with its alliance or organisation; included at the root.
urlpatterns = [
    path("alliances/<int:pk>/advice/", views.alliance_advice_list, name="alliance_advice_list"),
    path("alliances/<int:pk>/advice/<int:advice_pk>", views.alliance_advice_detail,
         name="alliance_advice_detail"),
    path("organisations/<int:pk>/advice/", views.organisation_advice_list,
         name="organisation_advice_list"),
    path("organisations/<int:pk>/advice/<int:advice_pk>", views.organisation_advice_detail,
         name="organisation_advice_detail"),
]
