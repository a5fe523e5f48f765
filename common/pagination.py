from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """Every list is paginated; clients may ask for up to 100 rows a page."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
