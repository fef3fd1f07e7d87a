from django.urls import path

from . import views

urlpatterns = [
    path("review-invitations/<str:token>", views.review_invitation_open,
         name="review_invitation_open"),
]
