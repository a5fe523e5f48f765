"""Check-in codes (events/check_in_tokens.py): a code names one representative at one event, and
anything not signed by this site with the check-in salt is refused."""

import pytest
from django.conf import settings
from django.core import signing
from django.test import override_settings

from events.check_in_tokens import (
    PREFIX,
    SALT,
    CheckInCredential,
    InvalidCheckInTokenError,
    check_in_token,
    read_check_in_token,
)

pytestmark = [pytest.mark.unit, pytest.mark.portable]


def test_a_code_names_its_event_and_representative():
    token = check_in_token(event_id=7, representative_id=42)

    assert read_check_in_token(token) == CheckInCredential(event_id=7, representative_id=42)


def test_a_code_read_with_the_spaces_a_scanner_may_add_is_still_read():
    token = check_in_token(event_id=7, representative_id=42)

    assert read_check_in_token(f"  {token}\n") == CheckInCredential(event_id=7, representative_id=42)


def test_a_code_does_not_show_guessable_ids_alone():
    token = check_in_token(event_id=7, representative_id=42)

    assert token.startswith(f"{PREFIX}7.42:")
    assert len(token) > len(f"{PREFIX}7.42:") + 40  # the HMAC (SHA-256, base64)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t.replace("7.42:", "7.43:"),  # someone else's id
        lambda t: t.replace("7.42:", "8.42:"),  # another event's id
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # the signature changed
        lambda t: t[:-5],  # cut short
        lambda t: f"{PREFIX}7.42",  # no signature
    ],
)
def test_a_tampered_code_is_refused(tamper):
    token = check_in_token(event_id=7, representative_id=42)

    with pytest.raises(InvalidCheckInTokenError, match="damaged or forged"):
        read_check_in_token(tamper(token))


def test_a_code_signed_with_another_salt_is_refused():
    forged = PREFIX + signing.Signer(salt=f"{SALT}-other").sign("7.42")

    with pytest.raises(InvalidCheckInTokenError, match="damaged or forged"):
        read_check_in_token(forged)


def test_a_code_of_another_site_is_refused():
    with override_settings(SECRET_KEY="another-site-entirely-" * 3):
        foreign = check_in_token(event_id=7, representative_id=42)

    with pytest.raises(InvalidCheckInTokenError, match="damaged or forged"):
        read_check_in_token(foreign)


def test_a_code_stays_valid_after_the_secret_key_is_rotated():
    token = check_in_token(event_id=7, representative_id=42)
    old_key = settings.SECRET_KEY

    with override_settings(SECRET_KEY="the-new-key-" * 5, SECRET_KEY_FALLBACKS=[old_key]):
        assert read_check_in_token(token) == CheckInCredential(event_id=7, representative_id=42)


@pytest.mark.parametrize("text", ["", "https://example.org/", "7.42", "hello:world"])
def test_text_that_is_not_a_check_in_code_says_so(text):
    with pytest.raises(InvalidCheckInTokenError, match="not a check-in code"):
        read_check_in_token(text)
