"""REST API for city needs, the City Activator and smart city plans.

Split by subdomain: `needs`, `activator` (questionnaire, responses, recommendations),
`activator_sharing` (who sees a city's results: list, share, revoke) and `plans`; each
holds its views and their serializers. `cities/urls.py` routes to the views of each module.
"""
