from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/design/", views.design_overview, name="design_overview"),
    path("<int:pk>/design/profile", views.profile_edit, name="profile_edit"),
    path("<int:pk>/design/partners/<int:partner_pk>", views.partner_design_edit,
         name="partner_design_edit"),
    path("<int:pk>/design/sheet", views.design_sheet, name="design_sheet"),
    path("<int:pk>/design/sheet.pdf", views.design_sheet_pdf, name="design_sheet_pdf"),
    path("<int:pk>/design/stage/", views.stage_page, name="stage_page"),
    path("<int:pk>/design/glossary/", views.glossary_page, name="glossary_page"),
    path("<int:pk>/design/glossary/<int:term_pk>", views.glossary_term, name="glossary_term"),
    path("<int:pk>/design/<slug:slug>/", views.statement_page, name="statement_page"),
    path("<int:pk>/design/<slug:slug>/<int:number>/endorsement", views.statement_endorse,
         name="statement_endorse"),
]
