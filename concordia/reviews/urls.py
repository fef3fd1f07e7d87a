from django.urls import path

from . import views

REVIEW = "<id:pk>/reviews/<id:review_pk>"

urlpatterns = [
    path("<id:pk>/reviews/", views.review_list, name="review_list"),
    path("<id:pk>/reviews/new", views.review_create, name="review_create"),
    path(f"{REVIEW}/", views.review_detail, name="review_detail"),
    path(f"{REVIEW}/invite", views.reviewer_invite, name="reviewer_invite"),
    path(f"{REVIEW}/invitations/<id:invitation_pk>/resend", views.review_invitation_resend,
         name="review_invitation_resend"),
    path(f"{REVIEW}/invitations/<id:invitation_pk>/withdraw", views.review_invitation_withdraw,
         name="review_invitation_withdraw"),
    path(f"{REVIEW}/submit", views.review_submit, name="review_submit"),
    path(f"{REVIEW}/findings/<id:finding_pk>/edit", views.finding_edit, name="finding_edit"),
    path(f"{REVIEW}/recommendations/<id:finding_pk>/answer", views.recommendation_answer,
         name="recommendation_answer"),
]
