from django.urls import path

from . import views

# Included under advisor/.
urlpatterns = [
    path("", views.advisor, name="advisor"),
    path("save", views.advice_save, name="advice_save"),
]
