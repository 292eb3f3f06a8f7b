from django.urls import path

from samen.exchange import api, api_bulk, api_webhooks

urlpatterns = [
    path("berichten", api.MessageListView.as_view(), name="api-berichten"),
    path("berichten/bundels", api_bulk.BundleView.as_view(), name="api-berichten-bundels"),
    path("berichten/<uuid:id>", api.MessageDetailView.as_view(), name="api-bericht"),
    path(
        "berichten/<uuid:id>/bijlagen/<int:nummer>/inhoud",
        api.AttachmentContentView.as_view(),
        name="api-bericht-bijlage",
    ),
    path(
        "berichten/<uuid:id>/opnieuw-versturen",
        api.ResendView.as_view(),
        name="api-bericht-opnieuw",
    ),
    path(
        "berichten/<uuid:id>/actie-status",
        api.ActionStatusView.as_view(),
        name="api-bericht-actie-status",
    ),
    path("adresboek", api.DirectoryView.as_view(), name="api-adresboek"),
    path(
        "berichten-abonnementen",
        api_webhooks.SubscriptionListView.as_view(),
        name="api-abonnementen",
    ),
    path(
        "berichten-abonnementen/<uuid:id>",
        api_webhooks.SubscriptionDetailView.as_view(),
        name="api-abonnement",
    ),
]
