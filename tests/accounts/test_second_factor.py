"""accounts.services.second_factor: setting up an authenticator app, codes, backup codes, removal."""

import pytest
from django.core.exceptions import ValidationError
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services.second_factor import (
    confirm_totp_device,
    new_backup_codes,
    remove_second_factor,
    start_totp_setup,
    verify_second_factor,
)
from common.exceptions import ApplicationError
from tests.factories.accounts import OrganisationAdminFactory, StaffFactory, UserFactory
from tests.second_factor import authenticator_app_of, current_code

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def code_of(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key).token():06d}"


def test_setting_up_shows_the_same_key_until_it_is_confirmed():
    person = UserFactory.create()

    first, again = start_totp_setup(user=person), start_totp_setup(user=person)

    assert (first.pk, first.confirmed) == (again.pk, False)


def test_a_wrong_first_code_leaves_the_app_unconfirmed():
    person = UserFactory.create()
    start_totp_setup(user=person)

    with pytest.raises(ValidationError) as error:
        confirm_totp_device(user=person, token="000000")

    assert list(error.value.message_dict) == ["token"]
    assert TOTPDevice.objects.filter(user=person, confirmed=True).count() == 0


def test_a_new_app_replaces_the_old_one():
    person = UserFactory.create()
    old = authenticator_app_of(person)
    new = start_totp_setup(user=person)

    confirm_totp_device(user=person, token=code_of(new))

    assert list(TOTPDevice.objects.filter(user=person).values_list("pk", "confirmed")) == [(new.pk, True)]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_an_app_code_works_once():
    person = UserFactory.create()
    device = authenticator_app_of(person)
    code = current_code(device)

    verify_second_factor(user=person, token=code)
    with pytest.raises(ValidationError):
        verify_second_factor(user=person, token=code)


def test_backup_codes_need_an_app_and_replace_the_earlier_ones():
    person = UserFactory.create()
    with pytest.raises(ApplicationError):
        new_backup_codes(user=person)
    authenticator_app_of(person)

    earlier = new_backup_codes(user=person)
    codes = new_backup_codes(user=person)

    assert len(set(codes)) == 10
    with pytest.raises(ValidationError):
        verify_second_factor(user=person, token=earlier[0])
    assert verify_second_factor(user=person, token=codes[0].upper()).persistent_id.endswith(
        str(StaticDevice.objects.get(user=person).pk)
    )


@pytest.mark.parametrize("factory", [StaffFactory, OrganisationAdminFactory])
def test_staff_and_admins_cannot_turn_it_off(factory):
    person = factory.create()
    authenticator_app_of(person)

    with pytest.raises(ApplicationError):
        remove_second_factor(user=person)

    assert TOTPDevice.objects.filter(user=person).count() == 1


def test_a_member_turns_it_off():
    person = UserFactory.create()
    authenticator_app_of(person)
    new_backup_codes(user=person)

    remove_second_factor(user=person)

    assert (
        TOTPDevice.objects.filter(user=person).count(),
        StaticDevice.objects.filter(user=person).count(),
    ) == (
        0,
        0,
    )
