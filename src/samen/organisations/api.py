"""The organisations directory: every signed-in person may look organisations up."""

import uuid

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from samen.api.views import ApiView
from samen.errors import Invalid, NotFound
from samen.organisations.models import Organisation
from samen.organisations.oin import OIN_PATTERN
from samen.organisations.serializers import OrganisationSerializer


class OrganisationListView(ApiView):
    @extend_schema(
        operation_id="organisatiesList",
        summary="Organisaties",
        tags=["organisaties"],
        parameters=[OpenApiParameter("oin", str, description="Alleen de organisatie met dit OIN.")],
        responses=OrganisationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        organisations = Organisation.objects.order_by("name", "oin")
        oin = request.query_params.get("oin")
        if oin is not None:
            if not OIN_PATTERN.fullmatch(oin):
                raise Invalid(
                    _("An OIN consists of exactly 20 digits; %(value)s does not."),
                    code="oin_invalid",
                    field="oin",
                    value=oin,
                )
            organisations = organisations.filter(oin=oin)
        return self.paged(organisations, OrganisationSerializer)


class OrganisationDetailView(ApiView):
    @extend_schema(
        operation_id="organisatiesRead",
        summary="Een organisatie",
        tags=["organisaties"],
        responses=OrganisationSerializer,
    )
    def get(self, request: Request, id: uuid.UUID) -> Response:
        organisation = Organisation.objects.filter(pk=id).first()
        if organisation is None:
            raise NotFound()
        return self.answer(organisation, OrganisationSerializer)
