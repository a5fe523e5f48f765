from django.urls import path

from cities.api.activator import SurveyApi, SurveyResponseViewSet
from cities.api.needs import NeedViewSet
from cities.api.plans import PlanViewSet
from common.routers import IdRouter

router = IdRouter()
router.register("needs", NeedViewSet, basename="need")
router.register("activator/responses", SurveyResponseViewSet, basename="activator-response")
router.register("plans", PlanViewSet, basename="plan")

urlpatterns = [
    path("activator/survey/", SurveyApi.as_view(), name="activator-survey"),
    *router.urls,
]
