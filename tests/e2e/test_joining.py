"""Members get in on their own: a city officer asks to join and is approved by the admin staff
appointed; an admin invites a colleague who signs up from the e-mailed link."""

import pytest
from playwright.sync_api import expect

from accounts.services.joining import request_to_join
from tests.e2e.helpers import PASSWORD, invitation_path, log_in
from tests.factories.accounts import OrganisationAdminFactory, OrganisationFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_joins_city_approved_by_appointed_admin_and_posts_a_need(browser, mail_server):
    url = mail_server["url"]
    city = OrganisationFactory.create(name="Kisumu", slug="kisumu-ke")
    staff = StaffFactory.create()
    future_admin = UserFactory.create(first_name="Achieng", last_name="Otieno")
    request_to_join(person=future_admin, organisation=city)

    officer_context = browser.new_context()
    officer = officer_context.new_page()
    officer.set_default_timeout(10_000)
    officer.goto(f"{url}/accounts/signup/")
    officer.get_by_label("Username").fill("omondi")
    officer.get_by_label("E-mail").fill("omondi@example.org")
    officer.get_by_label("Password *", exact=True).fill(PASSWORD)
    officer.get_by_label("Password (again)").fill(PASSWORD)
    officer.get_by_label("Organisation you represent").select_option(label="Kisumu")
    officer.get_by_role("button", name="Sign up").click()
    expect(officer.get_by_test_id("join-request-banner")).to_contain_text("Kisumu")

    staff_context, staff_page = log_in(browser, url, staff)
    staff_page.goto(f"{url}/members/kisumu-ke/")
    staff_page.get_by_label("Appoint as admin").select_option(label="Achieng Otieno")
    staff_page.get_by_role("button", name="Appoint admin").click()
    expect(staff_page.get_by_role("status").first).to_contain_text("is now an admin")

    admin_context, admin_page = log_in(browser, url, future_admin)
    admin_page.goto(f"{url}/members/kisumu-ke/")
    admin_page.get_by_role("link", name="Our people").click()
    admin_page.get_by_test_id("join-request").filter(has_text="omondi").get_by_role(
        "button", name="Approve"
    ).click()
    expect(admin_page.get_by_test_id("people")).to_contain_text("omondi")

    officer.goto(f"{url}/my/needs/new/")
    officer.get_by_label("Title").fill("Flood warnings for lakeside wards")
    officer.get_by_label("Description").fill("Residents get no warning before the lake floods their homes.")
    officer.get_by_role("button", name="Post need").click()
    expect(officer.get_by_role("heading", name="Flood warnings for lakeside wards")).to_be_visible()
    for context in (officer_context, staff_context, admin_context):
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
