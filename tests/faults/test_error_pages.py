"""Error pages after PostgreSQL drops connections (frontend/views/errors.py).

Under daphne, Django renders the page for a view's exception on a worker thread of its own, one that
the request cycle never checks or closes connections on; these tests call the handlers the same way,
on one long-lived worker thread. A page must not fail on the connection that thread kept from an
earlier page, nor need the database at all."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from accounts.models import User
from frontend.views.errors import page_not_found, permission_denied, server_error
from tests.factories.accounts import OrganisationFactory, UserFactory
from tests.faults.database import terminate_every_backend

pytestmark = [pytest.mark.integration]

HANDLERS = [
    pytest.param(lambda request: permission_denied(request, PermissionDenied("No.")), 403, id="403"),
    pytest.param(lambda request: page_not_found(request, Http404()), 404, id="404"),
    pytest.param(server_error, 500, id="500"),
]


@pytest.fixture
def person(db) -> User:
    return UserFactory.create(organisation=OrganisationFactory.create(), username="ada")


def _request_of(person: User, *, loaded: bool) -> HttpRequest:
    """A request as the middleware leaves it: the person loaded without their organisation (the
    header reads it), or not loaded yet (`request.user` still lazy)."""
    request = RequestFactory().get("/nowhere/")
    # As AuthenticationMiddleware sets it: a lazy object that typing knows only as the user.
    lazy_user: User = SimpleLazyObject(lambda: User.objects.get(pk=person.pk))  # type: ignore[assignment]
    request.user = User.objects.get(pk=person.pk) if loaded else lazy_user
    return request


def _refuse_every_query(*args: object) -> None:
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db(transaction=True)  # the worker thread's connection must see the person
@pytest.mark.parametrize(("handler", "status"), HANDLERS)
def test_an_error_page_on_a_worker_thread_survives_postgresql_dropping_its_connections(
    person: User, handler: Callable[[HttpRequest], HttpResponse], status: int
) -> None:
    with ThreadPoolExecutor(max_workers=1) as worker:  # one thread, reused like Django's executor
        before = worker.submit(handler, _request_of(person, loaded=True)).result()
        terminate_every_backend()
        after = worker.submit(handler, _request_of(person, loaded=True)).result()

    assert (before.status_code, after.status_code) == (status, status)
    assert 'data-testid="current-user"' in after.content.decode()  # still the signed-in header


@pytest.mark.django_db
@pytest.mark.parametrize("loaded", [True, False], ids=["user-loaded", "user-lazy"])
@pytest.mark.parametrize(("handler", "status"), HANDLERS)
def test_an_error_page_needs_no_database(
    person: User, handler: Callable[[HttpRequest], HttpResponse], status: int, loaded: bool
) -> None:
    request = _request_of(person, loaded=loaded)

    with connection.execute_wrapper(_refuse_every_query):
        response = handler(request)

    assert response.status_code == status
    assert "Log in" in response.content.decode()  # the signed-out header: nothing the database holds
