from django.urls import path

from . import views

urlpatterns = [
    path("<id:pk>/decisions/", views.decision_register, name="decision_register"),
    path("<id:pk>/decisions/new", views.decision_propose, name="decision_propose"),
    path("<id:pk>/decisions/<id:decision_pk>/", views.decision_detail, name="decision_detail"),
    path("<id:pk>/bodies/<id:body_pk>/decision-rule/propose", views.decision_rule_propose,
         name="decision_rule_propose"),
    path("<id:pk>/bodies/<id:body_pk>/delegates/", views.delegate_list, name="delegate_list"),
]
