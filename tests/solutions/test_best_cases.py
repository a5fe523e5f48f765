"""The best-cases library (`solutions.services`, `solutions.selectors`): submitting, editing until
published, staff publishing or sending back (the submitter is notified and e-mailed), the public list's
filters and search."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.enums import Category, Region
from common.exceptions import ConflictError
from common.realtime import wait_for_background
from notifications.models import EmailPreference, Notification
from solutions.enums import BestCaseStatus, SolutionStatus
from solutions.selectors import (
    best_case_city_choices,
    best_case_solution_choices,
    best_cases_of_organisation,
    published_best_cases,
)
from solutions.services import (
    create_best_case,
    publish_best_case,
    send_back_best_case,
    update_best_case,
)
from tests.factories.accounts import (
    CorporationFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
)
from tests.factories.catalogue import BestCaseFactory, SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.portable, pytest.mark.django_db]

STORY = {
    "title": "Accra warns its residents of floods",
    "problem": "Streets flooded every rainy season.",
    "approach": "River gauges and SMS alerts.",
    "results": "No deaths in two seasons.",
}


@pytest.fixture
def city():
    return OrganisationFactory.create(name="Accra", country="GH", region=Region.AFRICA)


@pytest.fixture
def provider():
    return CorporationFactory.create(name="Acme Flood Tech")


@pytest.fixture
def solution(provider):
    return SolutionFactory.create(provider=provider, title="Flood sensors", sectors=["water"])


def person_of(organisation, **fields):
    return UserFactory.create(organisation=organisation, **fields)


def submitted(city, solution, by=None, **fields):
    return create_best_case(actor=by or person_of(city), city=city, solution=solution, **(STORY | fields))


# --- Submitting ------------------------------------------------------------------------------


def test_a_city_person_submits_a_case_that_waits_for_review(city, solution):
    amina = person_of(city)

    case = create_best_case(actor=amina, city=city, solution=solution, **STORY)

    assert (case.status, case.created_by, case.published_at) == (BestCaseStatus.SUBMITTED, amina, None)
    assert list(published_best_cases()) == []


def test_a_provider_person_submits_a_deployment_with_a_member_city(city, solution, provider):
    case = create_best_case(actor=person_of(provider), city=city, solution=solution, **STORY)

    assert (case.city, case.solution, case.status) == (city, solution, BestCaseStatus.SUBMITTED)


def test_another_organisation_cannot_submit_a_case_it_is_not_part_of(city, solution):
    stranger = person_of(CorporationFactory.create())

    with pytest.raises(PermissionDenied):
        create_best_case(actor=stranger, city=city, solution=solution, **STORY)


@pytest.mark.parametrize(
    "organisation", [None, Category.INSTITUTION], ids=["without organisation", "institution"]
)
def test_only_people_of_member_cities_and_providers_submit(city, solution, organisation):
    actor = UserFactory.create(
        organisation=OrganisationFactory.create(
            category=organisation, population=None, gdp_per_capita_ppp=None
        )
        if organisation
        else None
    )

    with pytest.raises(PermissionDenied):
        create_best_case(actor=actor, city=city, solution=solution, **STORY)


def test_a_case_happens_in_a_city(solution, provider):
    with pytest.raises(ValidationError) as error:
        create_best_case(
            actor=person_of(provider), city=CorporationFactory.create(), solution=solution, **STORY
        )

    assert error.value.message_dict == {"city": ["A best case happens in a local government."]}


def test_a_city_cannot_cite_another_providers_draft(city, provider):
    draft = SolutionFactory.create(provider=provider, status=SolutionStatus.DRAFT)

    with pytest.raises(ValidationError) as error:
        create_best_case(actor=person_of(city), city=city, solution=draft, **STORY)

    assert error.value.message_dict == {"solution": ["No such solution."]}


def test_empty_story_fields_are_field_errors(city, solution):
    with pytest.raises(ValidationError) as error:
        create_best_case(actor=person_of(city), city=city, solution=solution, **(STORY | {"problem": "  "}))

    assert list(error.value.message_dict) == ["problem"]


def test_a_city_person_chooses_published_member_solutions_and_only_their_city(city, solution, provider):
    SolutionFactory.create(provider=provider, status=SolutionStatus.DRAFT)
    OrganisationFactory.create(name="Kumasi")
    amina = person_of(city)

    assert (list(best_case_solution_choices(amina)), list(best_case_city_choices(amina))) == (
        [solution],
        [city],
    )


def test_a_provider_person_chooses_their_own_solutions_and_any_member_city(city, solution, provider):
    draft = SolutionFactory.create(provider=provider, title="Zone sensors", status=SolutionStatus.DRAFT)
    SolutionFactory.create(title="Someone else's")
    kumasi = OrganisationFactory.create(name="Kumasi")
    jonas = person_of(provider)

    assert list(best_case_solution_choices(jonas)) == [solution, draft]
    assert list(best_case_city_choices(jonas)) == [city, kumasi]


# --- Editing ---------------------------------------------------------------------------------


def test_the_other_side_of_the_case_edits_it_until_it_is_published(city, solution, provider):
    case = submitted(city, solution)

    updated = update_best_case(best_case=case, actor=person_of(provider), title="Accra stays dry")

    assert (updated.title, updated.status) == ("Accra stays dry", BestCaseStatus.SUBMITTED)


def test_another_organisation_cannot_edit_my_submission(city, solution):
    case = submitted(city, solution)

    with pytest.raises(PermissionDenied):
        update_best_case(best_case=case, actor=person_of(OrganisationFactory.create()), title="Mine now")


def test_a_published_case_is_frozen_for_its_authors(city, solution):
    case = submitted(city, solution)
    publish_best_case(best_case=case, actor=StaffFactory.create())

    with pytest.raises(PermissionDenied):
        update_best_case(best_case=case, actor=person_of(city), title="Changed after the fact")


def test_editing_a_case_sent_back_submits_it_again(city, solution):
    amina = person_of(city)
    case = send_back_best_case(
        best_case=submitted(city, solution, by=amina), actor=StaffFactory.create(), reason="Add figures."
    )

    updated = update_best_case(best_case=case, actor=amina, results="Flood deaths fell from 12 to 0.")

    assert (updated.status, updated.return_reason) == (BestCaseStatus.SUBMITTED, "")


# --- Review ----------------------------------------------------------------------------------


def test_staff_publish_and_the_submitter_is_notified_and_emailed(
    city, solution, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://smc.example.org"
    amina = person_of(city, email="amina@accra.example")
    case = submitted(city, solution, by=amina)
    staff = StaffFactory.create()

    with django_capture_on_commit_callbacks(execute=True):
        published = publish_best_case(best_case=case, actor=staff)
    assert wait_for_background()

    assert (published.status, published.published_by) == (BestCaseStatus.PUBLISHED, staff)
    assert published.published_at is not None
    assert list(published_best_cases()) == [published]
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind, notice.link) == (
        amina,
        "best_case.published",
        f"/best-cases/{case.pk}/",
    )
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["amina@accra.example"], "Your best case is published: Accra warns its residents of floods")
    ]
    assert f"https://smc.example.org/best-cases/{case.pk}/" in mail.outbox[0].body


def test_staff_send_back_with_a_reason_the_submitter_reads(
    city, solution, django_capture_on_commit_callbacks
):
    amina = person_of(city, email="amina@accra.example")
    case = submitted(city, solution, by=amina)

    with django_capture_on_commit_callbacks(execute=True):
        returned = send_back_best_case(best_case=case, actor=StaffFactory.create(), reason=" Add figures. ")
    assert wait_for_background()

    assert (returned.status, returned.return_reason) == (BestCaseStatus.RETURNED, "Add figures.")
    assert list(published_best_cases()) == []
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind, notice.body, notice.link) == (
        amina,
        "best_case.returned",
        "Add figures.",
        f"/best-cases/{case.pk}/edit/",
    )
    assert [m.subject for m in mail.outbox] == [
        "Your best case needs changes: Accra warns its residents of floods"
    ]
    assert "What to change: Add figures." in mail.outbox[0].body


def test_no_email_for_a_submitter_who_turned_best_case_mail_off(
    city, solution, django_capture_on_commit_callbacks
):
    amina = person_of(city)
    EmailPreference.objects.create(person=amina, topic="best_case", by_email=False)
    case = submitted(city, solution, by=amina)

    with django_capture_on_commit_callbacks(execute=True):
        publish_best_case(best_case=case, actor=StaffFactory.create())
    assert wait_for_background()

    assert (Notification.objects.count(), mail.outbox) == (1, [])


def test_sending_back_needs_a_reason(city, solution):
    case = submitted(city, solution)

    with pytest.raises(ValidationError) as error:
        send_back_best_case(best_case=case, actor=StaffFactory.create(), reason="  ")

    assert list(error.value.message_dict) == ["reason"]


@pytest.mark.parametrize(
    "decide",
    [
        lambda case, actor: publish_best_case(best_case=case, actor=actor),
        lambda case, actor: send_back_best_case(best_case=case, actor=actor, reason="Not good enough."),
    ],
    ids=["publish", "send back"],
)
def test_non_staff_cannot_review_even_their_own_case(city, solution, decide):
    amina = person_of(city)
    case = submitted(city, solution, by=amina)

    with pytest.raises(PermissionDenied):
        decide(case, amina)

    case.refresh_from_db()
    assert (case.status, Notification.objects.count()) == (BestCaseStatus.SUBMITTED, 0)


def test_a_case_is_decided_once(city, solution):
    case = submitted(city, solution)
    publish_best_case(best_case=case, actor=StaffFactory.create())

    with pytest.raises(ConflictError):
        send_back_best_case(best_case=case, actor=StaffFactory.create(), reason="Too late.")


# --- The public list -------------------------------------------------------------------------


def published(**fields):
    return BestCaseFactory.create(status=BestCaseStatus.PUBLISHED, published_at=timezone.now(), **fields)


def titles(queryset):
    return sorted(case.title for case in queryset)


def test_the_list_filters_by_sector_region_and_city():
    zurich = OrganisationFactory.create(name="Zürich", country="CH", region=Region.EUROPE)
    accra = OrganisationFactory.create(name="Accra", country="GH", region=Region.AFRICA)
    published(title="Zürich trams", city=zurich, solution=SolutionFactory.create(sectors=["mobility"]))
    published(title="Accra buses", city=accra, solution=SolutionFactory.create(sectors=["mobility"]))
    published(title="Accra rivers", city=accra, solution=SolutionFactory.create(sectors=["water"]))
    BestCaseFactory.create(title="Accra under review", city=accra)

    assert titles(published_best_cases(sector="mobility")) == ["Accra buses", "Zürich trams"]
    assert titles(published_best_cases(region=Region.AFRICA)) == ["Accra buses", "Accra rivers"]
    assert titles(published_best_cases(city=accra.pk, sector="water")) == ["Accra rivers"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zurich", ["Cleaner air"]),  # the city's name, without its accent
        ("ZÜRICH", ["Cleaner air"]),
        ("acme", ["Cleaner air"]),  # the provider's name
        ("sensors", ["Cleaner air"]),  # the solution's title
        ("péage", ["Fewer cars"]),  # words of the story, accents and case ignored
        ("PEAGE", ["Fewer cars"]),
        ("fewer cars", ["Fewer cars"]),  # every word must appear
        ("fewer sensors", []),
        ("", ["Cleaner air", "Fewer cars"]),
    ],
)
def test_the_search_ignores_accents_and_case_in_titles_stories_cities_and_providers(query, expected):
    zurich = OrganisationFactory.create(name="Zürich", country="CH")
    acme = CorporationFactory.create(name="ACME Air")
    published(
        title="Cleaner air", city=zurich, solution=SolutionFactory.create(provider=acme, title="Air sensors")
    )
    published(title="Fewer cars", approach="A congestion charge (péage urbain) in the centre.")

    assert titles(published_best_cases(query=query)) == expected


def test_my_best_cases_are_those_of_my_organisation_as_city_or_provider(city, solution, provider):
    as_city = submitted(city, solution)
    as_provider = create_best_case(
        actor=person_of(provider), city=OrganisationFactory.create(), solution=solution, **STORY
    )
    BestCaseFactory.create()

    assert set(best_cases_of_organisation(organisation=provider)) == {as_city, as_provider}
    assert list(best_cases_of_organisation(organisation=city)) == [as_city]
