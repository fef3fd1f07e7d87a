from django.urls import path

from . import views

urlpatterns = [
    path("<id:pk>/design/", views.design_overview, name="design_overview"),
    path("<id:pk>/design/profile", views.profile_edit, name="profile_edit"),
    path("<id:pk>/design/partners/<id:partner_pk>", views.partner_design_edit,
         name="partner_design_edit"),
    path("<id:pk>/design/sheet", views.design_sheet, name="design_sheet"),
    path("<id:pk>/design/sheet.pdf", views.design_sheet_pdf, name="design_sheet_pdf"),
    path("<id:pk>/design/stage/", views.stage_page, name="stage_page"),
    path("<id:pk>/design/stage/raters", views.stage_raters, name="stage_raters"),
    path("<id:pk>/design/glossary/", views.glossary_page, name="glossary_page"),
    path("<id:pk>/design/glossary/<id:term_pk>", views.glossary_term, name="glossary_term"),
    path("<id:pk>/design/glossary/<id:term_pk>/versions/<id:number>", views.glossary_version,
         name="glossary_version"),
    path("<id:pk>/design/glossary/<id:term_pk>/versions/<id:number>/endorsement",
         views.glossary_endorse, name="glossary_endorse"),
    path("<id:pk>/design/glossary/<id:term_pk>/versions/<id:number>/remarks",
         views.glossary_remark, name="glossary_remark"),
    path("<id:pk>/design/glossary/<id:term_pk>/versions/<id:number>/withdrawal",
         views.glossary_proposal_withdraw, name="glossary_proposal_withdraw"),
    path("<id:pk>/design/<slug:slug>/", views.statement_page, name="statement_page"),
    path("<id:pk>/design/<slug:slug>/<id:number>", views.statement_version,
         name="statement_version"),
    path("<id:pk>/design/<slug:slug>/<id:number>/endorsement", views.statement_endorse,
         name="statement_endorse"),
    path("<id:pk>/design/<slug:slug>/<id:number>/remarks", views.statement_remark,
         name="statement_remark"),
    path("<id:pk>/design/<slug:slug>/<id:number>/withdrawal", views.statement_proposal_withdraw,
         name="statement_proposal_withdraw"),
]
