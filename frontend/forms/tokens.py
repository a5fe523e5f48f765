"""Form of the API tokens page: a new token's name and lifetime."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import API_TOKEN_NAME_MAX_LENGTH
from accounts.services.tokens import default_token_lifetime_days, max_token_lifetime_days


class NewApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=API_TOKEN_NAME_MAX_LENGTH,
        help_text=_("What uses it, e.g. “reporting script” or “Ana's laptop”."),
    )
    expires_in_days = forms.IntegerField(label=_("Expires after (days)"), min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        most = max_token_lifetime_days()  # a setting: read per form, not at import
        lifetime = self.fields["expires_in_days"]
        lifetime.validators.append(MaxValueValidator(most))
        lifetime.widget.attrs["max"] = str(most)
        lifetime.initial = default_token_lifetime_days()
        lifetime.help_text = gettext("From 1 to %(most)s days.") % {"most": most}
