"""Members get in on their own: a city officer asks to join and is approved by the admin staff
appointed; an admin invites a colleague who signs up from the e-mailed link."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PASSWORD, invitation_path, log_in, pass_second_factor, sign_up_path
from tests.factories.accounts import OrganisationAdminFactory, OrganisationFactory, StaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_up_asking_to_join(browser, mail_server, *, username, first_name, last_name, organisation):
    """A person signs up on the sign-up page asking to join `organisation` and finishes from the
    e-mailed link: (context, page)."""
    url, mail_dir = mail_server["url"], mail_server["mail_dir"]
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{url}/accounts/signup/")
    page.get_by_label("E-mail").fill(f"{username}@example.org")
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill(last_name)
    page.get_by_label("Organisation you represent").select_option(label=organisation)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_test_id("signup-sent")).to_be_visible()
    page.goto(f"{url}{sign_up_path(mail_dir, f'{username}@example.org')}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password *", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_test_id("join-request-banner")).to_contain_text(organisation)
    return context, page


def test_officer_joins_city_approved_by_appointed_admin_and_posts_a_need(browser, mail_server):
    url = mail_server["url"]
    # Seoul as the brochure import leaves it: a member city with nobody attached, so no admin yet.
    OrganisationFactory.create(name="Seoul", slug="seoul-kr")
    staff = StaffFactory.create()

    future_admin_context, _ = sign_up_asking_to_join(
        browser, mail_server, username="jiwoo", first_name="Ji-woo", last_name="Kim", organisation="Seoul"
    )
    officer_context, officer = sign_up_asking_to_join(
        browser, mail_server, username="minho", first_name="Min-ho", last_name="Park", organisation="Seoul"
    )

    staff_context, staff_page = log_in(browser, url, staff)
    staff_page.goto(f"{url}/members/seoul-kr/")
    staff_page.get_by_label("Appoint as admin").select_option(label="Ji-woo Kim")
    staff_page.get_by_role("button", name="Appoint admin").click()
    expect(staff_page.get_by_role("status").first).to_contain_text("is now an admin")

    admin_page = future_admin_context.new_page()
    admin_page.set_default_timeout(10_000)
    admin_page.goto(f"{url}/members/seoul-kr/")
    # An admin now, Ji-woo sets up her second factor before any page, then goes on where she was going.
    expect(admin_page.get_by_role("heading", level=1)).to_have_text("Set up your second factor")
    pass_second_factor(admin_page, "jiwoo")
    expect(admin_page).to_have_url(f"{url}/members/seoul-kr/")
    admin_page.get_by_role("link", name="Our people").click()
    admin_page.get_by_test_id("join-request").filter(has_text="Min-ho Park").get_by_role(
        "button", name="Approve"
    ).click()
    expect(admin_page.get_by_test_id("people")).to_contain_text("Min-ho Park")

    officer.goto(f"{url}/my/needs/new/")
    officer.get_by_label("Title").fill("Flood warnings for riverside districts")
    officer.get_by_label("Description").fill(
        "Residents get no warning before the Han river floods their homes."
    )
    officer.get_by_role("button", name="Post need").click()
    expect(officer.get_by_role("heading", name="Flood warnings for riverside districts")).to_be_visible()
    for context in (officer_context, staff_context, future_admin_context):
        context.close()


def test_admin_invites_colleague_who_signs_up_from_the_link(browser, mail_server):
    url, mail_dir = mail_server["url"], mail_server["mail_dir"]
    admin = OrganisationAdminFactory.create(
        organisation=OrganisationFactory.create(name="Eldoret", slug="eldoret-ke")
    )

    admin_context, admin_page = log_in(browser, url, admin)
    admin_page.goto(f"{url}/members/eldoret-ke/people/")
    admin_page.get_by_label("Colleague's e-mail").fill("chebet@example.org")
    admin_page.get_by_role("button", name="Send invitation").click()
    expect(admin_page.get_by_test_id("invitations")).to_contain_text("chebet@example.org")

    colleague_context = browser.new_context()
    colleague = colleague_context.new_page()
    colleague.set_default_timeout(10_000)
    colleague.goto(f"{url}{invitation_path(mail_dir, 'chebet@example.org')}")
    colleague.get_by_label("Username").fill("chebet")
    colleague.get_by_label("Password *", exact=True).fill(PASSWORD)
    colleague.get_by_label("Password (again)").fill(PASSWORD)
    colleague.get_by_role("button", name="Sign up and join").click()

    expect(colleague.get_by_role("heading", name="Eldoret")).to_be_visible()
    colleague.goto(f"{url}/accounts/profile/")
    expect(colleague.get_by_text("You represent Eldoret")).to_be_visible()
    for context in (admin_context, colleague_context):
        context.close()
