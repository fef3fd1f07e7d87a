from django.urls import path

from . import views

urlpatterns = [
    path("<id:pk>/agreements/", views.agreement_list, name="agreement_list"),
    path("<id:pk>/agreements/new", views.agreement_create, name="agreement_create"),
    path("<id:pk>/agreements/<id:agreement_pk>/", views.agreement_detail,
         name="agreement_detail"),
    path("<id:pk>/agreements/<id:agreement_pk>/edit", views.agreement_edit,
         name="agreement_edit"),
    path("<id:pk>/agreements/<id:agreement_pk>/versions/new", views.agreement_version_propose,
         name="agreement_version_propose"),
    path("<id:pk>/agreements/<id:agreement_pk>/versions/<id:number>/", views.agreement_version,
         name="agreement_version"),
    path("<id:pk>/agreements/<id:agreement_pk>/versions/<id:number>/signature",
         views.agreement_sign, name="agreement_sign"),
]
