from typing import Any

from django.core.paginator import InvalidPage
from django.db.models import QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response


class PagePagination(PageNumberPagination):
    """Pages as the API Design Rules show them: `page` and `pageSize` query keys."""

    page_query_param = "page"
    page_size_query_param = "pageSize"
    max_page_size = 100

    def paginate_queryset(self, queryset: QuerySet[Any], request: Request, view: Any = None) -> Any:
        """The page's rows, left as a query (a slice) until the view uses them.

        DRF turns the page into a list at once. Left lazy, a view can use the
        page as a subquery: the documents list fetches one page of ids and
        their rows with their joins in one statement instead of two.
        """
        self.request = request
        page_size = self.get_page_size(request)
        if not page_size:
            return None

        paginator = self.django_paginator_class(queryset, page_size)
        number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(number)
        except InvalidPage as exc:
            message = self.invalid_page_message.format(page_number=number, message=exc)
            raise NotFound(message) from exc
        return self.page.object_list

    def get_paginated_response(self, data: Any) -> Response:
        if self.page is None:
            raise RuntimeError("get_paginated_response is called after paginate_queryset")
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }
