"""Forms of an organisation's people page: decisions, roles, invitations, appointing an admin."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.enums import OrganisationRole
from accounts.models import User


class DeclineForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=1000,
        label=_("Reason (optional)"),
        help_text=_("The person reads it in the e-mail."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=OrganisationRole.choices)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's e-mail"))


class AppointAdminForm(forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Appoint as admin"))

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        if isinstance(field, forms.ModelChoiceField):  # always; narrows the type
            field.queryset = candidates
