"""Issue 18: the language switcher on every page, a person's stored language, the browser's language
for visitors, right-to-left Arabic, money in the reader's locale."""

import zoneinfo
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation

from accounts.models import User
from accounts.services.languages import set_language
from cities.models import Need
from frontend.templatetags.money import format_money
from tests.factories.accounts import OrganisationFactory, UserFactory
from tests.factories.catalogue import NeedFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def client() -> Client:
    return Client()


def html_tag(response) -> str:
    page = response.content.decode()
    return page[page.index("<html") : page.index(">", page.index("<html")) + 1]


@pytest.mark.portable
def test_every_page_has_the_switcher_each_language_named_in_itself(client):
    page = client.get("/").content.decode()

    assert 'action="/language/"' in page
    for code, name in [("en", "English"), ("ko", "한국어"), ("es", "Español"), ("ar", "العربية")]:
        assert f'<option value="{code}" lang="{code}"' in page
        assert f">{name}</option>" in page
    assert 'name="next" value="/"' in page


@pytest.mark.portable
def test_choosing_espanol_brings_the_same_page_back_in_spanish_and_stores_it_on_the_profile(client):
    person = UserFactory.create()
    client.force_login(person)

    response = client.post("/language/", {"language": "es", "next": "/solutions/?q=parking"}, follow=True)

    assert response.redirect_chain == [("/solutions/?q=parking", 302)]
    assert html_tag(response) == '<html lang="es" dir="ltr">'
    assert "Cambiar idioma" in response.content.decode()
    assert User.objects.get(pk=person.pk).language == "es"


@pytest.mark.portable
def test_a_visitors_choice_is_kept_in_the_language_cookie(client):
    response = client.post("/language/", {"language": "ko", "next": "/members/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"
    assert html_tag(client.get("/members/")) == '<html lang="ko" dir="ltr">'


@pytest.mark.portable
def test_a_visitor_with_a_korean_browser_gets_korean(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9,en;q=0.5")

    assert html_tag(response) == '<html lang="ko" dir="ltr">'
    assert response["Content-Language"] == "ko"


@pytest.mark.portable
def test_a_browser_language_we_do_not_offer_gets_english(client):
    assert html_tag(client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")) == '<html lang="en" dir="ltr">'


@pytest.mark.portable
def test_arabic_pages_are_right_to_left(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")

    assert html_tag(response) == '<html lang="ar" dir="rtl">'


@pytest.mark.portable
def test_a_signed_in_persons_stored_language_beats_the_browsers(client):
    person = UserFactory.create(language="ko")
    client.force_login(person)

    assert html_tag(client.get("/", HTTP_ACCEPT_LANGUAGE="es")) == '<html lang="ko" dir="ltr">'


@pytest.mark.portable
def test_without_a_stored_language_a_signed_in_person_gets_the_browsers(client):
    client.force_login(UserFactory.create(language=""))

    assert html_tag(client.get("/", HTTP_ACCEPT_LANGUAGE="es")) == '<html lang="es" dir="ltr">'


@pytest.mark.portable
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", ""])
def test_the_switcher_never_sends_anyone_to_another_site(client, target):
    response = client.post("/language/", {"language": "fr", "next": target})

    assert response["Location"] == "/"


@pytest.mark.portable
@pytest.mark.parametrize("language", ["de", "", "en-us"])
def test_a_language_we_do_not_offer_is_a_400(client, language):
    person = UserFactory.create(language="ko")
    client.force_login(person)

    response = client.post("/language/", {"language": language, "next": "/"})

    assert response.status_code == 400
    assert User.objects.get(pk=person.pk).language == "ko"


def test_the_service_refuses_a_language_we_do_not_offer():
    person = UserFactory.create()

    with pytest.raises(ValidationError) as caught:
        set_language(user=person, language="de")

    assert "language" in caught.value.message_dict


@pytest.mark.portable
def test_the_profile_page_sets_the_language(client):
    person = UserFactory.create(time_zone="Asia/Seoul")
    client.force_login(person)

    response = client.post(
        "/accounts/profile/",
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "job_title": "",
            "time_zone": "Asia/Seoul",
            "language": "ar",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).language == "ar"
    profile = client.get("/accounts/profile/")
    assert html_tag(profile) == '<html lang="ar" dir="rtl">'
    assert '<option value="ko">한국어</option>' in profile.content.decode()  # named in itself


def test_the_profile_api_shows_and_takes_the_language(api_client):
    person = UserFactory.create(language="pt")
    api_client.force_authenticate(user=person)

    shown = api_client.get("/api/v1/me/").json()["language"]
    changed = api_client.patch("/api/v1/me/", {"language": "ru"}, format="json")
    refused = api_client.patch("/api/v1/me/", {"language": "de"}, format="json")

    assert shown == "pt"
    assert (changed.status_code, changed.json()["language"]) == (200, "ru")
    assert refused.status_code == 400
    assert "language" in refused.json()["errors"]
    assert User.objects.get(pk=person.pk).language == "ru"


@pytest.mark.portable
def test_the_javascript_catalog_is_a_same_origin_script(client):
    response = client.get("/jsi18n/", HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "django.gettext" in response.content.decode()
    assert '"Undo": "Deshacer"' in response.content.decode()  # locale/es/LC_MESSAGES/djangojs.po


@pytest.mark.unit
@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("en", 8500, "USD 8,500"),
        ("ko", 8500, "USD 8,500"),
        ("es", 8500, "8.500\xa0USD"),
        ("pt", 8500, "USD\xa08.500"),
        ("fr", 8500, "8\u202f500\xa0USD"),
        ("ru", 8500, "8\xa0500\xa0USD"),
        ("en", Decimal("1234.50"), "USD 1,234.50"),
        ("es", Decimal("1234.50"), "1.234,50\xa0USD"),
    ],
)
def test_money_is_written_as_the_readers_locale_writes_it(language, amount, expected):
    assert format_money(amount, "USD", language) == expected


@pytest.mark.portable
def test_the_fee_calculator_shows_the_fee_in_the_readers_locale(client):
    with translation.override("es"):
        response = client.get(
            "/fees/",
            {"category": "corporation", "employee_count": 100},
            HTTP_ACCEPT_LANGUAGE="es",
        )

    assert "2.000\xa0USD" in response.content.decode()


@pytest.mark.unit
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Tue, Dec 8, 2026, 19:00"),
        ("ko", "2026년 12월 8일 (화) 19:00"),
        ("es", "mar, 8 dic 2026, 19:00"),
    ],
)
def test_template_dates_follow_the_readers_locale_in_their_time_zone(language, expected):
    moment = datetime(2026, 12, 8, 10, tzinfo=UTC)
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("Asia/Seoul")):
        template = Template("{% load locale_dates %}{{ moment|local_datetime }}")
        shown = template.render(Context({"moment": moment}))

    assert shown == expected


@pytest.mark.parametrize(
    ("language", "posted"),
    [("en", "December 8, 2026"), ("ko", "2026년 12월 8일"), ("es", "8 de diciembre de 2026")],
)
def test_a_need_page_writes_its_date_in_the_readers_order(client, language, posted):
    need = NeedFactory.create()
    Need.objects.filter(pk=need.pk).update(created_at=datetime(2026, 12, 8, 10, tzinfo=UTC))
    client.force_login(UserFactory.create(language=language))

    page = client.get(f"/needs/{need.slug}/").content.decode()

    assert f"<dd>{posted}</dd>" in page


@pytest.mark.parametrize(("language", "gdp"), [("en", "USD 12,345"), ("es", "12.345\xa0USD")])
def test_an_organisations_gdp_is_money_in_the_readers_locale(client, language, gdp):
    city = OrganisationFactory.create(gdp_per_capita_ppp=Decimal("12345.00"))

    page = client.get(f"/members/{city.slug}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f"<dd>{gdp}</dd>" in page
