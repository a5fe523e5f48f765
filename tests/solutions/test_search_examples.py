"""Issue 14: the search box's example, and the search tips under it, find solutions in the demo catalogue
(`manage.py generate_demo_catalogue`, as the README loads it) through the same search the page runs."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from frontend.forms.catalogue import CatalogueFilterForm
from solutions.search import search_solutions

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the catalogue's full-text search is PostgreSQL's"
    ),
]

# A small demo catalogue, and the README's (`generate_demo_catalogue --solutions 5000`, seed 1).
DEMO_SIZES = [50, 5000]


def placeholder_query() -> str:
    placeholder = CatalogueFilterForm().fields["q"].widget.attrs["placeholder"]
    assert placeholder.startswith("e.g. ")
    return placeholder.removeprefix("e.g. ")


def search_tips() -> list[str]:
    """The queries in the search tips under the box, as the page shows them."""
    content = Client().get("/solutions/").content.decode()
    tips = re.search(r'data-testid="search-syntax">(.*?)</p>', content, re.S)
    assert tips is not None
    return [re.sub("&quot;|&#x27;", '"', code) for code in re.findall(r"<code>(.*?)</code>", tips.group(1))]


@pytest.fixture(scope="module", params=DEMO_SIZES, ids=lambda size: f"{size} demo solutions")
def demo_catalogue(request, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("generate_demo_catalogue", "--solutions", str(request.param), "--replace", verbosity=0)
        yield request.param
        call_command("generate_demo_catalogue", "--solutions", "0", "--replace", verbosity=0)


def test_the_search_box_example_finds_demo_solutions(demo_catalogue):
    query = placeholder_query()

    results = search_solutions(query=query, page=1, page_size=20)

    assert results.total > 0, f"{query!r} finds nothing in {demo_catalogue} demo solutions"


def test_every_search_tip_finds_demo_solutions(demo_catalogue):
    empty = [
        query for query in search_tips() if search_solutions(query=query, page=1, page_size=20).total == 0
    ]

    assert empty == []
