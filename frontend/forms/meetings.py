"""Forms of the on-demand meeting pages: booking a slot or proposing times, answering on a meeting's
page (another time or up to three, a reason to decline) and the availability editor."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontend.forms.fields import TIME_ZONE_CHOICES, choice_field

DEFAULT_SUBJECT = gettext_lazy("Introductory meeting")
# The booking page offers this many proposed times (the service accepts a few more).
PROPOSALS_ON_PAGE = 3
# What a `datetime-local` input sends and shows: wall-clock time without a zone.
LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class BookSlotForm(forms.Form):
    """One of the free slots (the button pressed), with the length the slots were shown for."""

    start = forms.DateTimeField(widget=forms.HiddenInput, required=False)
    # Changing the length re-renders the slots through the "Show slots" button of the same form, so
    # what was typed stays (page_actions.js presses that button when the choice changes).
    length = forms.TypedChoiceField(
        coerce=int,
        choices=(),
        label=gettext_lazy("Length"),
        widget=forms.Select(attrs={"data-autosubmit": "show-slots"}),
    )
    subject = forms.CharField(max_length=200, initial=DEFAULT_SUBJECT)
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, lengths: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "length").choices = [
            (n, _("%(minutes)s minutes") % {"minutes": n}) for n in lengths
        ]

    def clean_start(self) -> Any:
        start = self.cleaned_data.get("start")
        if start is None:
            raise forms.ValidationError(_("Choose a time."))
        return start


class ZonedDateTimeField(forms.DateTimeField):
    """A `datetime-local` input read in the time zone given to the form (the one the page shows
    times in), not in the active one; a time that does not exist there (a DST gap) is an error."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    time_zone = "UTC"

    def to_python(self, value: Any) -> datetime | None:
        with timezone.override(zoneinfo.ZoneInfo(self.time_zone)):
            return super().to_python(value)


class RequestWithTimesForm(forms.Form):
    """A meeting request that proposes up to three times (for when no free slot suits, or the other
    side has published no bookable hours); `cleaned_data["proposals"]` holds them, soonest first."""

    time_1 = ZonedDateTimeField(label=gettext_lazy("First time"), required=False)
    time_2 = ZonedDateTimeField(label=gettext_lazy("Second time"), required=False)
    time_3 = ZonedDateTimeField(label=gettext_lazy("Third time"), required=False)
    length = forms.TypedChoiceField(coerce=int, choices=(), label=gettext_lazy("Length"))
    subject = forms.CharField(max_length=200, initial=DEFAULT_SUBJECT)
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000, label=gettext_lazy("Note")
    )

    time_fields = [f"time_{number}" for number in range(1, PROPOSALS_ON_PAGE + 1)]

    def __init__(self, *args: Any, lengths: list[int], time_zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "length").choices = [(n, f"{n} minutes") for n in lengths]
        for number, name in enumerate(self.time_fields):
            field = self.fields[name]
            if isinstance(field, ZonedDateTimeField):
                field.time_zone = time_zone
                field.label = (
                    _("%(label)s (%(time_zone)s, optional)") if number else _("%(label)s (%(time_zone)s)")
                ) % {"label": field.label, "time_zone": time_zone}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        now, seen, proposals = timezone.now(), set(), []
        for name in self.time_fields:
            proposed = cleaned.get(name)
            if proposed is None:
                continue
            if proposed <= now:
                self.add_error(name, _("That time has already passed."))
            elif proposed in seen:
                self.add_error(name, _("You proposed this time already."))
            else:
                seen.add(proposed)
                proposals.append(proposed)
        if not proposals and not any(name in self.errors for name in self.time_fields):
            self.add_error("time_1", _("Propose at least one time."))
        cleaned["proposals"] = sorted(proposals)
        return cleaned


class ProposeTimeForm(forms.Form):
    """Another time for a meeting: one of the free slots offered (ISO instants), with a note."""

    start = forms.TypedChoiceField(choices=(), label=gettext_lazy("New time"), coerce=str)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        label=gettext_lazy("Note to the other side"),
    )

    def __init__(self, *args: Any, slots: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "start").choices = slots

    def clean_start(self) -> Any:
        return datetime.fromisoformat(self.cleaned_data["start"])


def local_time_field(label: str) -> forms.DateTimeField:
    """An optional wall-clock time typed in a `datetime-local` input (read in the current time zone)."""
    return forms.DateTimeField(
        required=False,
        label=label,
        input_formats=[LOCAL_INPUT_FORMAT, f"{LOCAL_INPUT_FORMAT}:%S"],
        widget=forms.DateTimeInput(format=LOCAL_INPUT_FORMAT, attrs={"type": "datetime-local"}),
    )


class ProposeTimesForm(forms.Form):
    """Up to three other times, typed as wall-clock times in the viewer's time zone, with a note.

    The times are read in `time_zone` (a time that does not exist there, in a daylight-saving gap,
    or that happens twice, is refused with a message)."""

    FIELDS = ("time_1", "time_2", "time_3")

    time_1 = local_time_field("Time 1")
    time_2 = local_time_field("Time 2")
    time_3 = local_time_field("Time 3")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        label=gettext_lazy("Note with these times"),
    )

    def __init__(self, *args: Any, time_zone: str, earliest: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone = zoneinfo.ZoneInfo(time_zone)
        earliest_here = earliest.astimezone(self.time_zone).strftime(LOCAL_INPUT_FORMAT)
        for name in self.FIELDS:
            field = self.fields[name]
            field.label = _("%(field)s (%(time_zone)s)") % {"field": field.label, "time_zone": time_zone}
            field.widget.attrs["min"] = earliest_here

    def full_clean(self) -> None:
        # DateTimeField makes a typed (naive) time aware in the current time zone: the viewer's.
        with timezone.override(self.time_zone):
            super().full_clean()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts = sorted({cleaned[name] for name in self.FIELDS if cleaned.get(name) is not None})
        if not starts and not self.errors:
            raise forms.ValidationError(_("Give at least one time."))
        cleaned["starts"] = starts
        return cleaned


class AcceptForm(forms.Form):
    """Accepting a meeting: the proposed time chosen, when it has no time of its own yet; and, for a
    city's people meeting a provider, whether to share the city's Activator results with it (off
    unless ticked: sharing is the city's own act, never a default)."""

    proposal_start = forms.DateTimeField(required=False)
    share_activator_results = forms.BooleanField(required=False)


class VideoLinkForm(forms.Form):
    video_link = forms.URLField(
        max_length=500, required=False, label=gettext_lazy("Video-call link"), assume_scheme="https"
    )


class DeclineForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        label=gettext_lazy("Reason (optional)"),
    )


class ParticipantSettingsForm(forms.Form):
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES)
    meeting_lengths = forms.CharField(help_text=gettext_lazy("Minutes, separated by commas, e.g. 30, 45."))
    buffer_minutes = forms.IntegerField(
        min_value=0, max_value=240, label=gettext_lazy("Buffer between meetings (minutes)")
    )

    def clean_meeting_lengths(self) -> list[int]:
        try:
            lengths = sorted(
                {int(part) for part in self.cleaned_data["meeting_lengths"].split(",") if part.strip()}
            )
        except ValueError as exc:
            raise forms.ValidationError(_("Give whole minutes separated by commas, e.g. 30, 45.")) from exc
        if not lengths:
            raise forms.ValidationError(_("Offer at least one meeting length."))
        return lengths


class AvailabilityRuleForm(forms.Form):
    weekday = forms.TypedChoiceField(
        coerce=int,
        choices=[
            (0, gettext_lazy("Monday")),
            (1, gettext_lazy("Tuesday")),
            (2, gettext_lazy("Wednesday")),
            (3, gettext_lazy("Thursday")),
            (4, gettext_lazy("Friday")),
            (5, gettext_lazy("Saturday")),
            (6, gettext_lazy("Sunday")),
        ],
    )
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES)


class AvailabilityExceptionForm(forms.Form):
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}),
        required=False,
        help_text=gettext_lazy("Empty: the whole day."),
    )
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), required=False)
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES)
    reason = forms.CharField(max_length=200, required=False)
