from django.urls import path

from . import views

REPORT = "<id:pk>/reports/<id:report_pk>"

urlpatterns = [
    path("<id:pk>/reports/", views.report_list, name="report_list"),
    path("<id:pk>/reports/open", views.report_open, name="report_open"),
    path(f"{REPORT}/", views.report_detail, name="report_detail"),
    path(f"{REPORT}.pdf", views.report_pdf, name="report_pdf"),
    path(f"{REPORT}.xlsx", views.report_xlsx, name="report_xlsx"),
    path(f"{REPORT}/overall", views.report_overall_edit, name="report_overall_edit"),
    path(f"{REPORT}/remind", views.report_remind, name="report_remind"),
    path(f"{REPORT}/approve", views.report_approve, name="report_approve"),
    path(f"{REPORT}/sections/<id:partner_pk>/edit", views.report_section_edit,
         name="report_section_edit"),
    path(f"{REPORT}/sections/<id:partner_pk>/submit", views.report_section_submit,
         name="report_section_submit"),
    path(f"{REPORT}/sections/<id:partner_pk>/withdraw", views.report_section_withdraw,
         name="report_section_withdraw"),
]
