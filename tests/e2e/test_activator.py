import pytest
from playwright.sync_api import expect

from cities.models import Question
from tests.e2e.helpers import PHONE, new_page, open_menu
from tests.factories.accounts import OrganisationFactory, UserFactory
from tests.factories.activator import seeded_survey
from tests.factories.catalogue import SolutionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # noqa: S105 -- the factories' throw-away password

# The grade chosen for each dimension's questions: weakest in mobility, middling overall.
GRADES = {"mobility": 0, "safety": 1, "governance": 2}


def test_city_takes_the_survey_sees_radar_and_stage_and_opens_a_recommended_solution(live_server_url, page):
    survey = seeded_survey()
    SolutionFactory.create(
        title="Museum ticketing",
        summary="Sell museum tickets at the door.",
        description="Visitors buy exhibition tickets at the museum desk.",
        sectors=["culture"],
    )
    traffic = SolutionFactory.create(
        title="Adaptive traffic signal control",
        summary="Traffic signals that adapt to live traffic and give buses priority.",
        description="Adaptive traffic signals cut congestion; passengers get live public transport times.",
        sectors=["mobility"],
    )
    person = UserFactory.create(
        organisation=OrganisationFactory.create(name="Kampala", country="UG", region="africa")
    )
    choices = {
        question.pk: question.options.get(grade=GRADES.get(question.dimension.key, 3)).pk
        for question in Question.objects.filter(dimension__survey=survey).select_related("dimension")
    }

    page.goto(f"{live_server_url}/accounts/login/")
    page.get_by_label("Username").fill(person.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Activator").click()
    page.get_by_test_id("activator-start").click()
    for question_id, option_id in choices.items():
        page.locator(f'input[name="question_{question_id}"][value="{option_id}"]').check()
    page.get_by_role("button", name="See my result").click()

    # (0 + 25 + 50 + 6 * 75) / 9 = 58.3: stage 3
    expect(page.get_by_test_id("activator-stage")).to_contain_text("Developing")
    expect(page.get_by_test_id("activator-stage")).to_contain_text("58.3")
    expect(page.get_by_test_id("radar-chart")).to_be_visible()
    expect(page.get_by_test_id("dimension-scores")).to_contain_text("Mobility")
    weakest = page.get_by_test_id("weak-dimension").first
    expect(weakest).to_have_attribute("data-dimension", "mobility")
    recommended = weakest.get_by_test_id("recommended-solution")
    expect(recommended).to_have_text("Adaptive traffic signal control")
    expect(weakest.get_by_role("link", name="Museum ticketing")).to_have_count(0)

    recommended.click()

    expect(page).to_have_url(f"{live_server_url}/solutions/{traffic.slug}/?via=recommendation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Adaptive traffic signal control")


def test_on_a_phone_the_radar_fits_and_every_label_is_on_screen_and_readable(live_server_url, browser):
    survey = seeded_survey()
    person = UserFactory.create(
        organisation=OrganisationFactory.create(name="Kampala", country="UG", region="africa")
    )
    page = new_page(browser, viewport=PHONE)
    try:
        page.goto(f"{live_server_url}/accounts/login/")
        page.get_by_label("Username").fill(person.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        open_menu(page)
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Activator").click()
        page.get_by_test_id("activator-start").click()
        for question in Question.objects.filter(dimension__survey=survey).select_related("dimension"):
            option = question.options.get(grade=GRADES.get(question.dimension.key, 3))
            page.locator(f'input[name="question_{question.pk}"][value="{option.pk}"]').check()
        page.get_by_role("button", name="See my result").click()

        chart = page.get_by_test_id("radar-chart")
        expect(chart).to_be_visible()
        chart_box = chart.bounding_box()
        assert chart_box is not None
        assert (chart_box["x"] >= 0, chart_box["x"] + chart_box["width"] <= PHONE["width"]) == (True, True)
        shown = chart.locator("text:visible").all()
        labels = [box for box in (label.bounding_box() for label in shown) if box]
        assert len(labels) == survey.dimensions.count()
        outside = [box for box in labels if box["x"] < 0 or box["x"] + box["width"] > PHONE["width"]]
        assert outside == []
        overlapping = [
            (a, b)
            for i, a in enumerate(labels)
            for b in labels[i + 1 :]
            if a["x"] < b["x"] + b["width"]
            and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"]
            and b["y"] < a["y"] + a["height"]
        ]
        assert overlapping == []
        assert min(box["height"] for box in labels) >= 12  # large enough to read
        # Each number on the chart is named, with its score, in the key beside it and in the table.
        expect(page.get_by_test_id("radar-key").get_by_role("listitem")).to_have_count(len(labels))
        expect(page.get_by_test_id("dimension-scores")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        page.context.close()
