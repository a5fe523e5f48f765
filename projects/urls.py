from django.urls import path

from common.routers import IdRouter
from projects import api

router = IdRouter()
router.register("proposals", api.ProposalViewSet, basename="proposal")

urlpatterns = [
    path("proposals/<int:pk>/stage/", api.ProposalStageApi.as_view(), name="proposal-stage"),
    path("proposals/<int:pk>/notes/", api.ProposalNoteApi.as_view(), name="proposal-notes"),
    path("proposals/<int:pk>/key-dates/", api.ProposalKeyDateApi.as_view(), name="proposal-key-dates"),
    *router.urls,
]
