import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from accounts.enums import DEMO_SOURCE, ApplicationStatus, OrganisationRole
from accounts.models import MembershipApplication, User
from accounts.selectors import member_organisations
from accounts.services.applications import approve_membership_application
from frontend.forms.fields import model_choice_field
from frontend.forms.members import SignUpForm
from projects.selectors import provider_choices
from solutions.selectors import provider_choices_for
from tests.factories.accounts import (
    CorporationFactory,
    MembershipApplicationFactory,
    OrganisationAdminFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

COMPANY = {
    "organisation_name": "Lumen Grid",
    "category": "corporation",
    "kind": "startup",
    "country": "PT",
    "locality": "Lisbon",
    "region": "europe",
    "employee_count": "12",
}
ACCOUNT = {"email": "rui@example.org", "first_name": "Rui", "last_name": "Costa"}
PASSWORD = "a-long-secret-9"  # noqa: S105 -- a throw-away test account

OUTSIDERS = {
    "person-of-another-organisation": lambda: UserFactory.create(organisation=CorporationFactory.create()),
    "member": UserFactory.create,
    "organisation-admin": OrganisationAdminFactory.create,
}


def test_apply_page_shows_the_fee_without_saving(client):
    response = client.post("/apply/", {**COMPANY, "show_fee": "1"})

    assert response.status_code == 200
    assert "Annual fee: <strong>USD 1,000</strong>" in response.content.decode()
    assert MembershipApplication.objects.count() == 0


def application_link(message) -> str:
    found = re.search(r"https?://[^/\s]+(/apply/finish/[^/\s]+/)", message.body)
    assert found is not None, message.body
    return found.group(1)


def test_apply_page_answers_a_taken_address_as_a_free_one(client, django_capture_on_commit_callbacks):
    owner = UserFactory.create(email="taken@example.org")

    def page_for(address: str) -> tuple[int, str]:
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post("/apply/", {**COMPANY, **ACCOUNT, "email": address, "submit": "1"})
        page = response.content.decode().replace(address, "ADDRESS")
        # Every page's language switcher carries a CSRF token, masked anew on each page.
        return response.status_code, re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    taken, free = page_for("TAKEN@example.org"), page_for("free@example.org")

    assert taken == free
    assert taken[0] == 200
    assert "Check your inbox" in taken[1]
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("free@example.org", "Confirm your membership application on Solutions Meet Cities"),
        (owner.email, "Someone applied for membership with your e-mail address"),
    ]
    assert (User.objects.count(), MembershipApplication.objects.count()) == (1, 0)


def test_the_emailed_link_makes_the_account_signs_in_and_shows_the_status(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/apply/", {**COMPANY, **ACCOUNT, "submit": "1"})
    link = application_link(mail.outbox[0])

    page = client.get(link)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            link, {"username": "rui", "password": PASSWORD, "password_again": PASSWORD}, follow=True
        )

    application = MembershipApplication.objects.get()
    assert "Lumen Grid" in page.content.decode()
    assert response.redirect_chain == [(f"/apply/{application.pk}/", 302)]
    assert (response.context["user"], application.applicant.username) == (application.applicant, "rui")
    assert b"Pending" in response.content
    assert client.get(link).status_code == 400  # used


def test_the_links_page_reports_a_taken_username_and_a_weak_password(
    client, django_capture_on_commit_callbacks
):
    UserFactory.create(username="rui", email="another@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/apply/", {**COMPANY, **ACCOUNT, "submit": "1"})
    link = application_link(mail.outbox[0])

    taken = client.post(link, {"username": "rui", "password": PASSWORD, "password_again": PASSWORD})
    weak = client.post(link, {"username": "rui2", "password": "12345678", "password_again": "12345678"})

    assert list(taken.context["form"].errors) == ["username"]
    assert list(weak.context["form"].errors) == ["password"]
    assert MembershipApplication.objects.count() == 0


def test_a_sign_up_link_of_an_application_goes_to_the_application_page(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/apply/", {**COMPANY, **ACCOUNT, "submit": "1"})
    link = application_link(mail.outbox[0])
    token = link.split("/")[-2]

    response = client.get(f"/accounts/signup/{token}/")

    assert (response.status_code, response["Location"]) == (302, link)


def test_apply_page_shows_errors_per_field(client):
    response = client.post("/apply/", {**COMPANY, **ACCOUNT, "kind": "city", "email": "rui@"})

    assert set(response.context["form"].errors) == {"kind", "email"}
    assert (User.objects.count(), MembershipApplication.objects.count(), len(mail.outbox)) == (0, 0, 0)


def test_signed_in_applicant_gives_no_account_fields(client, user):
    client.force_login(user)

    response = client.post("/apply/", {**COMPANY, "contact_job_title": "CEO"})

    application = MembershipApplication.objects.get()
    assert response.status_code == 302
    assert (application.applicant, application.contact_job_title) == (user, "CEO")


@pytest.mark.parametrize("who", list(OUTSIDERS))
def test_status_page_is_for_the_applicant_and_staff(client, who):
    application = MembershipApplicationFactory.create()
    client.force_login(OUTSIDERS[who]())

    assert client.get(f"/apply/{application.pk}/").status_code == 403


def test_status_page_asks_anonymous_visitors_to_log_in(client):
    application = MembershipApplicationFactory.create()

    assert client.get(f"/apply/{application.pk}/").status_code == 302


@pytest.mark.parametrize(
    "path", ["/staff/applications/", "/staff/applications/{pk}/"], ids=["queue", "review"]
)
@pytest.mark.parametrize("who", [*OUTSIDERS, "applicant"])
def test_review_pages_are_for_staff_only(client, path, who):
    application = MembershipApplicationFactory.create()
    client.force_login(application.applicant if who == "applicant" else OUTSIDERS[who]())

    assert client.get(path.format(pk=application.pk)).status_code == 403


@pytest.mark.parametrize("decision", ["approve", "reject"])
@pytest.mark.parametrize("who", ["anonymous", *OUTSIDERS, "applicant"])
def test_only_staff_decide_from_the_pages(client, decision, who):
    application = MembershipApplicationFactory.create()
    if who != "anonymous":
        client.force_login(application.applicant if who == "applicant" else OUTSIDERS[who]())

    response = client.post(
        f"/staff/applications/{application.pk}/{decision}/", {"reject-reason": "No.", "approve-kind": "sme"}
    )

    application.refresh_from_db()
    assert response.status_code == (302 if who == "anonymous" else 403)
    assert application.status == ApplicationStatus.PENDING


@pytest.mark.parametrize("item_count", [1, 3])
def test_queue_query_count_is_constant(client, staff, django_assert_num_queries, item_count):
    MembershipApplicationFactory.create_batch(item_count)
    client.force_login(staff)

    with django_assert_num_queries(3):  # session, user, pending applications with their applicants
        response = client.get("/staff/applications/")

    assert len(response.context["pending"]) == item_count


def review_form(application) -> dict[str, str]:
    return {
        "approve-organisation_name": application.organisation_name,
        "approve-category": application.category,
        "approve-kind": application.kind,
        "approve-country": str(application.country),
        "approve-locality": application.locality,
        "approve-region": application.region,
        "approve-website": application.website,
        "approve-description": application.description,
        "approve-employee_count": str(application.employee_count),
    }


def test_review_pages_print_the_fee_with_thousands_separators(client, staff):
    application = MembershipApplicationFactory.create(employee_count=120)
    client.force_login(staff)

    queue = client.get("/staff/applications/").content.decode()
    review = client.get(f"/staff/applications/{application.pk}/").content.decode()

    assert "Fee: USD 2,000" in queue
    assert "USD 2,000" in review
    assert "USD 2000" not in queue + review


def test_staff_approve_with_a_correction(client, staff):
    application = MembershipApplicationFactory.create()
    client.force_login(staff)

    response = client.post(
        f"/staff/applications/{application.pk}/approve/",
        {**review_form(application), "approve-employee_count": "75"},
    )

    contact = User.objects.select_related("organisation").get(pk=application.applicant_id)
    assert contact.organisation is not None
    assert response.status_code == 302
    assert (contact.organisation.employee_count, contact.organisation_role) == (75, OrganisationRole.ADMIN)


def test_staff_reject_needs_a_reason(client, staff):
    application = MembershipApplicationFactory.create()
    client.force_login(staff)

    response = client.post(f"/staff/applications/{application.pk}/reject/", {"reject-reason": ""})

    assert list(response.context["reject_form"].errors) == ["reason"]


def test_second_decision_from_the_pages_says_it_was_taken(client, staff):
    application = MembershipApplicationFactory.create()
    approve_membership_application(application=application, actor=StaffFactory.create())
    client.force_login(staff)

    response = client.post(
        f"/staff/applications/{application.pk}/reject/", {"reject-reason": "No."}, follow=True
    )

    assert "already approved" in next(str(m) for m in response.context["messages"])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


def test_links_to_apply_and_to_the_queue(client, staff):
    assert b'href="/apply/"' in client.get("/").content
    assert b'href="/apply/"' in client.get("/accounts/signup/").content
    client.force_login(staff)
    assert b'href="/staff/applications/"' in client.get("/").content


def test_demo_providers_count_nowhere_as_members(client, staff):
    OrganisationFactory.create(name="Imported City", source="brochure-2023")
    approve_membership_application(application=MembershipApplicationFactory.create(), actor=staff)
    call_command("generate_demo_catalogue", solutions=3, providers=3, stdout=StringIO())

    home = client.get("/")
    directory = client.get("/members/")
    client.force_login(staff)
    reports = client.get("/reports/")

    assert home.context["counts"]["total"] == 2
    assert directory.context["page"].paginator.count == 2
    assert reports.context["members"].footer[-1] == 2
    signup_choices = model_choice_field(SignUpForm(), "asks_to_join").queryset
    assert set(signup_choices or []) == set(member_organisations())
    assert not any(o.source == DEMO_SOURCE for o in provider_choices_for(staff))
    assert not any(o.source == DEMO_SOURCE for o in provider_choices())


def test_sending_an_application_without_an_account_is_throttled_like_sign_up(client, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "signup": "2/hour"}

    fee_previews = [client.post("/apply/", {**COMPANY, "show_fee": "1"}).status_code for _ in range(3)]
    sent = [client.post("/apply/", {**COMPANY, **ACCOUNT, "submit": "1"}).status_code for _ in range(3)]

    assert (fee_previews, sent) == ([200, 200, 200], [200, 200, 429])
