"""REST API for city needs, the City Activator and smart city plans.

Split by subdomain: `needs`, `activator` (questionnaire, responses, recommendations) and `plans`; each
holds its views and their serializers. `cities/urls.py` routes the views exported here.
"""

from cities.api.activator import SurveyApi, SurveyResponseViewSet
from cities.api.needs import NeedViewSet
from cities.api.plans import PlanViewSet

__all__ = ["NeedViewSet", "PlanViewSet", "SurveyApi", "SurveyResponseViewSet"]
