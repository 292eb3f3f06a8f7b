from django.urls import path

from samen.workspaces import views

app_name = "workspaces"

urlpatterns = [
    path("ruimtes/nieuw", views.new_workspace, name="new"),
    path("ruimtes/<uuid:pk>", views.overview, name="overview"),
    path("ruimtes/<uuid:pk>/fase", views.change_phase, name="phase"),
    path("ruimtes/<uuid:pk>/status", views.change_status, name="status"),
    path("ruimtes/<uuid:pk>/leden", views.members, name="members"),
    path("ruimtes/<uuid:pk>/leden/organisatie", views.add_organisation, name="add_organisation"),
    path("ruimtes/<uuid:pk>/leden/uitnodigen", views.invite, name="invite"),
    path("ruimtes/<uuid:pk>/leden/<uuid:member>", views.update_member, name="update_member"),
    path(
        "ruimtes/<uuid:pk>/leden/<uuid:member>/verwijderen",
        views.remove_member,
        name="remove_member",
    ),
    path(
        "ruimtes/<uuid:pk>/uitnodigingen/<uuid:invitation>/intrekken",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("ruimtes/<uuid:pk>/activiteit", views.activity, name="activity"),
    path("uitnodiging/<str:token>", views.accept_invitation, name="accept_invitation"),
]
