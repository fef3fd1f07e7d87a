from django.urls import path

from . import views

urlpatterns = [
    path("<id:pk>/scorecard/", views.scorecard, name="scorecard"),
    path("<id:pk>/scorecard/indicators/new", views.indicator_create, name="indicator_create"),
    path("<id:pk>/scorecard/indicators/<id:indicator_pk>/", views.indicator_detail,
         name="indicator_detail"),
    path("<id:pk>/scorecard/indicators/<id:indicator_pk>/edit", views.indicator_edit,
         name="indicator_edit"),
    path("<id:pk>/scorecard/indicators/<id:indicator_pk>/retire", views.indicator_retire,
         name="indicator_retire"),
    path("<id:pk>/scorecard/indicators/<id:indicator_pk>/target", views.target_set,
         name="target_set"),
    path("<id:pk>/scorecard/indicators/<id:indicator_pk>/measure", views.measurement_create,
         name="measurement_create"),
    path("<id:pk>/scorecard/upload", views.measurement_upload, name="measurement_upload"),
    path("<id:pk>/scorecard/template.<slug:fmt>", views.measurement_template,
         name="measurement_template"),
]
