from django.urls import path

from . import views

urlpatterns = [
    path("notifications", views.notification_list, name="notification_list"),
    path("notifications/read-all", views.notifications_read_all,
         name="notifications_read_all"),
    path("notifications/<id:pk>/read", views.notification_read, name="notification_read"),
    path("notifications/preferences", views.notification_preferences,
         name="notification_preferences"),
]
