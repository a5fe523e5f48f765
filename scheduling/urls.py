from django.urls import path
from rest_framework.routers import SimpleRouter

from scheduling import api

router = SimpleRouter()
router.register("meetings", api.MeetingViewSet, basename="meeting")
router.register(
    r"participants/(?P<key>[a-z]+-[0-9]+)/rules", api.AvailabilityRuleViewSet, basename="availability-rule"
)
router.register(
    r"participants/(?P<key>[a-z]+-[0-9]+)/exceptions",
    api.AvailabilityExceptionViewSet,
    basename="availability-exception",
)

urlpatterns = [
    path("participants/<str:key>/", api.ParticipantApi.as_view(), name="participant"),
    path("participants/<str:key>/free-slots/", api.FreeSlotsApi.as_view(), name="free-slots"),
    path("meetings/<int:pk>/accept/", api.AcceptMeetingApi.as_view(), name="meeting-accept"),
    path("meetings/<int:pk>/decline/", api.DeclineMeetingApi.as_view(), name="meeting-decline"),
    path("meetings/<int:pk>/reschedule/", api.RescheduleMeetingApi.as_view(), name="meeting-reschedule"),
    path("meetings/<int:pk>/cancel/", api.CancelMeetingApi.as_view(), name="meeting-cancel"),
    path("meetings/<int:pk>/outcome/", api.MeetingOutcomeApi.as_view(), name="meeting-outcome"),
    path("meetings/<int:pk>/video-link/", api.MeetingVideoLinkApi.as_view(), name="meeting-video-link"),
    path("meetings/<int:pk>/calendar.ics", api.MeetingIcsApi.as_view(), name="meeting-ics"),
    path("calendar/feed/", api.CalendarFeedApi.as_view(), name="calendar-feed"),
    path("calendar/<str:token>.ics", api.CalendarFeedIcsApi.as_view(), name="calendar-feed-ics"),
    *router.urls,
]
