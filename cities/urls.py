from django.urls import path
from rest_framework.routers import SimpleRouter

from cities import api

router = SimpleRouter()
router.register("needs", api.NeedViewSet, basename="need")
router.register("activator/responses", api.SurveyResponseViewSet, basename="activator-response")
router.register("plans", api.PlanViewSet, basename="plan")

urlpatterns = [
    path("activator/survey/", api.SurveyApi.as_view(), name="activator-survey"),
    *router.urls,
]
