from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.services.passkeys import PASSKEY_NAME_MAX_LENGTH


class SecondFactorCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Your code"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class NewAppCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the app"),
        max_length=6,
        help_text=_("After adding the account to your app, enter the six digits it shows."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class NamePasskeyForm(forms.Form):
    """Sent by passkeys.js once the browser has made the passkey: its id and the name typed before."""

    passkey = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Name of the passkey"),
        max_length=PASSKEY_NAME_MAX_LENGTH,
        required=False,
        help_text=_("So you can tell your passkeys apart, for example “Laptop” or “Security key”."),
    )
