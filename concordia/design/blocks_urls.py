from django.urls import path

from . import blocks_views as views

# Included before design.urls: its "<slug>/" statement pages would otherwise catch "blocks/".
urlpatterns = [
    path("<int:pk>/design/blocks/", views.block_list, name="block_list"),
    path("<int:pk>/design/blocks/<slug:block>", views.block_edit, name="block_edit"),
    path("<int:pk>/design/coverage", views.coverage_page, name="block_coverage"),
    path("<int:pk>/design/matrix", views.matrix_page, name="block_matrix"),
]
