"""REST API of matchmaking events: one view per workflow operation, small serializers, every list
paginated. Reads go through `event_selectors`, writes through the event services; staff-only
operations fetch through a staff check first, so others get 403 before any input is validated.

Split by subdomain: `events` (events, phases, registration), `meeting_requests` (requests and whom
to ask), `schedule` (scheduler runs, the draft and its edits, publishing, agendas), `day_and_after`
(check-in, day statuses, feedback); `_common` holds what they share. `matchmaking/urls.py` routes
to the views re-exported here.
"""

from matchmaking.event_api._common import (
    READ_ERRORS,
    REGISTRATION_PARAMETER,
    TAGS,
    WRITE_ERRORS,
    inline_choices,
)
from matchmaking.event_api.day_and_after import (
    CheckInApi,
    EventMeetingFeedbackApi,
    EventMeetingStatusApi,
    FeedbackSerializer,
)
from matchmaking.event_api.events import (
    ChangeEventPhaseApi,
    EventDetailApi,
    EventDetailSerializer,
    EventListApi,
    EventSerializer,
    RegisterApi,
    RegistrationSerializer,
    RepresentativeSerializer,
    SessionSerializer,
)
from matchmaking.event_api.meeting_requests import (
    AnswerEventRequestApi,
    EventPartySerializer,
    EventRequestsApi,
    EventRequestSerializer,
    SuggestionSerializer,
    WhomToAskApi,
)
from matchmaking.event_api.schedule import (
    AgendaApi,
    AgendaEntrySerializer,
    EventScheduleApi,
    MoveEventMeetingApi,
    PinEventMeetingApi,
    PlacementSerializer,
    PublishScheduleApi,
    PublishSerializer,
    RunSerializer,
    ScheduleRunDetailApi,
    ScheduleRunsApi,
)

__all__ = [
    "READ_ERRORS",
    "REGISTRATION_PARAMETER",
    "TAGS",
    "WRITE_ERRORS",
    "AgendaApi",
    "AgendaEntrySerializer",
    "AnswerEventRequestApi",
    "ChangeEventPhaseApi",
    "CheckInApi",
    "EventDetailApi",
    "EventDetailSerializer",
    "EventListApi",
    "EventMeetingFeedbackApi",
    "EventMeetingStatusApi",
    "EventPartySerializer",
    "EventRequestSerializer",
    "EventRequestsApi",
    "EventScheduleApi",
    "EventSerializer",
    "FeedbackSerializer",
    "MoveEventMeetingApi",
    "PinEventMeetingApi",
    "PlacementSerializer",
    "PublishScheduleApi",
    "PublishSerializer",
    "RegisterApi",
    "RegistrationSerializer",
    "RepresentativeSerializer",
    "RunSerializer",
    "ScheduleRunDetailApi",
    "ScheduleRunsApi",
    "SessionSerializer",
    "SuggestionSerializer",
    "WhomToAskApi",
    "inline_choices",
]
