from django.urls import path

from . import views

PERIOD = "<id:pk>/settlement/<id:year>/<id:quarter>"

urlpatterns = [
    path("<id:pk>/settlement/", views.settlement_books, name="settlement_books"),
    path("<id:pk>/settlement/book", views.booking_create, name="booking_create"),
    path("<id:pk>/settlement/models/", views.settlement_models, name="settlement_models"),
    path("<id:pk>/settlement/models/new", views.settlement_model_create,
         name="settlement_model_create"),
    path("<id:pk>/settlement/models/<id:model_pk>/usage", views.usage_create,
         name="usage_create"),
    path(f"{PERIOD}/", views.settlement_period, name="settlement_period"),
    path(f"{PERIOD}.xlsx", views.settlement_xlsx, name="settlement_xlsx"),
    path(f"{PERIOD}.pdf", views.settlement_pdf, name="settlement_pdf"),
    path(f"{PERIOD}/partners/<id:partner_pk>/confirm", views.settlement_confirm,
         name="settlement_confirm"),
]
