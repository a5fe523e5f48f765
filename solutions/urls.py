from django.urls import path

from common.routers import IdRouter
from solutions import api

router = IdRouter()
router.register("solutions", api.SolutionViewSet, basename="solution")
router.register("best-cases", api.BestCaseViewSet, basename="best-case")

urlpatterns = [
    path("solutions/search/", api.SolutionSearchApi.as_view(), name="solution-search"),
    *router.urls,
]
