from django.urls import path

from . import feed_views
from . import results_views as views

RESULTS = "<id:pk>/evaluation/<id:year>/results"

urlpatterns = [
    path(RESULTS, views.evaluation_results, name="evaluation_results"),
    path(f"{RESULTS}.pdf", views.evaluation_results_pdf, name="evaluation_results_pdf"),
    path(f"{RESULTS}.csv", views.evaluation_results_csv, name="evaluation_results_csv"),
    path(f"{RESULTS}.xlsx", views.evaluation_results_xlsx, name="evaluation_results_xlsx"),
    path(f"{RESULTS}/pillars/<slug:pillar>/action",
         feed_views.results_improvement_action_create,
         name="evaluation_improvement_action_create"),
    path("<id:pk>/evaluation/in-place-vs-experienced", feed_views.evaluation_in_place,
         name="evaluation_in_place"),
    path("<id:pk>/improvement-actions/", feed_views.improvement_action_list,
         name="improvement_actions"),
]
