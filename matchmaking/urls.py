from django.urls import path

from matchmaking import api

urlpatterns = [
    path(
        "needs/<int:pk>/recommended-solutions/",
        api.RecommendedSolutionsForNeedApi.as_view(),
        name="need-recommended-solutions",
    ),
    path(
        "solutions/<int:pk>/matching-needs/",
        api.MatchingNeedsForSolutionApi.as_view(),
        name="solution-matching-needs",
    ),
    path("match/solutions/", api.SolutionsForProblemApi.as_view(), name="match-solutions"),
    path(
        "activator/responses/<int:pk>/recommendations/",
        api.ActivatorRecommendationsApi.as_view(),
        name="activator-response-recommendations",
    ),
]
