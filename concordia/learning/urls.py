from django.urls import path

from . import views

urlpatterns = [
    path("<id:pk>/health-checks/", views.health_check_list, name="health_check_list"),
    path("<id:pk>/health-checks/new", views.health_check_create, name="health_check_create"),
    path("<id:pk>/health-checks/<id:check_pk>/", views.health_check_detail,
         name="health_check_detail"),
    path("<id:pk>/health-checks/<id:check_pk>/pillars/<slug:pillar>/action",
         views.improvement_action_create, name="improvement_action_create"),
    path("<id:pk>/lessons/", views.lesson_list, name="lesson_list"),
    path("<id:pk>/lessons/new", views.lesson_create, name="lesson_create"),
    path("<id:pk>/lessons/<id:lesson_pk>/", views.lesson_detail, name="lesson_detail"),
    path("<id:pk>/lessons/<id:lesson_pk>/edit", views.lesson_edit, name="lesson_edit"),
]
