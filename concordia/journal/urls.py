from django.urls import path

from . import views

urlpatterns = [
    path("<id:pk>/journal/", views.journal_list, name="journal_list"),
    path("<id:pk>/journal/checkpoint.json", views.journal_checkpoint,
         name="journal_checkpoint"),
]
