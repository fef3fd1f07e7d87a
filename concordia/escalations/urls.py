from django.urls import path

from . import views

urlpatterns = [
    path("<id:pk>/escalations/", views.bottleneck_list, name="bottleneck_list"),
    path("<id:pk>/escalations/new", views.bottleneck_create, name="bottleneck_create"),
    path("<id:pk>/escalations/ladder", views.ladder_settings, name="ladder_settings"),
    path("<id:pk>/escalations/<id:bottleneck_pk>/", views.bottleneck_detail,
         name="bottleneck_detail"),
]
