from django.urls import path

from . import views

urlpatterns = [
    path("<id:pk>/journal/", views.journal_list, name="journal_list"),
]
