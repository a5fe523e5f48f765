"""One filter set for the member directory, shared by the API and the pages."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.enums import Category, Kind, Region
from accounts.models import Organisation
from common.lookups import Folded, fold


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_name", label=_("Name or country contains"))
    region = django_filters.ChoiceFilter(choices=Region.choices)
    category = django_filters.ChoiceFilter(choices=Category.choices)
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    country = django_filters.CharFilter(method="filter_country", label=_("Country (ISO code)"))

    class Meta:
        model = Organisation
        fields = ["q", "region", "country", "category", "kind"]

    def filter_name(self, queryset: QuerySet[Organisation], name: str, value: str) -> QuerySet[Organisation]:
        """Organisations whose name holds `value`, or whose country's name does; accents and case
        are ignored on both databases ("zurich" finds "Zürich", "cote" Côte d'Ivoire's members)."""
        wanted = fold(value.strip())
        if not wanted:
            return queryset
        country_codes = [code for code, country in countries if wanted in fold(str(country))]
        return queryset.annotate(folded_name=Folded("name")).filter(
            Q(folded_name__contains=wanted) | Q(country__in=country_codes)
        )

    def filter_country(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        return queryset.filter(country=value.strip().upper()) if value.strip() else queryset
