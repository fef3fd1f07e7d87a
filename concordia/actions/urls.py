from django.urls import path

from . import views

urlpatterns = [
    path("<id:pk>/actions/", views.action_list, name="action_list"),
    path("<id:pk>/actions/new", views.action_create, name="action_create"),
    path("<id:pk>/actions/<id:action_pk>/", views.action_detail, name="action_detail"),
]
