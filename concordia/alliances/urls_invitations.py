from django.urls import path

from . import views

urlpatterns = [
    path("invitations/<str:token>", views.invitation_accept, name="invitation_accept"),
    path("organisation-invitations/<str:token>", views.organisation_invitation_open,
         name="organisation_invitation_open"),
    path("partner-invitations/<id:partner_pk>/answer", views.partner_answer,
         name="partner_answer"),
    path("published/alliances/<id:pk>/", views.published_documents,
         name="published_documents"),
]
