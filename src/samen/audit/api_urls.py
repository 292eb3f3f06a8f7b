from django.urls import path

from samen.audit import api

urlpatterns = [
    path("ruimtes/<uuid:id>/audittrail", api.AuditTrailView.as_view(), name="api-audittrail"),
    path(
        "ruimtes/<uuid:id>/audittrail/<uuid:regelId>",
        api.AuditEntryView.as_view(),
        name="api-audittrail-regel",
    ),
]
