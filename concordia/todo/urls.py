from django.urls import path

from . import views

urlpatterns = [
    # The home page: the whole site links to it as "home".
    path("", views.home, name="home"),
]
