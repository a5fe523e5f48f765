from django.urls import path
from rest_framework.routers import SimpleRouter

from projects import api

router = SimpleRouter()
router.register("proposals", api.ProposalViewSet, basename="proposal")

urlpatterns = [
    path("proposals/<int:pk>/stage/", api.ProposalStageApi.as_view(), name="proposal-stage"),
    path("proposals/<int:pk>/notes/", api.ProposalNoteApi.as_view(), name="proposal-notes"),
    path("proposals/<int:pk>/key-dates/", api.ProposalKeyDateApi.as_view(), name="proposal-key-dates"),
    *router.urls,
]
