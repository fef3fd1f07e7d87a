from django.conf import settings
from django.urls import path

from . import views

urlpatterns = [path("", views.home, name="home")]

if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor", views.floor, name="bench_floor"))
