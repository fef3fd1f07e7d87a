from django.urls import path

from . import views

YEAR = "<id:pk>/plans/<id:year>"
VERSION = f"{YEAR}/versions/<id:number>"

urlpatterns = [
    path("<id:pk>/plans/", views.plan_list, name="plan_list"),
    path("<id:pk>/plans/new", views.plan_start, name="plan_start"),
    path(f"{YEAR}/", views.plan_detail, name="plan_detail"),
    path(f"{YEAR}/versions/", views.plan_versions, name="plan_versions"),
    path(f"{YEAR}/adjust", views.plan_adjust, name="plan_adjust"),
    path(f"{VERSION}/", views.plan_version, name="plan_version"),
    path(f"{VERSION}/objectives/new", views.objective_create, name="plan_objective_create"),
    path(f"{VERSION}/propose", views.plan_propose, name="plan_propose"),
    path(f"{VERSION}/partners/<id:partner_pk>/confirm", views.deployment_confirm,
         name="plan_deployment_confirm"),
    path(f"{VERSION}/partners/<id:partner_pk>/endorse", views.plan_endorse,
         name="plan_endorse"),
    path("<id:pk>/plans/objectives/<id:objective_pk>/activities/new", views.activity_create,
         name="plan_activity_create"),
    path("<id:pk>/plans/objectives/<id:objective_pk>/edit", views.objective_edit,
         name="plan_objective_edit"),
    path("<id:pk>/plans/activities/<id:activity_pk>/edit", views.activity_edit,
         name="plan_activity_edit"),
    path("<id:pk>/plans/activities/<id:activity_pk>/deployment", views.deployment_edit,
         name="plan_deployment_edit"),
    path("<id:pk>/plans/activities/<id:activity_pk>/actual", views.actual_record,
         name="plan_actual_record"),
]
