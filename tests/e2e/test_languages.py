"""Issue 18, acceptance 1: the product in each of its seven languages.

For each language, a city officer (and staff, for the reports) chooses it with the switcher in the
page's header, then opens the home, catalogue, need, booking, my-meetings, event agenda, Activator and
reports pages. No text on them may be one of our English messages that the language's catalog
(`locale/<lang>/LC_MESSAGES/django.po` and `djangojs.po`) leaves untranslated: an entry whose msgstr is
empty, fuzzy or the msgid itself, unless the msgid reads the same in both languages (ALLOWED). Messages
with placeholders are matched as patterns ("Welcome, %(name)s" finds "Welcome, Amina").
Arabic pages are right to left (`dir="rtl"`) and do not scroll sideways on a 390 px wide phone.
"""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from cities.services.activator import submit_survey_response
from common.languages import CODES, DEFAULT
from events.enums import EventPhase
from events.models import Event
from events.selectors.setup import slot_at
from events.services.publishing import publish_schedule
from events.services.scheduler import place_draft_meeting
from tests.e2e.helpers import PHONE, log_in, open_menu
from tests.factories.accounts import (
    CorporationFactory,
    OrganisationAdminFactory,
    OrganisationFactory,
    StaffFactory,
)
from tests.factories.activator import answers_for, seeded_survey
from tests.factories.catalogue import NeedFactory, SolutionFactory
from tests.factories.events import (
    EventRegistrationFactory,
    EventRepresentativeFactory,
    accepted_meeting,
    event_with_sessions,
)
from tests.scheduling.factories import AvailabilityRuleFactory, OrganisationParticipantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LOCALE = Path(settings.BASE_DIR) / "locale"
# Messages that read the same in English and in every other language: names, not words to translate.
ALLOWED = {"Solutions Meet Cities", "API", "CSV", "PDF", "OK", "E-mail", "Activator", "City Activator"}
# Words each language writes exactly as English does (checked by its translator and by us): their
# msgstr is the msgid on purpose.
SAME_IN = {
    "es": {"Sector", "Total"},
    "fr": {
        "Notifications", "Menu", "Solutions", "Culture", "Europe", "Budget", "Message", "Note", "Table",
        "Institution", "Total", "Organisation", "Population", "Session",
    },
    "pt": {"Menu", "Total"},
}  # fmt: skip
# A message with placeholders is looked for only when its own words are long enough to tell it apart.
MIN_PATTERN_LETTERS = 8
PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[sd]|\{[^{}\s]*\}")

# Every text node of the page, and the words a reader meets outside them (buttons' values,
# placeholders, labels given to assistive technology), whitespace folded.
PAGE_TEXTS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => ["SCRIPT", "STYLE", "NOSCRIPT"].includes(node.parentElement.tagName)
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  while (walker.nextNode()) texts.push(walker.currentNode.textContent);
  const named = document.querySelectorAll("[placeholder], [aria-label], [title], input[type=submit][value]");
  named.forEach((el) => {
    for (const name of ["placeholder", "aria-label", "title"]) {
      if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
    }
    if (el.type === "submit") texts.push(el.value);
  });
  texts.push(document.title);
  return texts.map((t) => t.replace(/\\s+/g, " ").trim()).filter((t) => t.length > 0);
}"""


def untranslated_messages(language: str) -> tuple[set[str], list[re.Pattern[str]]]:
    """Our English messages that `language` does not translate yet: exact texts, and patterns for
    those with placeholders. Messages with markup (they never stand alone in a text node) and those
    made of placeholders only are left out."""
    exact: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    same = ALLOWED | SAME_IN.get(language, set())
    for domain in ("django", "djangojs"):
        path = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                forms = list(entry.msgstr_plural.values())
                missing = entry.fuzzy or not forms or any(not form.strip() for form in forms)
                english = [entry.msgid, entry.msgid_plural]
            else:
                missing = entry.fuzzy or not entry.msgstr.strip() or entry.msgstr == entry.msgid
                english = [entry.msgid]
            if not missing:
                continue
            for written in english:
                text = " ".join(written.split())
                if "<" in text or text in same or not re.search(r"[A-Za-z]{2}", PLACEHOLDER.sub("", text)):
                    continue
                if PLACEHOLDER.search(text):
                    if len(re.findall(r"[A-Za-z]", PLACEHOLDER.sub("", text))) < MIN_PATTERN_LETTERS:
                        continue  # "%(start)s to %(end)s" would match any text with " to " in it
                    parts = PLACEHOLDER.split(text)
                    patterns.append(re.compile("^" + ".+?".join(re.escape(part) for part in parts) + "$"))
                else:
                    exact.add(text)
    return exact, patterns


def english_left_on(page: Page, exact: set[str], patterns: list[re.Pattern[str]]) -> list[str]:
    return [
        text
        for text in dict.fromkeys(page.evaluate(PAGE_TEXTS))
        if text in exact or any(pattern.match(text) for pattern in patterns)
    ]


def switch_to(page: Page, language: str) -> None:
    """Choose `language` with the header's switcher, as a reader would."""
    open_menu(page)
    switcher = page.get_by_test_id("language-switch")
    switcher.locator("select").select_option(language)
    switcher.locator("button").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def arrange() -> dict:
    """A city officer with something on each page: a need, a published event agenda where they meet a
    provider, an Activator result; a provider to book; staff for the reports."""
    staff = StaffFactory.create(username="staff")
    city = OrganisationFactory.create(name="Nairobi", slug="nairobi")
    officer = OrganisationAdminFactory.create(
        organisation=city, username="amina", first_name="Amina", last_name="Odhiambo"
    )
    provider = CorporationFactory.create(name="Acme Flood Tech", slug="acme-flood-tech")
    provider_admin = OrganisationAdminFactory.create(organisation=provider, username="jonas")
    SolutionFactory.create(provider=provider, title="Flood sensors", slug="flood-sensors")
    need = NeedFactory.create(city=city, title="Warn residents of floods", slug="flood-warnings")

    event = event_with_sessions(("Morning", time(9), 4), phase=EventPhase.REQUESTS_OPEN, tables=2)
    registrations = []
    for organisation, person in ((city, officer), (provider, provider_admin)):
        registration = EventRegistrationFactory.create(event=event, organisation=organisation)
        EventRepresentativeFactory.create(registration=registration, user=person)
        registrations.append(registration)
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.SCHEDULING)
    meeting = accepted_meeting(event, *registrations)
    place_draft_meeting(meeting=meeting, actor=staff, slot=slot_at(event, 0), table=1)
    publish_schedule(event=Event.objects.get(pk=event.pk), actor=staff)

    survey = seeded_survey()
    submit_survey_response(
        actor=officer, survey=survey, answers=answers_for(survey, {"mobility": 0, "governance": 2})
    )
    bookable = OrganisationParticipantFactory.create(
        organisation=CorporationFactory.create(name="Open Hours Ltd"), meeting_lengths=[30]
    )
    for weekday in range(7):
        AvailabilityRuleFactory.create(participant=bookable, weekday=weekday)

    officer_pages = {
        "home": reverse("frontend:home"),
        "catalogue": reverse("frontend:solutions"),
        "need": reverse("frontend:need", args=[need.slug]),
        "booking": reverse("frontend:book", args=[bookable.key]),
        "my meetings": reverse("frontend:my-meetings"),
        "event agenda": reverse("frontend:event-agenda", args=[event.slug]),
        "Activator": reverse("frontend:activator"),
    }
    return {
        "officer": officer,
        "staff": staff,
        "pages": {"officer": officer_pages, "staff": {"reports": reverse("frontend:reports")}},
    }


def visit_in(browser: Browser, url: str, person: User, pages: dict[str, str], language: str) -> dict:
    """Open each page as `person` after choosing `language`: what English is left on each, and for a
    right-to-left language, each page's direction and width on a phone."""
    context, page = log_in(browser, url, person)
    try:
        switch_to(page, language)
        exact, patterns = untranslated_messages(language) if language != DEFAULT else (set(), [])
        english, layout = {}, {}
        for name, path in pages.items():
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(url + path)
            english[name] = english_left_on(page, exact, patterns)
            if language == "ar":
                page.set_viewport_size(PHONE)
                page.reload()
                layout[name] = (
                    page.locator("html").get_attribute("dir"),
                    page.evaluate("document.documentElement.scrollWidth"),
                )
        assert User.objects.get(pk=person.pk).language == language  # the switcher stored it
        return {"english": english, "layout": layout}
    finally:
        context.close()


@pytest.mark.parametrize("language", CODES)
def test_each_page_is_in_the_chosen_language(browser, live_server_url, language):
    world = arrange()
    seen = visit_in(browser, live_server_url, world["officer"], world["pages"]["officer"], language)
    staff_seen = visit_in(browser, live_server_url, world["staff"], world["pages"]["staff"], language)
    english = {**seen["english"], **staff_seen["english"]}
    layout = {**seen["layout"], **staff_seen["layout"]}

    # The layout first: it does not depend on the translators' progress.
    if language == "ar":
        assert {name: direction for name, (direction, _) in layout.items()} == dict.fromkeys(layout, "rtl")
        wide = {name: width for name, (_, width) in layout.items() if width > PHONE["width"]}
        assert wide == {}, f"Arabic pages wider than a {PHONE['width']} px phone: {wide}"
    left = {name: texts for name, texts in english.items() if texts}
    assert left == {}, f"English left untranslated in {language!r}: {left}"
