"""The staff audit page's filter: which model, whose changes, from and until which day."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.audit import audit_actors, audited_content_types
from frontend.forms.fields import model_choice_field

if TYPE_CHECKING:
    _ModelChoiceField = forms.ModelChoiceField[ContentType]
else:  # Django's form fields are not generic at run time
    _ModelChoiceField = forms.ModelChoiceField


class RecordTypeField(_ModelChoiceField):
    """Record types by their name, e.g. "Organisation", "Membership application"."""

    def label_from_instance(self, obj: ContentType) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model is not None else obj.model


class AuditFilterForm(forms.Form):
    model = RecordTypeField(
        queryset=ContentType.objects.none(), required=False, label=_("Record"), empty_label=_("Any")
    )
    actor = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label=_("Changed by"),
        empty_label=_("Anyone"),
    )
    since = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "model").queryset = audited_content_types()
        model_choice_field(self, "actor").queryset = audit_actors().order_by("username")

    def filters(self) -> dict[str, Any]:
        """The selector's arguments; days are whole days in the viewer's time zone."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "content_type": data["model"],
            "actor": data["actor"],
            "since": _start_of(data["since"]) if data["since"] else None,
            "until": _start_of(data["until"] + dt.timedelta(days=1)) if data["until"] else None,
        }


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
