from django.urls import path

from . import views

urlpatterns = [
    path("<id:pk>/evaluation/", views.round_list, name="evaluation_rounds"),
    path("<id:pk>/evaluation/new", views.round_open, name="evaluation_round_open"),
    path("<id:pk>/evaluation/statements", views.statement_list, name="evaluation_statements"),
    path("<id:pk>/evaluation/<id:round_pk>/", views.round_detail, name="evaluation_round"),
    path("<id:pk>/evaluation/<id:round_pk>/closing", views.round_closing,
         name="evaluation_round_closing"),
]
