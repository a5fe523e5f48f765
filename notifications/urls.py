from django.urls import path

from common.routers import IdRouter
from notifications import api

router = IdRouter()
router.register("notifications", api.NotificationViewSet, basename="notification")

urlpatterns = [
    path(
        "notifications/email-preferences/",
        api.EmailPreferencesApi.as_view(),
        name="notification-email-preferences",
    ),
    path("notifications/unread-count/", api.UnreadCountApi.as_view(), name="notification-unread-count"),
    path("notifications/read-all/", api.MarkAllNotificationsReadApi.as_view(), name="notifications-read-all"),
    path("notifications/<int:pk>/read/", api.MarkNotificationReadApi.as_view(), name="notification-read"),
    *router.urls,
]
