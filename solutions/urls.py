from django.urls import path
from rest_framework.routers import SimpleRouter

from solutions import api

router = SimpleRouter()
router.register("solutions", api.SolutionViewSet, basename="solution")
router.register("best-cases", api.BestCaseViewSet, basename="best-case")

urlpatterns = [
    path("solutions/search/", api.SolutionSearchApi.as_view(), name="solution-search"),
    *router.urls,
]
