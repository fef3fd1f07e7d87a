from django.urls import path

from . import views

urlpatterns = [
    path("new", views.alliance_create, name="alliance_create"),
    path("<id:pk>/", views.alliance_dashboard, name="alliance_dashboard"),
    path("<id:pk>/partners/", views.partner_list, name="partner_list"),
    path("<id:pk>/partners/invite", views.partner_invite, name="partner_invite"),
    path("<id:pk>/partners/organisation-invitations/<id:invitation_pk>/resend",
         views.organisation_invitation_resend, name="organisation_invitation_resend"),
    path("<id:pk>/partners/organisation-invitations/<id:invitation_pk>/withdraw",
         views.organisation_invitation_withdraw, name="organisation_invitation_withdraw"),
    path("<id:pk>/partners/<id:partner_pk>/resend-invitation", views.partner_invitation_resend,
         name="partner_invitation_resend"),
    path("<id:pk>/partners/<id:partner_pk>/withdraw-invitation",
         views.partner_invitation_withdraw, name="partner_invitation_withdraw"),
    path("<id:pk>/partners/<id:partner_pk>/leave", views.partner_leave, name="partner_leave"),
    path("<id:pk>/people/", views.membership_list, name="membership_list"),
    path("<id:pk>/people/invite", views.invitation_create, name="invitation_create"),
    path("<id:pk>/people/<id:membership_pk>/revoke", views.membership_revoke,
         name="membership_revoke"),
    path("<id:pk>/people/key-alliance-manager/transfer", views.key_alliance_manager_transfer,
         name="key_alliance_manager_transfer"),
    path("<id:pk>/people/coordinator/hand-over", views.coordinator_hand_over,
         name="coordinator_hand_over"),
    path("<id:pk>/documents/", views.document_list, name="document_list"),
]
