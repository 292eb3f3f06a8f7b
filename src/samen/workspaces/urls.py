from django.urls import path

from samen.workspaces import member_views, views

app_name = "workspaces"

urlpatterns = [
    path("ruimtes/nieuw", views.new_workspace, name="new"),
    path("ruimtes/<uuid:pk>", views.overview, name="overview"),
    path("ruimtes/<uuid:pk>/fase", views.change_phase, name="phase"),
    path("ruimtes/<uuid:pk>/status", views.change_status, name="status"),
    path("ruimtes/<uuid:pk>/leden", member_views.members, name="members"),
    path(
        "ruimtes/<uuid:pk>/leden/organisatie",
        member_views.add_organisation,
        name="add_organisation",
    ),
    path("ruimtes/<uuid:pk>/leden/uitnodigen", member_views.invite, name="invite"),
    path("ruimtes/<uuid:pk>/leden/<uuid:member>", member_views.update_member, name="update_member"),
    path(
        "ruimtes/<uuid:pk>/leden/<uuid:member>/verwijderen",
        member_views.remove_member,
        name="remove_member",
    ),
    path(
        "ruimtes/<uuid:pk>/uitnodigingen/<uuid:invitation>/intrekken",
        member_views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("ruimtes/<uuid:pk>/activiteit", views.activity, name="activity"),
    path("uitnodiging/<str:token>", member_views.accept_invitation, name="accept_invitation"),
]
