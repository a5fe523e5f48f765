import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def test_pages_open_websockets_on_their_own_host_by_default(client, settings):
    settings.LIVE_UPDATES_URL = ""

    response = client.get("/")

    assert '<meta name="live-updates-url" content="">' in response.content.decode()


def test_pages_open_websockets_on_the_live_pool_when_one_is_set(client, settings):
    settings.LIVE_UPDATES_URL = "wss://live.example.org"

    response = client.get("/")

    assert '<meta name="live-updates-url" content="wss://live.example.org">' in response.content.decode()
