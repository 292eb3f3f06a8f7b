"""Samen's URLs plus one endpoint that answers who the caller is.

The token tests authenticate through the project's real API settings
(authentication classes, problem+json errors) without depending on which
resources the API has.
"""

from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.urls import urlpatterns as samen_urlpatterns


class WhoAmI(APIView):
    def get(self, request: Request) -> Response:
        return Response({"email": request.user.email})


urlpatterns = [path("api/v1/test-wie-ben-ik", WhoAmI.as_view()), *samen_urlpatterns]
