from django.urls import path

from samen.workspaces import api

urlpatterns = [
    path("sjablonen", api.TemplateListView.as_view(), name="api-sjablonen"),
    path("sjablonen/<slug:slug>", api.TemplateDetailView.as_view(), name="api-sjabloon"),
    path("ruimtes", api.WorkspaceListView.as_view(), name="api-ruimtes"),
    path("ruimtes/<uuid:id>", api.WorkspaceDetailView.as_view(), name="api-ruimte"),
    path("ruimtes/<uuid:id>/leden", api.MemberListView.as_view(), name="api-leden"),
    path("ruimtes/<uuid:id>/leden/<uuid:lidId>", api.MemberDetailView.as_view(), name="api-lid"),
    path(
        "ruimtes/<uuid:id>/uitnodigingen",
        api.InvitationListView.as_view(),
        name="api-uitnodigingen",
    ),
    path(
        "ruimtes/<uuid:id>/uitnodigingen/<uuid:uitnodigingId>",
        api.InvitationDetailView.as_view(),
        name="api-uitnodiging",
    ),
]
