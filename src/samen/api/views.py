"""Base class for API endpoints: parse, page and answer the same way everywhere.

A view built on ApiView reads as the request goes: `parse` the body with an
input serializer, fetch through an access function, call an action, then
`answer` (one resource) or `paged` (a list). Errors need no code in the view:
samen.errors exceptions and DRF's own become problem+json in
samen.api.errors.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from rest_framework import status as http
from rest_framework.exceptions import NotAuthenticated
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from samen.organisations.models import User


class ApiView(GenericAPIView):
    # OPTIONS would describe the view from a serializer_class these views do
    # not have; the OpenAPI document is the description.
    metadata_class = None

    @property
    def actor(self) -> User:
        """The signed-in person, as the actions want them (IsAuthenticated has let them in)."""
        user = self.request.user
        if not isinstance(user, User):
            raise NotAuthenticated()
        return user

    def parse(self, serializer_class: type[BaseSerializer], *, partial: bool = False) -> Any:
        serializer = serializer_class(
            data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def answer(
        self,
        instance: Any,
        serializer_class: type[BaseSerializer],
        *,
        status: int = http.HTTP_200_OK,
    ) -> Response:
        data = serializer_class(instance, context=self.get_serializer_context()).data
        headers = {"Location": data["url"]} if status == http.HTTP_201_CREATED else None
        return Response(data, status=status, headers=headers)

    def paged(
        self,
        queryset: QuerySet[Any],
        serializer_class: type[BaseSerializer],
        *,
        prepare: Callable[[QuerySet[Any]], list[Any]] | None = None,
    ) -> Response:
        """One page of the list; `prepare` turns the page's rows into what is serialised.

        The page reaches `prepare` as a query not yet run (a slice of
        `queryset`), so that it can be a subquery of the rows `prepare` fetches.
        """
        page = self.paginate_queryset(queryset)
        if page is None:
            raise ImproperlyConfigured("Every API list is paged; set a pagination class.")
        items = prepare(page) if prepare is not None else page
        serializer = serializer_class(items, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    def gone(self) -> Response:
        return Response(status=http.HTTP_204_NO_CONTENT)
