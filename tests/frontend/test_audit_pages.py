"""The staff audit page (/staff/audit/): who changed what, filters, staff only, fixed queries."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from accounts.models import Organisation
from tests.factories.accounts import OrganisationAdminFactory, OrganisationFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_see_who_changed_what_in_their_own_time_zone():
    staff = StaffFactory.create(username="grace", time_zone="Asia/Tokyo")
    organisation = OrganisationFactory.create(website="")
    client = _client_of(staff)
    client.post(f"/members/{organisation.slug}/edit/", {"name": "Nakuru", "website": "https://nakuru.go.ke"})
    entry = LogEntry.objects.get_for_object(organisation).latest()

    response = client.get("/staff/audit/")

    assert response.status_code == 200
    [row] = [r for r in response.context["rows"] if r.entry.pk == entry.pk]
    assert (row.entry.actor, row.action) == (staff, "changed")
    assert [(c.label, c.old, c.new) for c in row.changes if c.label == "website"] == [
        ("website", "—", "https://nakuru.go.ke")
    ]
    body = response.content.decode()
    tokyo = entry.timestamp.astimezone(dt.timezone(dt.timedelta(hours=9)))
    assert f">{tokyo:%b} {tokyo.day}, {tokyo:%Y, %H:%M:%S}</time>" in body
    assert "Nakuru" in body


def test_the_page_filters_by_model_actor_and_day():
    staff, other = StaffFactory.create(), StaffFactory.create()
    mine = OrganisationFactory.create()
    theirs = OrganisationFactory.create()
    _client_of(other).post(f"/members/{theirs.slug}/edit/", {"name": "Theirs"})
    client = _client_of(staff)
    client.post(f"/members/{mine.slug}/edit/", {"name": "Mine"})
    organisation_type = ContentType.objects.get_for_model(Organisation)
    today = dt.datetime.now(dt.UTC).date().isoformat()

    response = client.get(
        "/staff/audit/",
        {"model": str(organisation_type.pk), "actor": str(staff.pk), "since": today, "until": today},
    )
    tomorrow = client.get(
        "/staff/audit/", {"since": (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2)).isoformat()}
    )

    assert [row.entry.object_repr for row in response.context["rows"]] == ["Mine"]
    assert list(tomorrow.context["rows"]) == []


@pytest.mark.parametrize("entries", [1, 3])
def test_the_page_takes_a_fixed_number_of_queries(entries, django_assert_num_queries):
    staff = StaffFactory.create()
    client = _client_of(staff)
    for n in range(entries):
        organisation = OrganisationFactory.create()
        client.post(f"/members/{organisation.slug}/edit/", {"name": f"Town {n}"})

    # session, user, the filter's two choice lists (models, actors), count, page
    with django_assert_num_queries(6):
        response = client.get("/staff/audit/")

    assert len(response.context["rows"]) == entries * 2 + 1  # each made, then changed; the staff member made


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("member", 403), ("admin", 403)])
def test_only_staff_see_the_page(who, status):
    client = Client()
    if who == "member":
        client.force_login(UserFactory.create())
    elif who == "admin":
        client.force_login(OrganisationAdminFactory.create())

    assert client.get("/staff/audit/").status_code == status


def test_the_staff_menu_links_to_the_page():
    body = _client_of(StaffFactory.create()).get("/staff/").content.decode()

    assert 'href="/staff/audit/"' in body
