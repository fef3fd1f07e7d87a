from django.urls import path

from . import views

urlpatterns = [
    path("new", views.alliance_create, name="alliance_create"),
    path("<int:pk>/", views.alliance_dashboard, name="alliance_dashboard"),
    path("<int:pk>/partners/", views.partner_list, name="partner_list"),
    path("<int:pk>/partners/invite", views.partner_invite, name="partner_invite"),
    path("<int:pk>/partners/<int:partner_pk>/leave", views.partner_leave, name="partner_leave"),
    path("<int:pk>/people/", views.membership_list, name="membership_list"),
    path("<int:pk>/people/invite", views.invitation_create, name="invitation_create"),
    path("<int:pk>/people/<int:membership_pk>/revoke", views.membership_revoke,
         name="membership_revoke"),
    path("<int:pk>/documents/", views.document_list, name="document_list"),
]
