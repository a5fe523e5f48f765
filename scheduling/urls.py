from django.urls import path

from common.routers import IdRouter
from scheduling.api.availability import (
    AvailabilityExceptionViewSet,
    AvailabilityRuleViewSet,
    FreeSlotsApi,
    ParticipantApi,
)
from scheduling.api.calendar_feed import CalendarFeedApi, CalendarFeedIcsApi
from scheduling.api.meetings import (
    AcceptMeetingApi,
    CancelMeetingApi,
    DeclineMeetingApi,
    MeetingIcsApi,
    MeetingOutcomeApi,
    MeetingVideoLinkApi,
    MeetingViewSet,
    RescheduleMeetingApi,
)

router = IdRouter()
router.register("meetings", MeetingViewSet, basename="meeting")
router.register(
    r"participants/(?P<key>[a-z]+-[0-9]+)/rules", AvailabilityRuleViewSet, basename="availability-rule"
)
router.register(
    r"participants/(?P<key>[a-z]+-[0-9]+)/exceptions",
    AvailabilityExceptionViewSet,
    basename="availability-exception",
)

urlpatterns = [
    path("participants/<str:key>/", ParticipantApi.as_view(), name="participant"),
    path("participants/<str:key>/free-slots/", FreeSlotsApi.as_view(), name="free-slots"),
    path("meetings/<int:pk>/accept/", AcceptMeetingApi.as_view(), name="meeting-accept"),
    path("meetings/<int:pk>/decline/", DeclineMeetingApi.as_view(), name="meeting-decline"),
    path("meetings/<int:pk>/reschedule/", RescheduleMeetingApi.as_view(), name="meeting-reschedule"),
    path("meetings/<int:pk>/cancel/", CancelMeetingApi.as_view(), name="meeting-cancel"),
    path("meetings/<int:pk>/outcome/", MeetingOutcomeApi.as_view(), name="meeting-outcome"),
    path("meetings/<int:pk>/video-link/", MeetingVideoLinkApi.as_view(), name="meeting-video-link"),
    path("meetings/<int:pk>/calendar.ics", MeetingIcsApi.as_view(), name="meeting-ics"),
    path("calendar/feed/", CalendarFeedApi.as_view(), name="calendar-feed"),
    path("calendar/<str:token>.ics", CalendarFeedIcsApi.as_view(), name="calendar-feed-ics"),
    *router.urls,
]
