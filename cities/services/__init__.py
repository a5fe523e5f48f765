"""Every write to city needs, the City Activator and smart city plans.

Split by subdomain: `needs` (city needs), `activator` (survey responses and the questionnaire's
versions), `activator_sharing` (a city shares its results with a provider, revokes a share; shares
made on a proposal end with it) and `plans` (smart city plans, whose goals are needs). Callers
import from the concrete module.
"""
