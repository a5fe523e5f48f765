"""Issue 14: every page of the product works on a phone and on a laptop.

The pages are read from the URL resolver (the `frontend` namespace), so a new page cannot be left out:
each route's arguments come from data made here, each page is opened by someone who may see it, at
390 x 844 and at 1280 x 800, and must not scroll sideways nor have a critical or serious axe violation.
The list of pages visited is written to test-artifacts/every-page.txt.
"""

from datetime import time, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.timezone import now
from playwright.sync_api import Browser, Page, ViewportSize, expect

from accounts.enums import OrganisationRole
from accounts.models import JoinRequest, UnconfirmedApplication
from accounts.services.invitations import invite_colleague
from accounts.services.tokens import create_api_token
from accounts.verification import SignUpClaim, email_verification_token, sign_up_token
from cities.services.activator import submit_survey_response
from cities.services.activator_sharing import share_activator_results
from events.enums import EventPhase, RunStatus
from events.models import Event, ScheduleRun
from events.selectors.setup import slot_at
from events.services.publishing import publish_schedule
from events.services.scheduler import place_draft_meeting
from projects.services import create_proposal
from scheduling.services.expiry import expire_unanswered_requests
from scheduling.services.meetings import propose_new_times, request_meeting
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import PHONE, csp_reports_of, log_in, log_in_with_password_only, new_page
from tests.factories.accounts import (
    CorporationFactory,
    MembershipApplicationFactory,
    OrganisationAdminFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
)
from tests.factories.activator import PlanGoalFactory, SmartCityPlanFactory, answers_for, seeded_survey
from tests.factories.catalogue import BestCaseFactory, NeedFactory, SolutionFactory
from tests.factories.events import (
    EventRegistrationFactory,
    EventRepresentativeFactory,
    accepted_meeting,
    event_with_sessions,
)
from tests.factories.notifications import NotificationFactory
from tests.factories.projects import MeetingSideFactory
from tests.scheduling.factories import AvailabilityRuleFactory, OrganisationParticipantFactory
from tests.second_factor import authenticator_app_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_SIZE = ViewportSize(width=PHONE["width"], height=PHONE["height"])
LAPTOP = ViewportSize(width=1280, height=800)

# Routes a browser cannot open as a page: they only take a POST (a form's action: they change something
# and redirect; GET answers 405) or they answer a file (CSV, iCalendar) rather than a page.
POST_ONLY = {
    "meeting-action", "appoint-admin", "people-invite", "join-request-decision", "invitation-action",
    "person-action", "application-approve", "application-reject", "ask-to-join", "withdraw-join-request",
    "solution-publish", "solution-archive", "event-phase", "event-sessions", "event-register",
    "event-representatives", "event-request-answer", "event-check-in", "plan-delete", "project-stage",
    "project-note", "project-key-date", "notifications-read-all", "notification-open", "logout",
    "activator-share-revoke", "project-share-activator-results",
    "api-token-revoke", "api-tokens-revoke-all", "sign-out-everywhere",
    "security-backup-codes", "security-remove", "passkey-name", "passkey-remove",
    "verify-email-resend", "staff-outbox-retry", "switch-language", "content-translation",
}  # fmt: skip
FILES = {"event-schedule-csv", "event-agenda-ics", "report-csv", "download-my-data"}

# Who opens a page (the city's admin otherwise): staff pages, the provider's own pages, pages for visitors.
STAFF_PAGES = {
    "staff-todo", "application-queue", "application-review", "reports", "event-new", "event-edit",
    "event-schedule", "event-run", "event-table-signs", "event-dashboard", "event-report",
    "event-all-requests", "best-case-review", "audit-trail", "staff-outbox",
}  # fmt: skip
PROVIDER_PAGES = {"my-solutions", "solution-new", "solution-edit"}
VISITOR_PAGES = {
    "login", "signup", "signup-finish", "apply", "apply-finish", "invitation", "password_reset",
    "password_reset_done", "password_reset_confirm", "password_reset_complete",
}  # fmt: skip
APPLICANT_PAGES = {"application"}
# The second factor's pages, opened by sessions that have given only the password: a member who set up
# an app is asked for its code; a new organisation admin without one is asked to set one up.
CODE_PAGES = {"two-factor"}
SETUP_PAGES = {"two-factor-setup"}
# Django's password-reset link sends the browser on to its own ".../set-password/" page, which is the form.
# An e-mail verification link verifies and sends the browser on to the profile.
REDIRECTED = {"password_reset_confirm", "verify-email"}


def frontend_routes() -> dict[str, URLPattern]:
    """Every URL pattern of the `frontend` namespace, by name."""
    resolver = next(
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and entry.namespace == "frontend"
    )
    return {
        pattern.name: pattern
        for pattern in resolver.url_patterns
        if isinstance(pattern, URLPattern) and pattern.name is not None
    }


def fill(route: str, arguments: dict[str, object]) -> str:
    """The path of `route` (a route string such as "events/<slug:slug>/") with its arguments."""
    path = route
    for name, value in arguments.items():
        path = path.replace(f"<slug:{name}>", str(value)).replace(f"<int:{name}>", str(value))
        path = path.replace(f"<str:{name}>", str(value)).replace(f"<{name}>", str(value))
    assert "<" not in path, f"no argument for {route}"
    return path


def held_application_token() -> str:
    """The token of the link an applicant without an account is e-mailed."""
    held = UnconfirmedApplication.objects.create(
        email="applicant@example.org", details={"organisation_name": "Lumen Grid"}
    )
    return sign_up_token(SignUpClaim(email=held.email, application=held.pk))


def arrange() -> dict:
    """A world with something on every page: returns the people and each page's arguments."""
    staff = StaffFactory.create(username="staff")
    city = OrganisationFactory.create(name="Nairobi", slug="nairobi")
    city_admin = OrganisationAdminFactory.create(
        organisation=city, username="amina", first_name="Amina", last_name="Odhiambo"
    )
    provider = CorporationFactory.create(name="Acme Flood Tech", slug="acme-flood-tech")
    provider_admin = OrganisationAdminFactory.create(
        organisation=provider, username="jonas", first_name="Jonas", last_name="Weber"
    )
    UserFactory.create(organisation=city, organisation_role=OrganisationRole.MEMBER)
    solution = SolutionFactory.create(provider=provider, title="Flood sensors", slug="flood-sensors")
    best_case = BestCaseFactory.create(city=city, solution=solution, created_by=city_admin)  # under review
    need = NeedFactory.create(city=city, title="Warn residents of floods", slug="flood-warnings")

    # An event whose agenda is published: the city and the provider meet at table 1.
    event = event_with_sessions(("Morning", time(9), 4), phase=EventPhase.REQUESTS_OPEN, tables=2)
    registrations = []
    for organisation, person in ((city, city_admin), (provider, provider_admin)):
        registration = EventRegistrationFactory.create(
            event=event,
            organisation=organisation,
            offer=f"What {organisation.name} brings: sensors, data and a long description of it all.",
            seek="Partners for flood warnings along the river, from pilots to city-wide roll-outs.",
            sectors=["water", "safety", "digital_infrastructure"],
        )
        EventRepresentativeFactory.create(registration=registration, user=person)
        registrations.append(registration)
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.SCHEDULING)
    meeting = accepted_meeting(event, *registrations)
    place_draft_meeting(meeting=meeting, actor=staff, slot=slot_at(event, 0), table=1)
    run = ScheduleRun.objects.create(
        event=event,
        started_by=staff,
        status=RunStatus.DONE,
        solver_status="optimal",
        time_limit_s=2,
        finished_at=now(),
        seconds=0.4,
        requested=1,
        placed=1,
    )
    publish_schedule(event=Event.objects.get(pk=event.pk), actor=staff)
    meeting.refresh_from_db()  # publishing made it a confirmed scheduling meeting of both sides

    survey = seeded_survey()
    result = submit_survey_response(
        actor=city_admin, survey=survey, answers=answers_for(survey, {"mobility": 0, "governance": 2})
    )
    # The city shares its results with another provider: the sharing page lists it, with Revoke.
    share_activator_results(
        actor=city_admin, city=city, provider=CorporationFactory.create(name="Open Data Analytics Ltd")
    )
    plan = SmartCityPlanFactory.create(city=city, title="Nairobi 2030", slug="nairobi-2030")
    PlanGoalFactory.create(plan=plan)
    proposal = create_proposal(
        actor=staff, city=city, providers=[provider], title="River sensors", scope="Sensors along the river."
    )
    applicant = UserFactory.create(username="rui")
    application = MembershipApplicationFactory.create(applicant=applicant)
    JoinRequest.objects.create(person=UserFactory.create(), organisation=city)
    invitation = invite_colleague(organisation=city, email="wanjiru@example.org", invited_by=city_admin)
    NotificationFactory.create_batch(3, recipient=city_admin)
    provider_side = MeetingSideFactory.create(organisation=provider)
    booking_key = provider_side.key
    # On-demand meetings in the states their page shows differently: a request nobody answered
    # (expired), and new times the provider proposed for the city to choose from.
    soon = now().replace(second=0, microsecond=0)
    unanswered = request_meeting(
        actor=city_admin,
        invitee=provider_side,
        subject="Water meters",
        length=30,
        proposals=[soon + timedelta(days=1)],
    )
    expire_unanswered_requests(now=soon + timedelta(days=2))
    countered = request_meeting(
        actor=city_admin,
        invitee=provider_side,
        subject="Flood sensors",
        length=30,
        proposals=[soon + timedelta(days=3)],
    )
    propose_new_times(
        meeting=countered,
        actor=provider_admin,
        starts=[soon + timedelta(days=4), soon + timedelta(days=5, hours=2)],
        note="Our engineer can join at these times.",
    )
    create_api_token(user=city_admin, name="Reporting script of the city's open-data portal")
    open_hours = OrganisationParticipantFactory.create(
        organisation=CorporationFactory.create(name="Open Hours Ltd"), meeting_lengths=[30, 60]
    )
    for weekday in range(7):
        AvailabilityRuleFactory.create(participant=open_hours, weekday=weekday)

    arguments = {
        "book": {"key": booking_key},
        "meeting": {"pk": meeting.meeting_id},
        "organisation": {"slug": city.slug},
        "organisation-edit": {"slug": city.slug},
        "people": {"slug": city.slug},
        "invitation": {"token": invitation.token},
        "application": {"pk": application.pk},
        "application-review": {"pk": application.pk},
        "solution": {"slug": solution.slug},
        "solution-edit": {"slug": solution.slug},
        "best-case": {"pk": best_case.pk},
        "best-case-edit": {"pk": best_case.pk},
        "best-case-review": {"pk": best_case.pk},
        "need": {"slug": need.slug},
        "need-edit": {"slug": need.slug},
        "activator-result": {"pk": result.pk},
        "plan": {"slug": plan.slug},
        "plan-edit": {"slug": plan.slug},
        "project": {"pk": proposal.pk},
        "project-edit": {"pk": proposal.pk},
        "event-run": {"slug": event.slug, "pk": run.pk},
        "verify-email": {"token": email_verification_token(user_id=city_admin.pk, email=city_admin.email)},
        "signup-finish": {"token": sign_up_token(SignUpClaim(email="newcomer@example.org"))},
        "apply-finish": {"token": held_application_token()},
        "password_reset_confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(city_admin.pk)),
            "token": default_token_generator.make_token(city_admin),
        },
    }
    # States of a page that its plain URL does not show, visited too (by route name): the booking
    # page with free slots, in a later week, another time zone and another length.
    next_week = (now().date() + timedelta(weeks=1)).isoformat()
    more_states = {
        "book": [f"/book/{open_hours.key}/?week={next_week}&tz=America/Sao_Paulo&length=60"],
    }
    # The same page again in other states: (route name, state) -> its arguments.
    states = {
        ("meeting", "new times proposed"): {"pk": countered.pk},
        ("meeting", "expired"): {"pk": unanswered.pk},
    }
    member_with_app = UserFactory.create(username="kamau")
    authenticator_app_of(member_with_app)
    new_admin = OrganisationAdminFactory.create(username="halima")
    people = {
        "staff": staff,
        "city": city_admin,
        "provider": provider_admin,
        "applicant": applicant,
        "member with an app": member_with_app,
        "new admin": new_admin,
    }
    return {
        "event": event,
        "arguments": arguments,
        "states": states,
        "more_states": more_states,
        "people": people,
    }


def who_opens(page_name: str) -> str:
    name = page_name.split(" (", maxsplit=1)[0]  # a page in another state is opened by the same person
    for role, names in (
        ("staff", STAFF_PAGES),
        ("provider", PROVIDER_PAGES),
        ("visitor", VISITOR_PAGES),
        ("applicant", APPLICANT_PAGES),
        ("member with an app", CODE_PAGES),
        ("new admin", SETUP_PAGES),
    ):
        if name in names:
            return role
    return "city"


def page_of(role: str, person, browser: Browser, live_server_url: str) -> Page:
    """A browser page of its own for `role`: a visitor, a person who has given only the password (the
    second factor's pages), or a person logged in."""
    if role == "visitor":
        return new_page(browser)
    if role in {"member with an app", "new admin"}:
        page = new_page(browser)
        log_in_with_password_only(page, live_server_url, person.username)
        return page
    return log_in(browser, live_server_url, person)[1]


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in {"critical", "serious"}
    ]


def pages_to_visit(world: dict, routes: dict[str, URLPattern]) -> dict[str, str]:
    """Every GET page by name, with its path; a page shown in other states once more per state,
    named "<route> (<state>)"."""
    pages = {}
    for name, pattern in routes.items():
        if name in POST_ONLY or name in FILES:
            continue
        route = str(pattern.pattern)
        event_page = name.startswith("event") and "<slug:slug>" in route
        arguments = world["arguments"].get(name) or ({"slug": world["event"].slug} if event_page else {})
        pages[name] = "/" + fill(route, arguments)
    for (name, state), arguments in world["states"].items():
        pages[f"{name} ({state})"] = "/" + fill(str(routes[name].pattern), arguments)
    return pages


def test_every_page_fits_a_phone_and_a_laptop_without_serious_accessibility_problems(
    live_server_url, browser: Browser
):
    world = arrange()
    routes = frontend_routes()
    pages = pages_to_visit(world, routes)

    visits = sorted(pages.items()) + [
        (name, path) for name, paths in world["more_states"].items() for path in paths
    ]
    people = world["people"]
    pages_of: dict[str, Page] = {}
    for role in {who_opens(name) for name in pages}:
        pages_of[role] = page_of(role, people.get(role), browser, live_server_url)

    blocked_by_csp = csp_reports_of(pages_of.values())

    blocked_by_csp = csp_reports_of(pages_of.values())

    problems: list[str] = []
    visited: list[str] = []
    try:
        for viewport in (PHONE_SIZE, LAPTOP):
            for name, path in visits:
                page = pages_of[who_opens(name)]
                page.set_viewport_size(viewport)
                response = page.goto(f"{live_server_url}{path}")
                where = f"{name} {path} at {viewport['width']} px as {who_opens(name)}"
                visited.append(f"{where}: {response.status if response else '?'}")
                if response is None or response.status != 200:
                    problems.append(f"{where}: HTTP {response.status if response else 'none'}")
                    continue
                if name not in REDIRECTED and not page.url.endswith(path):
                    problems.append(f"{where}: sent on to {page.url}")
                width = page.evaluate(
                    "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
                )
                if width[0] > width[1]:
                    problems.append(f"{where}: scrolls sideways ({width[0]} > {width[1]})")
                problems.extend(f"{where}: {found}" for found in serious_violations(page))
                problems.extend(f"{where}: {blocked}" for blocked in blocked_by_csp)
                blocked_by_csp.clear()
                problems.extend(f"{where}: {blocked}" for blocked in blocked_by_csp)
                blocked_by_csp.clear()
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "every-page.txt").write_text("\n".join([*visited, "", "Problems:", *problems]) + "\n")
        for page in pages_of.values():
            page.context.close()

    get_routes = {name for name in routes if name not in POST_ONLY | FILES}
    assert {name.split(" (", maxsplit=1)[0] for name in pages} == get_routes
    assert len(visited) == 2 * len(visits)
    assert not problems, "\n".join(problems)


def test_on_a_phone_the_skip_link_comes_first_and_the_menu_folds_with_log_out_inside(
    live_server_url, browser: Browser
):
    person = OrganisationAdminFactory.create(username="amina")
    context, page = log_in(browser, live_server_url, person)
    try:
        page.set_viewport_size(PHONE_SIZE)
        page.goto(f"{live_server_url}/solutions/")
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator("main")).to_be_focused()

        menu = page.get_by_role("button", name="Menu")
        log_out = page.get_by_role("button", name="Log out")
        expect(log_out).to_be_hidden()
        expect(page.get_by_test_id("bell")).to_be_visible()
        box = menu.bounding_box()
        assert box is not None
        assert box["height"] >= 44
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(log_out).to_be_visible()
        links = page.get_by_role("navigation", name="Main").get_by_role("link")
        assert all(box["height"] >= 44 for box in (link.bounding_box() for link in links.all()) if box)
        log_out.click()
        expect(page.get_by_role("link", name="Log in", include_hidden=True)).to_be_attached()

        page.set_viewport_size(LAPTOP)
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    finally:
        context.close()
