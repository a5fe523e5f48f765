"""Every write to city needs, the City Activator and smart city plans.

Split by subdomain: `needs` (city needs), `activator` (survey responses and the questionnaire's
versions) and `plans` (smart city plans, whose goals are needs). Callers import from here.
"""

from cities.services.activator import (
    copy_survey_as_new_version,
    publish_survey,
    questionnaire_problems,
    submit_survey_response,
    unpublish_survey,
)
from cities.services.needs import NEED_EDITABLE_FIELDS, create_need, update_need
from cities.services.plans import (
    GOAL_FIELDS,
    PLAN_EDITABLE_FIELDS,
    create_plan,
    delete_plan,
    need_timeline,
    update_plan,
)

__all__ = [
    "GOAL_FIELDS",
    "NEED_EDITABLE_FIELDS",
    "PLAN_EDITABLE_FIELDS",
    "copy_survey_as_new_version",
    "create_need",
    "create_plan",
    "delete_plan",
    "need_timeline",
    "publish_survey",
    "questionnaire_problems",
    "submit_survey_response",
    "unpublish_survey",
    "update_need",
    "update_plan",
]
