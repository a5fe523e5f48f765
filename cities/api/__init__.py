"""REST API for city needs, the City Activator and smart city plans.

Split by subdomain: `needs`, `activator` (questionnaire, responses, recommendations) and `plans`; each
holds its views and their serializers. `cities/urls.py` routes to the views of each module.
"""
