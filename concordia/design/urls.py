from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/design/", views.design_overview, name="design_overview"),
    path("<int:pk>/design/profile", views.profile_edit, name="profile_edit"),
    path("<int:pk>/design/partners/<int:partner_pk>", views.partner_design_edit,
         name="partner_design_edit"),
    path("<int:pk>/design/<slug:slug>/", views.statement_page, name="statement_page"),
    path("<int:pk>/design/<slug:slug>/<int:number>/endorsement", views.statement_endorse,
         name="statement_endorse"),
]
