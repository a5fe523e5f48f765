from django import forms


class SecondFactorCodeForm(forms.Form):
    token = forms.CharField(
        label="Your code",
        max_length=16,
        help_text="The six digits your authenticator app shows, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class NewAppCodeForm(forms.Form):
    token = forms.CharField(
        label="Code from the app",
        max_length=6,
        help_text="After adding the account to your app, enter the six digits it shows.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
