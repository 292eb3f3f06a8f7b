from django.urls import path

from samen.organisations import api

urlpatterns = [
    path("organisaties", api.OrganisationListView.as_view(), name="api-organisaties"),
    path("organisaties/<uuid:id>", api.OrganisationDetailView.as_view(), name="api-organisatie"),
]
