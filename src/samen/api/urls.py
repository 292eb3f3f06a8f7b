"""The API under /api/v1: the document, its reference, and each domain's endpoints.

Each domain app keeps its endpoints in its own api_urls module; paths have
no trailing slash, and one with a slash matches nothing (404, not a redirect).
"""

from django.urls import include, path

from samen.api.docs import ApiReferenceView, OpenApiView

urlpatterns = [
    path("openapi.json", OpenApiView.as_view(), name="openapi"),
    path("docs", ApiReferenceView.as_view(url_name="openapi"), name="api-docs"),
    path("", include("samen.organisations.api_urls")),
    path("", include("samen.workspaces.api_urls")),
    path("", include("samen.audit.api_urls")),
    path("", include("samen.documents.api_urls")),
    path("", include("samen.exchange.api_urls")),
]
