"""The browsable API reference, served without a CDN and within the strict CSP.

Swagger UI comes from the drf-spectacular-sidecar package as static files,
and its start-up script is a separate request (the "split" view), because
`script-src 'self'` forbids inline scripts. The page template drops the
inline style block of drf-spectacular's template for the same reason.
"""

from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny


class OpenApiView(SpectacularJSONAPIView):
    """The OpenAPI document: public, so that anyone can see what the API offers."""

    authentication_classes = []
    permission_classes = [AllowAny]


class ApiReferenceView(SpectacularSwaggerSplitView):
    authentication_classes = []
    permission_classes = [AllowAny]
    template_name = "api/reference.html"
    title = "Samen API"
