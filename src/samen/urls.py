from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Samen beheer"
admin.site.site_title = "Samen"

urlpatterns = [
    path("api/v1/", include("samen.api.urls")),
    path("beheer/", admin.site.urls),
    path("uitwisseling/v1/", include("samen.exchange.protocol_urls")),
    path("", include("samen.exchange.urls")),
    path("", include("samen.web.urls")),
    path("", include("samen.workspaces.urls")),
    path("", include("samen.documents.urls")),
]
