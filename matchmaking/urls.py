from django.urls import path

from matchmaking import api, event_api

urlpatterns = [
    path(
        "needs/<int:pk>/recommended-solutions/",
        api.RecommendedSolutionsForNeedApi.as_view(),
        name="need-recommended-solutions",
    ),
    path(
        "solutions/<int:pk>/matching-needs/",
        api.MatchingNeedsForSolutionApi.as_view(),
        name="solution-matching-needs",
    ),
    path("match/solutions/", api.SolutionsForProblemApi.as_view(), name="match-solutions"),
    # Matchmaking events (issue 6)
    path("events/", event_api.EventListApi.as_view(), name="event-list"),
    path("events/<int:pk>/", event_api.EventDetailApi.as_view(), name="event-detail"),
    path("events/<int:pk>/phase/", event_api.ChangeEventPhaseApi.as_view(), name="event-phase"),
    path("events/<int:pk>/registrations/", event_api.RegisterApi.as_view(), name="event-register"),
    path("events/<int:pk>/requests/", event_api.EventRequestsApi.as_view(), name="event-requests"),
    path("events/<int:pk>/suggestions/", event_api.WhomToAskApi.as_view(), name="event-suggestions"),
    path("events/<int:pk>/runs/", event_api.ScheduleRunsApi.as_view(), name="event-runs"),
    path("events/<int:pk>/runs/<int:run_pk>/", event_api.ScheduleRunDetailApi.as_view(), name="event-run"),
    path("events/<int:pk>/schedule/", event_api.EventScheduleApi.as_view(), name="event-schedule"),
    path("events/<int:pk>/publish/", event_api.PublishScheduleApi.as_view(), name="event-publish"),
    path("events/<int:pk>/agenda/", event_api.AgendaApi.as_view(), name="event-agenda"),
    path(
        "event-requests/<int:pk>/answer/",
        event_api.AnswerEventRequestApi.as_view(),
        name="event-request-answer",
    ),
    path(
        "event-representatives/<int:pk>/check-in/",
        event_api.CheckInApi.as_view(),
        name="event-representative-check-in",
    ),
    path("event-meetings/<int:pk>/move/", event_api.MoveEventMeetingApi.as_view(), name="event-meeting-move"),
    path("event-meetings/<int:pk>/pin/", event_api.PinEventMeetingApi.as_view(), name="event-meeting-pin"),
    path(
        "event-meetings/<int:pk>/status/",
        event_api.EventMeetingStatusApi.as_view(),
        name="event-meeting-status",
    ),
    path(
        "event-meetings/<int:pk>/feedback/",
        event_api.EventMeetingFeedbackApi.as_view(),
        name="event-meeting-feedback",
    ),
]
