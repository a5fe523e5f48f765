"""Staff edit the questionnaire in the admin (with inlines) and copy a version; responses, needs and
plans are read-only there."""

import pytest

from cities.models import Survey
from cities.services.activator import submit_survey_response
from tests.factories.accounts import OrganisationFactory, StaffFactory, UserFactory
from tests.factories.activator import SmartCityPlanFactory, answers_for, build_survey

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def admin_client(client):
    client.force_login(StaffFactory.create(is_superuser=True))
    return client


def test_admin_pages_of_the_questionnaire_render(admin_client):
    survey = Survey.objects.get(version=1)
    dimension = survey.dimensions.first()
    assert dimension is not None
    question = dimension.questions.first()
    assert question is not None
    option = question.options.first()
    assert option is not None

    pages = [
        admin_client.get("/admin/cities/survey/"),
        admin_client.get(f"/admin/cities/survey/{survey.pk}/change/"),
        admin_client.get(f"/admin/cities/dimension/{dimension.pk}/change/"),
        admin_client.get(f"/admin/cities/question/{question.pk}/change/"),
        admin_client.get("/admin/cities/question/"),
    ]

    assert [page.status_code for page in pages] == [200, 200, 200, 200, 200]
    assert option.label in pages[3].content.decode()


def test_admin_edits_answer_options_inline(admin_client):
    survey = build_survey(questions_per_dimension=1)
    question = survey.dimensions.get().questions.get()
    options = list(question.options.order_by("grade"))
    data = {
        "dimension": question.dimension_id, "text": "Reworded?", "help_text": "", "order": 0, "weight": 3,
        "options-TOTAL_FORMS": 5, "options-INITIAL_FORMS": 5,
        "options-MIN_NUM_FORMS": 0, "options-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for i, option in enumerate(options):
        data |= {
            f"options-{i}-id": option.pk, f"options-{i}-question": question.pk, f"options-{i}-order": i,
            f"options-{i}-label": f"Level {i}", f"options-{i}-grade": i,
        }  # fmt: skip

    response = admin_client.post(f"/admin/cities/question/{question.pk}/change/", data)

    question.refresh_from_db()
    assert response.status_code == 302
    assert (question.text, question.weight, list(question.options.values_list("label", flat=True))) == (
        "Reworded?",
        3,
        ["Level 0", "Level 1", "Level 2", "Level 3", "Level 4"],
    )


def test_copy_as_new_version_action(admin_client):
    seeded = Survey.objects.get(version=1)

    response = admin_client.post(
        "/admin/cities/survey/", {"action": "copy_as_new_version", "_selected_action": [seeded.pk]}
    )

    copy = Survey.objects.order_by("-version").first()
    assert response.status_code == 302
    assert copy is not None
    assert (copy.version, copy.is_published, copy.dimensions.count()) == (2, False, 9)


def test_publish_action_refuses_an_incomplete_version(admin_client):
    empty = Survey.objects.create(version=50, title="Empty")

    admin_client.post("/admin/cities/survey/", {"action": "publish", "_selected_action": [empty.pk]})

    empty.refresh_from_db()
    assert empty.is_published is False


def test_responses_and_plans_are_read_only(admin_client):
    survey = build_survey()
    city = OrganisationFactory.create()
    result = submit_survey_response(
        actor=UserFactory.create(organisation=city), survey=survey, answers=answers_for(survey)
    )
    plan = SmartCityPlanFactory.create(city=city)

    views = [
        admin_client.get(f"/admin/cities/surveyresponse/{result.pk}/change/"),
        admin_client.get(f"/admin/cities/smartcityplan/{plan.pk}/change/"),
        admin_client.get("/admin/cities/need/"),
    ]
    adds = [
        admin_client.get(f"/admin/cities/{model}/add/")
        for model in ("surveyresponse", "smartcityplan", "need")
    ]

    assert [v.status_code for v in views] == [200, 200, 200]
    assert [a.status_code for a in adds] == [403, 403, 403]
