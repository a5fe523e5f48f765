"""Forms of the on-demand meeting pages: booking a slot and the availability editor."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms

from frontend.forms.fields import TIME_ZONE_CHOICES, choice_field


class BookSlotForm(forms.Form):
    start = forms.DateTimeField(widget=forms.HiddenInput, required=False)
    length = forms.TypedChoiceField(coerce=int, choices=())
    subject = forms.CharField(max_length=200, initial="Introductory meeting")
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, lengths: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "length").choices = [(n, f"{n} minutes") for n in lengths]

    def clean_start(self) -> Any:
        start = self.cleaned_data.get("start")
        if start is None:
            raise forms.ValidationError("Choose a time.")
        return start


class ProposeTimeForm(forms.Form):
    """Another time for a meeting: one of the free slots offered (ISO instants), with a note."""

    start = forms.TypedChoiceField(choices=(), label="New time", coerce=str)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        label="Note to the other side",
    )

    def __init__(self, *args: Any, slots: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "start").choices = slots

    def clean_start(self) -> Any:
        return datetime.fromisoformat(self.cleaned_data["start"])


class VideoLinkForm(forms.Form):
    video_link = forms.URLField(
        max_length=500, required=False, label="Video-call link", assume_scheme="https"
    )


class DeclineForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000, label="Reason (optional)"
    )


class ParticipantSettingsForm(forms.Form):
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES)
    meeting_lengths = forms.CharField(help_text="Minutes, separated by commas, e.g. 30, 45.")
    buffer_minutes = forms.IntegerField(min_value=0, max_value=240, label="Buffer between meetings (minutes)")

    def clean_meeting_lengths(self) -> list[int]:
        try:
            lengths = sorted(
                {int(part) for part in self.cleaned_data["meeting_lengths"].split(",") if part.strip()}
            )
        except ValueError as exc:
            raise forms.ValidationError("Give whole minutes separated by commas, e.g. 30, 45.") from exc
        if not lengths:
            raise forms.ValidationError("Offer at least one meeting length.")
        return lengths


class AvailabilityRuleForm(forms.Form):
    weekday = forms.TypedChoiceField(
        coerce=int,
        choices=[(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday"),
                 (5, "Saturday"), (6, "Sunday")],
    )  # fmt: skip
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES)


class AvailabilityExceptionForm(forms.Form):
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}), required=False, help_text="Empty: the whole day."
    )
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), required=False)
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES)
    reason = forms.CharField(max_length=200, required=False)
