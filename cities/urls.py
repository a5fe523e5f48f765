from django.urls import path

from cities.api.activator import SurveyApi, SurveyResponseViewSet
from cities.api.activator_sharing import ActivatorShareRevokeApi, ActivatorSharesApi
from cities.api.needs import NeedViewSet
from cities.api.plans import PlanViewSet
from common.routers import IdRouter

router = IdRouter()
router.register("needs", NeedViewSet, basename="need")
router.register("activator/responses", SurveyResponseViewSet, basename="activator-response")
router.register("plans", PlanViewSet, basename="plan")

urlpatterns = [
    path("activator/survey/", SurveyApi.as_view(), name="activator-survey"),
    path("activator/shares/", ActivatorSharesApi.as_view(), name="activator-shares"),
    path(
        "activator/shares/<int:pk>/revoke/", ActivatorShareRevokeApi.as_view(), name="activator-share-revoke"
    ),
    *router.urls,
]
