from django.urls import path

from samen.exchange import views, views_admin, views_webhooks

app_name = "exchange"

urlpatterns = [
    path("berichten", views.mailbox, name="mailbox"),
    path("berichten/nieuw", views.new_message, name="new"),
    path("berichten/afleveringen", views_admin.deliveries, name="deliveries"),
    path("berichten/rechten", views_admin.grants, name="grants"),
    path("berichten/rechten/<uuid:pk>/intrekken", views_admin.revoke, name="revoke"),
    path("berichten/webhooks", views_webhooks.webhooks, name="webhooks"),
    path("berichten/webhooks/<uuid:pk>/pauzeren", views_webhooks.pause, name="webhook_pause"),
    path("berichten/webhooks/<uuid:pk>/opzeggen", views_webhooks.delete, name="webhook_delete"),
    path("berichten/<uuid:pk>", views.message_detail, name="detail"),
    path("berichten/<uuid:pk>/status", views.message_status, name="status"),
    path("berichten/<uuid:pk>/bijlagen/<int:number>", views.download, name="download"),
    path("berichten/<uuid:pk>/opnieuw-versturen", views.resend, name="resend"),
    path("berichten/<uuid:pk>/actie-status", views.action_status, name="action_status"),
    path("berichten/<uuid:pk>/archiveren", views.file_message, name="file"),
]
