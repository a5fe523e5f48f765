"""One filter set for the member directory, shared by the API and the pages."""

import django_filters
from django.db.models import Q, QuerySet

from accounts.enums import Category, Kind, Region
from accounts.models import Organisation


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_name", label="Name contains")
    region = django_filters.ChoiceFilter(choices=Region.choices)
    category = django_filters.ChoiceFilter(choices=Category.choices)
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    country = django_filters.CharFilter(method="filter_country", label="Country (ISO code)")

    class Meta:
        model = Organisation
        fields = ["q", "region", "country", "category", "kind"]

    def filter_name(self, queryset: QuerySet[Organisation], name: str, value: str) -> QuerySet[Organisation]:
        return queryset.filter(Q(name__icontains=value.strip())) if value.strip() else queryset

    def filter_country(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        return queryset.filter(country=value.strip().upper()) if value.strip() else queryset
