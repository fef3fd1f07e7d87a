from django.urls import path

from . import results_views as views

RESULTS = "<id:pk>/evaluation/<id:year>/results"

urlpatterns = [
    path(RESULTS, views.evaluation_results, name="evaluation_results"),
    path(f"{RESULTS}.pdf", views.evaluation_results_pdf, name="evaluation_results_pdf"),
    path(f"{RESULTS}.csv", views.evaluation_results_csv, name="evaluation_results_csv"),
    path(f"{RESULTS}.xlsx", views.evaluation_results_xlsx, name="evaluation_results_xlsx"),
]
