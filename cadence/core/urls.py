from django.urls import path

from cadence.core.views import account, audit, clients, home, members

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("workspaces/new/", home.workspace_new, name="workspace-new"),
    path("w/<slug:workspace>/", home.dashboard, name="dashboard"),
    path("w/<slug:workspace>/settings/", home.workspace_settings, name="workspace-settings"),
    path("w/<slug:workspace>/activity/", audit.audit_list, name="audit-list"),
    # clients
    path("w/<slug:workspace>/clients/", clients.client_list, name="client-list"),
    path("w/<slug:workspace>/clients/new/", clients.client_new, name="client-new"),
    path("w/<slug:workspace>/clients/<uuid:client>/", clients.client_detail, name="client-detail"),
    path("w/<slug:workspace>/clients/<uuid:client>/edit/", clients.client_edit, name="client-edit"),
    # team
    path("w/<slug:workspace>/team/", members.member_list, name="member-list"),
    path("w/<slug:workspace>/team/invite/", members.member_invite, name="member-invite"),
    path("w/<slug:workspace>/team/<uuid:member>/role/", members.member_role, name="member-role"),
    path("w/<slug:workspace>/team/<uuid:member>/capacity/", members.member_capacity, name="member-capacity"),
    path("w/<slug:workspace>/team/<uuid:member>/remove/", members.member_remove, name="member-remove"),
    path("w/<slug:workspace>/team/invitations/<uuid:invitation>/revoke/", members.invitation_revoke,
         name="invitation-revoke"),
    path("invite/<str:token>/", members.invitation_accept, name="invitation-accept"),
    # the signed-in user's own account
    path("account/profile/", account.profile, name="profile"),
    path("account/tokens/", account.token_list, name="token-list"),
    path("account/tokens/<uuid:token>/revoke/", account.token_revoke, name="token-revoke"),
]
