"""The answer page and its thanks: reached by a personal link, without log-in."""

from django.urls import path

from . import views

urlpatterns = [
    path("evaluation/answer/<str:token>", views.answer, name="evaluation_answer"),
    path("evaluation/thanks", views.thanks, name="evaluation_thanks"),
]
