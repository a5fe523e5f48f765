"""API routes of matchmaking events (`/api/v1/events/…`, `/api/v1/event-requests/…`,
`/api/v1/event-representatives/…`, `/api/v1/event-meetings/…`)."""

from django.urls import path

from events.api.day import CheckInApi, EventMeetingFeedbackApi, EventMeetingStatusApi
from events.api.requests import AnswerEventRequestApi, EventRequestsApi, WhomToAskApi
from events.api.schedule import (
    AgendaApi,
    CancelScheduleRunApi,
    EventScheduleApi,
    MoveEventMeetingApi,
    PinEventMeetingApi,
    PublishScheduleApi,
    ScheduleRunDetailApi,
    ScheduleRunsApi,
)
from events.api.setup import (
    ChangeEventPhaseApi,
    EventDetailApi,
    EventListApi,
    RegisterApi,
    RegistrationProfileApi,
)

urlpatterns = [
    path("events/", EventListApi.as_view(), name="event-list"),
    path("events/<int:pk>/", EventDetailApi.as_view(), name="event-detail"),
    path("events/<int:pk>/phase/", ChangeEventPhaseApi.as_view(), name="event-phase"),
    path("events/<int:pk>/registrations/", RegisterApi.as_view(), name="event-register"),
    path(
        "events/<int:pk>/registrations/<int:registration_pk>/profile/",
        RegistrationProfileApi.as_view(),
        name="event-registration-profile",
    ),
    path("events/<int:pk>/requests/", EventRequestsApi.as_view(), name="event-requests"),
    path("events/<int:pk>/suggestions/", WhomToAskApi.as_view(), name="event-suggestions"),
    path("events/<int:pk>/runs/", ScheduleRunsApi.as_view(), name="event-runs"),
    path("events/<int:pk>/runs/<int:run_pk>/", ScheduleRunDetailApi.as_view(), name="event-run"),
    path(
        "events/<int:pk>/runs/<int:run_pk>/cancel/", CancelScheduleRunApi.as_view(), name="event-run-cancel"
    ),
    path("events/<int:pk>/schedule/", EventScheduleApi.as_view(), name="event-schedule"),
    path("events/<int:pk>/publish/", PublishScheduleApi.as_view(), name="event-publish"),
    path("events/<int:pk>/agenda/", AgendaApi.as_view(), name="event-agenda"),
    path(
        "event-requests/<int:pk>/answer/",
        AnswerEventRequestApi.as_view(),
        name="event-request-answer",
    ),
    path(
        "event-representatives/<int:pk>/check-in/",
        CheckInApi.as_view(),
        name="event-representative-check-in",
    ),
    path("event-meetings/<int:pk>/move/", MoveEventMeetingApi.as_view(), name="event-meeting-move"),
    path("event-meetings/<int:pk>/pin/", PinEventMeetingApi.as_view(), name="event-meeting-pin"),
    path(
        "event-meetings/<int:pk>/status/",
        EventMeetingStatusApi.as_view(),
        name="event-meeting-status",
    ),
    path(
        "event-meetings/<int:pk>/feedback/",
        EventMeetingFeedbackApi.as_view(),
        name="event-meeting-feedback",
    ),
]
