from django.urls import path

from . import views

urlpatterns = [
    path("", views.handbook_index, name="handbook_index"),
    path("pillars/<slug:key>/", views.pillar_detail, name="handbook_pillar"),
    path("building-blocks/<slug:key>/", views.building_block_detail,
         name="handbook_building_block"),
    path("dimensions/<slug:key>/", views.dimension_detail, name="handbook_dimension"),
    path("<slug:kind>/", views.handbook_kind, name="handbook_kind"),
]
