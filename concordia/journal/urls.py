from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/journal/", views.journal_list, name="journal_list"),
]
