from django.urls import path

from . import views

urlpatterns = [
    path("language", views.language_set, name="language_set"),
    path("tokens/", views.api_token_list, name="api_token_list"),
    path("tokens/<id:pk>/revoke", views.api_token_revoke, name="api_token_revoke"),
]
