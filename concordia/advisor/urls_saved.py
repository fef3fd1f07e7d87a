from django.urls import path

from . import views

# Saved advice lives with its alliance or organisation; included at the root.
urlpatterns = [
    path("alliances/<id:pk>/advice/", views.alliance_advice_list, name="alliance_advice_list"),
    path("alliances/<id:pk>/advice/<id:advice_pk>", views.alliance_advice_detail,
         name="alliance_advice_detail"),
    path("organisations/<id:pk>/advice/", views.organisation_advice_list,
         name="organisation_advice_list"),
    path("organisations/<id:pk>/advice/<id:advice_pk>", views.organisation_advice_detail,
         name="organisation_advice_detail"),
]
