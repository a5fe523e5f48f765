"""Forms of the event pages (they serve only these pages): the event and its sessions, phase
changes, representatives, a registration's profile, unavailable slots, meeting requests (also from
the attendee list), the attendee list's and the staff request list's filters, placing or moving a
meeting in the schedule, and meeting feedback."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.enums import Category
from accounts.models import User
from common.dates import local_moment, local_time_span
from events.enums import EventPhase, MeetingOutcome, RequestPriority, RequestStatus
from events.models import (
    MAX_SLOTS_PER_SESSION,
    PROFILE_TEXT_MAX,
    Event,
    EventRegistration,
    EventSession,
    EventSlot,
)
from events.selectors.attendees import SEARCH_MAX
from frontend.forms.fields import (
    TIME_ZONE_CHOICES,
    checkboxes,
    choice_field,
    integer_field,
    model_choice_field,
)
from solutions.enums import Sector


class EventForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES, initial="Europe/Berlin")
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")

    class Meta:
        model = Event
        fields = ["name", "description", "venue", "online_url", "time_zone", "meeting_minutes", "tables"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"meeting_minutes": _("Meeting length (minutes)"), "tables": _("Number of tables")}


class SessionForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    name = forms.CharField(max_length=60, initial="Morning", label=_("Session name"))
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label=_("Starts at"))
    slot_count = forms.IntegerField(min_value=1, max_value=MAX_SLOTS_PER_SESSION, initial=6, label=_("Slots"))


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(choices=EventPhase.choices)


class RepresentativeForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Person"))

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "user").queryset = User.objects.filter(
            organisation_id=organisation_id, is_active=True
        )


class RegistrationProfileForm(forms.Form):
    """What the organisation offers and looks for at the event, and its sectors."""

    offer = forms.CharField(
        label=_("What we offer"),
        max_length=PROFILE_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Solutions, services or expertise you bring to the event."),
    )
    seek = forms.CharField(
        label=_("What we look for"),
        max_length=PROFILE_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Partners, solutions or projects you would like to meet about."),
    )
    sectors = checkboxes(list(Sector.choices), label=_("Sectors"))


class AttendeeFilterForm(forms.Form):
    """The attendee list's filters (a GET form; anything unknown is a field error, not a 500)."""

    q = forms.CharField(label=_("Offer or seek"), required=False, max_length=SEARCH_MAX)
    sector = forms.ChoiceField(choices=[("", _("All sectors")), *Sector.choices], required=False)
    country = forms.ChoiceField(choices=[("", _("All countries"))], required=False)
    category = forms.ChoiceField(choices=[("", _("All categories")), *Category.choices], required=False)

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "country").choices = [("", gettext("All countries")), *countries]


class AttendeeRequestForm(forms.Form):
    """ "Request a meeting" on one attendee of the list."""

    receiver = forms.ModelChoiceField(
        queryset=EventRegistration.objects.none(), widget=forms.HiddenInput, label=_("Attendee")
    )
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every attendee, oneself too: the service says why one may not ask oneself.
        model_choice_field(self, "receiver").queryset = EventRegistration.objects.filter(
            event=event
        ).select_related("organisation")


class RequestFilterForm(forms.Form):
    """The staff request list's filters."""

    status = forms.ChoiceField(
        label=_("State"), choices=[("", _("Every state")), *RequestStatus.choices], required=False
    )
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=SEARCH_MAX)
    category = forms.ChoiceField(choices=[("", _("All categories")), *Category.choices], required=False)


class UnavailabilityForm(forms.Form):
    slots = forms.ModelMultipleChoiceField(
        queryset=EventSlot.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "slots").queryset = EventSlot.objects.filter(event=event).order_by("index")
        model_choice_field(self, "slots").label_from_instance = lambda s: (  # type: ignore[method-assign,assignment]  # per-form labels
            local_time_span(s.start, s.end, event.time_zone, short=True, name_zone=False)
        )


class MeetingRequestForm(forms.Form):
    receiver = forms.ModelChoiceField(queryset=EventRegistration.objects.none(), label=_("Whom to ask"))
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    priority = forms.TypedChoiceField(
        choices=RequestPriority.choices, coerce=int, initial=RequestPriority.NORMAL
    )
    session_wish = forms.ModelChoiceField(
        queryset=EventSession.objects.none(), required=False, empty_label=_("Any session"), label=_("Session")
    )

    def __init__(self, *args: Any, event: Event, own: EventRegistration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        receivers = (
            EventRegistration.objects.filter(event=event).exclude(pk=own.pk).select_related("organisation")
        )
        model_choice_field(self, "receiver").queryset = receivers.order_by("organisation__name")
        model_choice_field(self, "receiver").label_from_instance = lambda r: str(r.organisation)  # type: ignore[method-assign,assignment]  # per-form labels
        model_choice_field(self, "session_wish").queryset = EventSession.objects.filter(event=event).order_by(
            "day", "start_time"
        )


class PlaceForm(forms.Form):
    meeting = forms.IntegerField(widget=forms.HiddenInput)
    slot = forms.ModelChoiceField(queryset=EventSlot.objects.none())
    table = forms.IntegerField(min_value=1)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "slot").queryset = EventSlot.objects.filter(event=event).order_by("index")
        model_choice_field(self, "slot").label_from_instance = lambda s: (  # type: ignore[method-assign,assignment]  # per-form labels
            local_moment(s.start, time_zone=event.time_zone, short=True)
        )
        integer_field(self, "table").max_value = event.tables


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=[(n, f"{n}") for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        label=_("Rating (1-5)"),
    )
    outcome = forms.ChoiceField(choices=MeetingOutcome.choices, label=_("What next?"))
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)
