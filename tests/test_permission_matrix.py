"""Who may call what (issue 15, "Raise the bar"): every API operation and every page that writes, tried
as eight roles against one small world (tests/permission_world.py), compared with MATRIX below.

The operations come from the URL configuration (tests/permission_routes.py): a new route, or a new
method on one, fails `test_matrix_covers_every_operation` until MATRIX says who may call it.

Roles (columns): `anon` (not signed in); `city`, `company`, `inst` (a member of another organisation of
that category, unrelated to the object); `unconf` (signed up, e-mail not verified, no organisation; it
asked to join the owning city and applied for membership); `member` and `admin` of the route's owning
organisation (the `owner` column: the city, the company, or `-` when nothing is owned, then the city's);
`staff`.

Outcomes: `ok` 2xx or a redirect other than to the login page, without an error message; `error` a
page that answered with an error message (the service refused, shown on the page); `form` a page that
showed its form again with errors (the page's 400: the body was refused); `login` a redirect
to the login page; `400`, `401`, `403`, `404`, `405`, `409` that status. An allowed role may get
`400`/`409` where the body or the object's state is refused (the permission passed); a refused cell
(`error`, `form`, `login`, `401`, `403`, `404`, `405`) must have written no row to any table (`rows_written`).

The outcomes were decided from the product's rules (docs/concepts.md and the services' checks), then
compared with what the code answers. Each difference was judged against those rules: a role getting
what the rules deny would be a hole to fix in the code (none was found when this table was written);
where only the form of the refusal or of a body's rejection differed (a 403 where a page message was
expected, a 400 before the permission check for lack of a valid body), the table took the code's.
Notes on rows that look odd at first sight:
- `frontend:sign-out-everywhere`: a signed-in person is sent to the login page: that is its success.
- `api:event-requests POST`, `api:event-register POST`: an organisation that is not registered, or a
  person without one, is told so with a 400 (the rule "register first"), not a 403.
- `api:event-run-cancel POST`: staff only (the world's run is still open, so staff cancel it).
- `api:meeting-outcome POST`: staff may record an outcome (the service's rule); the requested meeting
  is not confirmed yet, hence 409 for everyone allowed.
- `frontend:delete-account POST`: the body carries no password, so every signed-in person gets the form
  back (a deletion needs the person's own password; `tests/privacy/` covers it being given).
- `frontend:security-backup-codes POST`: backup codes come with another factor; the city member holds
  the world's passkey (so may make them), the other members have none.
- `frontend:signup-finish POST`, `frontend:apply-finish POST`: the link was never signed; nobody gets past it (400).
- `otp_webauthn:*`: the passkey ceremonies' JSON endpoints; a body that is not an authenticator's
  answer is a 400 for everyone; registering needs a signed-in person (403 otherwise).
- `api:membership-application-detail GET`: `unconf` is the applicant; `api:join-request-*` and
  `frontend:withdraw-join-request`: `unconf` asked to join the city."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib import messages
from django.db import connection, transaction
from django.forms import BaseForm, BaseFormSet
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from rest_framework.test import APIClient

from accounts.auth import SECOND_FACTOR_PENDING_KEY, has_passkey, second_factor_required
from accounts.models import User
from tests.factories.activator import answers_for
from tests.permission_routes import Route, operations
from tests.permission_world import World, build_world
from tests.scheduling.conftest import berlin_at
from tests.second_factor import give_second_factor

pytestmark = [pytest.mark.integration]

ROLES = ("anon", "city", "company", "inst", "unconf", "member", "admin", "staff")
OUTCOMES = {"ok", "error", "form", "login", "400", "401", "403", "404", "405", "409"}
# Refusals, a page's error message or a form shown again with its errors: none may leave a change behind.
REFUSED = {"error", "form", "login", "401", "403", "404", "405"}

# fmt: off
MATRIX: dict[str, str] = {
    # operation                                        owner    anon  city  company inst  unconf member admin staff
    "api-docs GET"                                      : "-        ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api-schema GET"                                    : "-        ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:activator-response-detail GET"                 : "city     401   403   403     403   403    ok     ok    ok   ",
    "api:activator-response-list GET"                   : "city     401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:activator-response-list POST"                  : "city     401   ok    403     403   403    ok     ok    403  ",
    "api:activator-response-recommendations GET"        : "city     401   403   403     403   403    ok     ok    ok   ",
    "api:activator-share-revoke POST"                   : "city     401   404   404     404   404    ok     ok    404  ",
    "api:activator-shares GET"                          : "city     401   ok    403     403   403    ok     ok    403  ",
    "api:activator-shares POST"                         : "city     401   400   403     403   403    400    400   403  ",
    "api:activator-survey GET"                          : "-        ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:api-logout POST"                               : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:api-token DELETE"                              : "city     401   404   404     404   404    ok     404   404  ",
    "api:api-tokens GET"                                : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:api-tokens POST"                               : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:api-tokens-revoke-all POST"                    : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:availability-exception-detail DELETE"          : "company  401   403   403     403   403    403    ok    ok   ",
    "api:availability-exception-detail GET"             : "company  401   403   403     403   403    403    ok    ok   ",
    "api:availability-exception-detail PATCH"           : "company  401   403   403     403   403    403    ok    ok   ",
    "api:availability-exception-detail PUT"             : "company  401   403   403     403   403    403    400   400  ",
    "api:availability-exception-list GET"               : "company  401   403   403     403   403    403    ok    ok   ",
    "api:availability-exception-list POST"              : "company  401   403   403     403   403    403    ok    ok   ",
    "api:availability-rule-detail DELETE"               : "company  401   403   403     403   403    403    ok    ok   ",
    "api:availability-rule-detail GET"                  : "company  401   403   403     403   403    403    ok    ok   ",
    "api:availability-rule-detail PATCH"                : "company  401   403   403     403   403    403    ok    ok   ",
    "api:availability-rule-detail PUT"                  : "company  401   403   403     403   403    403    400   400  ",
    "api:availability-rule-list GET"                    : "company  401   403   403     403   403    403    ok    ok   ",
    "api:availability-rule-list POST"                   : "company  401   403   403     403   403    403    ok    ok   ",
    "api:best-case-detail GET"                          : "city     404   404   404     404   404    ok     ok    ok   ",
    "api:best-case-detail PATCH"                        : "city     401   404   404     404   404    ok     ok    ok   ",
    "api:best-case-detail PUT"                          : "city     401   404   404     404   404    400    400   400  ",
    "api:best-case-list GET"                            : "city     ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:best-case-list POST"                           : "city     401   403   403     403   403    ok     ok    ok   ",
    "api:best-case-publish POST"                        : "city     401   404   404     404   404    403    403   ok   ",
    "api:best-case-send-back POST"                      : "city     401   404   404     404   404    403    403   ok   ",
    "api:calendar-feed DELETE"                          : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:calendar-feed GET"                             : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:calendar-feed POST"                            : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:calendar-feed-ics GET"                         : "-        ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:event-agenda GET"                              : "city     401   404   404     404   404    ok     ok    404  ",
    "api:event-detail GET"                              : "city     ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:event-list GET"                                : "-        ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:event-meeting-feedback POST"                   : "city     401   403   403     403   403    400    400   403  ",
    "api:event-meeting-move POST"                       : "city     401   403   403     403   403    403    403   400  ",
    "api:event-meeting-pin POST"                        : "city     401   403   403     403   403    403    403   400  ",
    "api:event-meeting-status POST"                     : "city     401   403   403     403   403    403    403   400  ",
    "api:event-phase POST"                              : "city     401   403   403     403   403    403    403   400  ",
    "api:event-publish POST"                            : "city     401   403   403     403   403    403    403   400  ",
    "api:event-register POST"                           : "city     401   ok    ok      ok    400    409    409   400  ",
    "api:event-registration-profile PUT"                : "city     401   403   403     403   403    ok     ok    ok   ",
    "api:event-representative-check-in POST"            : "city     401   403   403     403   403    403    403   400  ",
    "api:event-request-answer POST"                     : "company  401   403   403     403   403    400    400   403  ",
    "api:event-requests GET"                            : "city     401   404   404     404   404    ok     ok    404  ",
    "api:event-requests POST"                           : "city     401   400   400     400   403    409    409   400  ",
    "api:event-run GET"                                 : "city     401   403   403     403   403    403    403   ok   ",
    "api:event-run-cancel POST"                         : "city     401   403   403     403   403    403    403   ok   ",
    "api:event-runs GET"                                : "city     401   403   403     403   403    403    403   ok   ",
    "api:event-runs POST"                               : "city     401   403   403     403   403    403    403   400  ",
    "api:event-schedule GET"                            : "city     401   403   403     403   403    403    403   ok   ",
    "api:event-suggestions GET"                         : "city     401   404   404     404   404    ok     ok    404  ",
    "api:fee-quote GET"                                 : "-        ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:free-slots GET"                                : "city     401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:invitation-accept POST"                        : "-        401   403   403     403   403    403    403   403  ",
    "api:invitation-action POST"                        : "city     401   403   403     403   403    403    ok    403  ",
    "api:invitation-signup POST"                        : "-        400   400   400     400   400    400    400   400  ",
    "api:join-request-decision POST"                    : "city     401   403   403     403   403    403    ok    403  ",
    "api:match-solutions POST"                          : "-        400   400   400     400   400    400    400   400  ",
    "api:me GET"                                        : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:me PATCH"                                      : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:meeting-accept POST"                           : "company  401   403   403     403   403    ok     ok    403  ",
    "api:meeting-cancel POST"                           : "company  401   403   403     403   403    ok     ok    403  ",
    "api:meeting-decline POST"                          : "company  401   403   403     403   403    ok     ok    403  ",
    "api:meeting-detail GET"                            : "company  401   403   403     403   403    ok     ok    ok   ",
    "api:meeting-ics GET"                               : "company  401   403   403     403   403    ok     ok    ok   ",
    "api:meeting-list GET"                              : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:meeting-list POST"                             : "-        401   ok    ok      ok    403    ok     ok    ok   ",
    "api:meeting-outcome POST"                          : "company  401   403   403     403   403    409    409   409  ",
    "api:meeting-reschedule POST"                       : "company  401   403   403     403   403    ok     ok    403  ",
    "api:meeting-video-link POST"                       : "company  401   403   403     403   403    ok     ok    403  ",
    "api:membership-application-approve POST"           : "city     401   403   403     403   403    403    403   ok   ",
    "api:membership-application-detail GET"             : "city     401   403   403     403   ok     403    403   ok   ",
    "api:membership-application-list GET"               : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:membership-application-list POST"              : "-        400   400   400     400   400    400    400   400  ",
    "api:membership-application-reject POST"            : "city     401   403   403     403   403    403    403   ok   ",
    "api:my-join-requests GET"                          : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:my-join-requests POST"                         : "-        401   400   400     400   400    400    400   400  ",
    "api:need-detail GET"                               : "city     404   ok    ok      ok    404    ok     ok    ok   ",
    "api:need-detail PATCH"                             : "city     401   403   403     403   404    ok     ok    ok   ",
    "api:need-detail PUT"                               : "city     401   403   403     403   404    400    400   400  ",
    "api:need-list GET"                                 : "city     ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:need-list POST"                                : "city     401   403   403     403   403    ok     ok    ok   ",
    "api:need-recommended-solutions GET"                : "city     404   ok    ok      ok    404    ok     ok    ok   ",
    "api:notification-email-preferences GET"            : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:notification-email-preferences PUT"            : "-        401   400   400     400   400    400    400   400  ",
    "api:notification-list GET"                         : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:notification-read POST"                        : "city     401   404   404     404   404    ok     404   404  ",
    "api:notification-unread-count GET"                 : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:notifications-read-all POST"                   : "-        401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:organisation-admins POST"                      : "city     401   403   403     403   403    403    403   400  ",
    "api:organisation-detail GET"                       : "city     ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:organisation-detail PATCH"                     : "city     401   403   403     403   403    403    ok    ok   ",
    "api:organisation-detail PUT"                       : "city     401   403   403     403   403    403    400   400  ",
    "api:organisation-fee GET"                          : "city     ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:organisation-invitations GET"                  : "city     401   403   403     403   403    403    ok    403  ",
    "api:organisation-invitations POST"                 : "city     401   403   403     403   403    403    ok    403  ",
    "api:organisation-join-requests GET"                : "city     401   403   403     403   403    403    ok    ok   ",
    "api:organisation-list GET"                         : "-        ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:organisation-list POST"                        : "-        401   403   403     403   403    403    403   400  ",
    "api:organisation-people GET"                       : "city     401   403   403     403   403    403    ok    ok   ",
    "api:organisation-person DELETE"                    : "city     401   403   403     403   403    403    ok    403  ",
    "api:organisation-person PATCH"                     : "city     401   403   403     403   403    403    ok    403  ",
    "api:participant GET"                               : "company  401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:participant PATCH"                             : "company  401   403   403     403   403    403    ok    ok   ",
    "api:plan-detail DELETE"                            : "city     401   403   403     403   403    ok     ok    ok   ",
    "api:plan-detail GET"                               : "city     ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:plan-detail PATCH"                             : "city     401   403   403     403   403    ok     ok    ok   ",
    "api:plan-detail PUT"                               : "city     401   403   403     403   403    400    400   400  ",
    "api:plan-list GET"                                 : "city     ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:plan-list POST"                                : "city     401   403   403     403   403    ok     ok    ok   ",
    "api:proposal-detail GET"                           : "city     401   404   404     404   404    ok     ok    ok   ",
    "api:proposal-detail PATCH"                         : "city     401   404   404     404   404    ok     ok    ok   ",
    "api:proposal-detail PUT"                           : "city     401   404   404     404   404    400    400   400  ",
    "api:proposal-key-dates POST"                       : "city     401   404   404     404   404    ok     ok    ok   ",
    "api:proposal-list GET"                             : "city     401   ok    ok      ok    ok     ok     ok    ok   ",
    "api:proposal-list POST"                            : "city     401   403   403     403   403    ok     ok    ok   ",
    "api:proposal-notes POST"                           : "city     401   404   404     404   404    ok     ok    ok   ",
    "api:proposal-stage POST"                           : "city     401   404   404     404   404    ok     ok    ok   ",
    "api:signup POST"                                   : "-        400   400   400     400   400    400    400   400  ",
    "api:solution-archive POST"                         : "company  401   403   403     403   403    ok     ok    ok   ",
    "api:solution-detail GET"                           : "company  ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:solution-detail PATCH"                         : "company  401   403   403     403   403    ok     ok    ok   ",
    "api:solution-detail PUT"                           : "company  401   403   403     403   403    400    400   400  ",
    "api:solution-list GET"                             : "city     ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:solution-list POST"                            : "company  401   403   403     403   403    ok     ok    ok   ",
    "api:solution-matching-needs GET"                   : "company  ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:solution-publish POST"                         : "company  401   403   403     403   403    ok     ok    ok   ",
    "api:solution-search GET"                           : "-        ok    ok    ok      ok    ok     ok     ok    ok   ",
    "api:solution-translation DELETE"                   : "company  401   403   403     403   403    ok     ok    ok   ",
    "api:solution-translation PUT"                      : "company  401   403   403     403   403    400    400   400  ",
    "api:token POST"                                    : "-        400   400   400     400   400    400    400   400  ",
    "frontend:activator-share-revoke POST"              : "city     login 404   404     404   404    ok     ok    404  ",
    "frontend:activator-sharing POST"                   : "-        login form  403     403   403    form   form  403  ",
    "frontend:activator-take POST"                      : "-        login form  403     403   403    form   form  403  ",
    "frontend:api-token-revoke POST"                    : "city     login 404   404     404   404    ok     404   404  ",
    "frontend:api-tokens POST"                          : "-        login form  form    form  form   form   form  form ",
    "frontend:api-tokens-revoke-all POST"               : "-        login ok    ok      ok    ok     ok     ok    ok   ",
    "frontend:application-approve POST"                 : "city     login 403   403     403   403    403    403   form ",
    "frontend:application-reject POST"                  : "city     login 403   403     403   403    403    403   form ",
    "frontend:apply POST"                               : "-        form  form  form    form  form   form   form  form ",
    "frontend:apply-finish POST"                        : "-        400   400   400     400   400    400    400   400  ",
    "frontend:appoint-admin POST"                       : "city     login 403   403     403   403    403    403   ok   ",
    "frontend:ask-to-join POST"                         : "-        login error error   error error  error  error ok   ",
    "frontend:availability POST"                        : "-        login ok    ok      ok    ok     ok     ok    ok   ",
    "frontend:best-case-edit POST"                      : "city     login 404   404     404   404    form   form  form ",
    "frontend:best-case-new POST"                       : "-        login form  form    403   403    form   form  form ",
    "frontend:best-case-review POST"                    : "city     login 404   404     404   404    403    403   ok   ",
    "frontend:book POST"                                : "-        login form  form    form  error  form   form  form ",
    "frontend:calendar-feed POST"                       : "-        login ok    ok      ok    ok     ok     ok    ok   ",
    "frontend:content-translation POST"                 : "company  login 403   403     403   403    error  error error",
    "frontend:delete-account POST"                      : "-        login form  form    form  form   form   form  form ",
    "frontend:event-attendees POST"                     : "city     login 403   403     403   403    form   form  form ",
    "frontend:event-availability POST"                  : "city     login 404   404     404   404    ok     404   404  ",
    "frontend:event-check-in POST"                      : "city     login 403   403     403   403    403    403   400  ",
    "frontend:event-dashboard POST"                     : "city     login 403   403     403   403    403    403   ok   ",
    "frontend:event-edit POST"                          : "city     login 403   403     403   403    403    403   form ",
    "frontend:event-feedback POST"                      : "city     login 404   404     404   404    ok     ok    404  ",
    "frontend:event-new POST"                           : "-        login 403   403     403   403    403    403   form ",
    "frontend:event-phase POST"                         : "city     login 403   403     403   403    403    403   ok   ",
    "frontend:event-profile POST"                       : "city     login 404   404     404   404    ok     ok    404  ",
    "frontend:event-register POST"                      : "city     login ok    ok      ok    error  error  error error",
    "frontend:event-representatives POST"               : "city     login 404   404     404   404    ok     ok    404  ",
    "frontend:event-request-answer POST"                : "company  login 403   403     403   403    ok     ok    403  ",
    "frontend:event-requests POST"                      : "city     login 404   404     404   404    form   form  404  ",
    "frontend:event-schedule POST"                      : "city     login 403   403     403   403    403    403   ok   ",
    "frontend:event-sessions POST"                      : "city     login 403   403     403   403    403    403   error",
    "frontend:invitation POST"                          : "city     form  403   403     403   403    403    403   403  ",
    "frontend:invitation-action POST"                   : "city     login 403   403     403   403    403    ok    403  ",
    "frontend:join-request-decision POST"               : "city     login 403   403     403   403    403    ok    403  ",
    "frontend:login POST"                               : "-        form  form  form    form  form   form   form  form ",
    "frontend:login PUT"                                : "-        form  form  form    form  form   form   form  form ",
    "frontend:logout POST"                              : "-        ok    ok    ok      ok    ok     ok     ok    ok   ",
    "frontend:meeting POST"                             : "company  login 404   404     404   404    ok     ok    404  ",
    "frontend:meeting-action POST"                      : "company  login 403   403     403   403    ok     ok    403  ",
    "frontend:need-edit POST"                           : "city     login 403   403     403   404    form   form  form ",
    "frontend:need-new POST"                            : "-        login form  403     403   403    form   form  form ",
    "frontend:notification-open POST"                   : "city     login 404   404     404   404    ok     404   404  ",
    "frontend:notification-settings POST"               : "-        login ok    ok      ok    ok     ok     ok    ok   ",
    "frontend:notifications-read-all POST"              : "-        login ok    ok      ok    ok     ok     ok    ok   ",
    "frontend:organisation-edit POST"                   : "city     login 403   403     403   403    403    form  form ",
    "frontend:passkey-name POST"                        : "-        login ok    ok      ok    ok     ok     ok    ok   ",
    "frontend:passkey-remove POST"                      : "city     login error error   error error  ok     error error",
    "frontend:password_reset POST"                      : "-        form  form  form    form  form   form   form  form ",
    "frontend:password_reset PUT"                       : "-        form  form  form    form  form   form   form  form ",
    "frontend:password_reset_confirm POST"              : "city     ok    ok    ok      ok    ok     ok     ok    ok   ",
    "frontend:password_reset_confirm PUT"               : "city     ok    ok    ok      ok    ok     ok     ok    ok   ",
    "frontend:people-invite POST"                       : "city     login 403   403     403   403    403    ok    403  ",
    "frontend:person-action POST"                       : "city     login 403   403     403   403    403    ok    403  ",
    "frontend:plan-delete POST"                         : "city     login 403   403     403   403    ok     ok    ok   ",
    "frontend:plan-edit POST"                           : "city     login 403   403     403   403    form   form  form ",
    "frontend:plan-new POST"                            : "-        login form  403     403   403    form   form  form ",
    "frontend:profile POST"                             : "-        login form  form    form  form   form   form  form ",
    "frontend:project-edit POST"                        : "city     login 404   404     404   404    form   form  form ",
    "frontend:project-key-date POST"                    : "city     login 404   404     404   404    form   form  form ",
    "frontend:project-new POST"                         : "-        login form  form    403   403    form   form  form ",
    "frontend:project-note POST"                        : "city     login 404   404     404   404    form   form  form ",
    "frontend:project-share-activator-results POST"     : "city     login 404   404     404   404    ok     ok    403  ",
    "frontend:project-stage POST"                       : "city     login 404   404     404   404    form   form  form ",
    "frontend:security-backup-codes POST"               : "-        login error error   error error  ok     ok    ok   ",
    "frontend:security-remove POST"                     : "-        login ok    ok      ok    ok     ok     error error",
    "frontend:sign-out-everywhere POST"                 : "-        login login login   login login  login  login login",
    "frontend:signup POST"                              : "-        form  ok    ok      ok    ok     ok     ok    ok   ",
    "frontend:signup-finish POST"                       : "-        400   400   400     400   400    400    400   400  ",
    "frontend:solution-archive POST"                    : "company  login 403   403     403   403    ok     ok    ok   ",
    "frontend:solution-edit POST"                       : "company  login 403   403     403   403    form   form  form ",
    "frontend:solution-new POST"                        : "-        login 403   form    403   403    403    403   form ",
    "frontend:solution-publish POST"                    : "company  login 403   403     403   403    ok     ok    ok   ",
    "frontend:staff-outbox-retry POST"                  : "-        login 403   403     403   403    403    403   ok   ",
    "frontend:switch-language POST"                     : "-        ok    ok    ok      ok    ok     ok     ok    ok   ",
    "frontend:two-factor POST"                          : "-        login ok    ok      ok    ok     ok     ok    ok   ",
    "frontend:two-factor-setup POST"                    : "-        login form  form    form  form   form   form  form ",
    "frontend:verify-email-resend POST"                 : "-        login error error   error ok     error  error error",
    "frontend:withdraw-join-request POST"               : "city     login 404   404     404   ok     404    404   404  ",
    "otp_webauthn:credential-authentication-begin POST" : "-        ok    ok    ok      ok    ok     ok     ok    ok   ",
    "otp_webauthn:credential-authentication-complete POST": "-        400   400   400     400   400    400    400   400  ",
    "otp_webauthn:credential-registration-begin POST"   : "-        403   ok    ok      ok    ok     ok     ok    ok   ",
    "otp_webauthn:credential-registration-complete POST": "-        403   400   400     400   400    400    400   400  ",
}
# fmt: on


# URL arguments of each route, from the world. Routes without arguments need no entry.
def url_kwargs(name: str, w: World) -> dict[str, Any]:
    city, key = w.city, w.company_participant.key
    table: dict[str, dict[str, Any]] = {
        "api:api-token": {"pk": w.api_token.pk},
        "frontend:passkey-remove": {"passkey_id": w.passkey.pk},
        # A link that was never signed: the page must refuse it whoever asks.
        "frontend:signup-finish": {"token": "not-a-signed-link"},
        "frontend:apply-finish": {"token": "not-a-signed-link"},
        "api:membership-application-approve": {"pk": w.application.pk},
        "api:membership-application-reject": {"pk": w.application.pk},
        "api:membership-application-detail": {"pk": w.application.pk},
        "api:join-request-decision": {"pk": w.join_request.pk, "decision": "approve"},
        "api:organisation-join-requests": {"pk": city.pk},
        "api:organisation-people": {"pk": city.pk},
        "api:organisation-person": {"pk": city.pk, "user_id": w.people["city_member"].pk},
        "api:organisation-admins": {"pk": city.pk},
        "api:organisation-invitations": {"pk": city.pk},
        "api:invitation-action": {"pk": w.invitation.pk, "action": "revoke"},
        "api:organisation-detail": {"pk": city.pk},
        "api:organisation-fee": {"pk": city.pk},
        "api:solution-detail": {"pk": w.solution.pk},
        "api:solution-archive": {"pk": w.solution.pk},
        "api:solution-publish": {"pk": w.solution.pk},
        "api:solution-translation": {"pk": w.solution.pk, "language": "es"},
        "api:solution-matching-needs": {"pk": w.solution.pk},
        "api:best-case-detail": {"pk": w.best_case.pk},
        "api:best-case-publish": {"pk": w.best_case.pk},
        "api:best-case-send-back": {"pk": w.best_case.pk},
        "api:activator-share-revoke": {"pk": w.share.pk},
        "api:activator-response-detail": {"pk": w.response.pk},
        "api:activator-response-recommendations": {"pk": w.response.pk},
        "api:need-detail": {"pk": w.need.pk},
        "api:need-recommended-solutions": {"pk": w.need.pk},
        "api:plan-detail": {"pk": w.plan.pk},
        "api:participant": {"key": key},
        "api:free-slots": {"key": key},
        "api:availability-rule-list": {"key": key},
        "api:availability-rule-detail": {"key": key, "pk": w.rule.pk},
        "api:availability-exception-list": {"key": key},
        "api:availability-exception-detail": {"key": key, "pk": w.exception.pk},
        "api:meeting-detail": {"pk": w.meeting.pk},
        "api:meeting-accept": {"pk": w.meeting.pk},
        "api:meeting-decline": {"pk": w.meeting.pk},
        "api:meeting-reschedule": {"pk": w.meeting.pk},
        "api:meeting-cancel": {"pk": w.meeting.pk},
        "api:meeting-outcome": {"pk": w.meeting.pk},
        "api:meeting-video-link": {"pk": w.meeting.pk},
        "api:meeting-ics": {"pk": w.meeting.pk},
        "api:calendar-feed-ics": {"token": w.calendar_feed.token},
        "api:event-detail": {"pk": w.event.pk},
        "api:event-phase": {"pk": w.event.pk},
        "api:event-register": {"pk": w.event.pk},
        "api:event-registration-profile": {"pk": w.event.pk, "registration_pk": w.city_registration.pk},
        "api:event-requests": {"pk": w.event.pk},
        "api:event-suggestions": {"pk": w.event.pk},
        "api:event-runs": {"pk": w.event.pk},
        "api:event-run": {"pk": w.event.pk, "run_pk": w.run.pk},
        "api:event-run-cancel": {"pk": w.event.pk, "run_pk": w.run.pk},
        "api:event-schedule": {"pk": w.event.pk},
        "api:event-publish": {"pk": w.event.pk},
        "api:event-agenda": {"pk": w.event.pk},
        "api:event-request-answer": {"pk": w.event_request.pk},
        "api:event-representative-check-in": {"pk": w.representative.pk},
        "api:event-meeting-move": {"pk": w.event_meeting.pk},
        "api:event-meeting-pin": {"pk": w.event_meeting.pk},
        "api:event-meeting-status": {"pk": w.event_meeting.pk},
        "api:event-meeting-feedback": {"pk": w.event_meeting.pk},
        "api:proposal-detail": {"pk": w.proposal.pk},
        "api:proposal-stage": {"pk": w.proposal.pk},
        "api:proposal-notes": {"pk": w.proposal.pk},
        "api:proposal-key-dates": {"pk": w.proposal.pk},
        "api:notification-read": {"pk": w.notification.pk},
        "frontend:book": {"key": key},
        "frontend:meeting": {"pk": w.meeting.pk},
        "frontend:meeting-action": {"pk": w.meeting.pk, "action": "decline"},
        "frontend:organisation-edit": {"slug": city.slug},
        "frontend:appoint-admin": {"slug": city.slug},
        "frontend:people-invite": {"slug": city.slug},
        "frontend:join-request-decision": {"slug": city.slug, "pk": w.join_request.pk, "decision": "approve"},
        "frontend:invitation-action": {"slug": city.slug, "pk": w.invitation.pk, "action": "revoke"},
        "frontend:person-action": {
            "slug": city.slug,
            "user_id": w.people["city_member"].pk,
            "action": "remove",
        },
        "frontend:invitation": {"token": w.invitation_token},
        "frontend:api-token-revoke": {"pk": w.api_token.pk},
        "frontend:application-approve": {"pk": w.application.pk},
        "frontend:application-reject": {"pk": w.application.pk},
        "frontend:withdraw-join-request": {"pk": w.join_request.pk},
        "frontend:solution-edit": {"slug": w.solution.slug},
        "frontend:solution-publish": {"slug": w.solution.slug},
        "frontend:content-translation": {"kind": "solution", "pk": w.solution.pk},
        "frontend:solution-archive": {"slug": w.solution.slug},
        "frontend:best-case-edit": {"pk": w.best_case.pk},
        "frontend:best-case-review": {"pk": w.best_case.pk},
        "frontend:staff-outbox-retry": {"pk": w.failed_email.pk},
        "frontend:need-edit": {"slug": w.need.slug},
        "frontend:event-edit": {"slug": w.event.slug},
        "frontend:event-phase": {"slug": w.event.slug},
        "frontend:event-sessions": {"slug": w.event.slug},
        "frontend:event-register": {"slug": w.event.slug},
        "frontend:event-representatives": {"slug": w.event.slug},
        "frontend:event-availability": {"slug": w.event.slug},
        "frontend:event-profile": {"slug": w.event.slug},
        "frontend:event-attendees": {"slug": w.event.slug},
        "frontend:event-requests": {"slug": w.event.slug},
        "frontend:event-request-answer": {"slug": w.event.slug, "pk": w.event_request.pk, "answer": "accept"},
        "frontend:event-schedule": {"slug": w.event.slug},
        "frontend:event-dashboard": {"slug": w.event.slug},
        "frontend:event-check-in": {"slug": w.event.slug},
        "frontend:event-feedback": {"slug": w.event.slug},
        "frontend:activator-share-revoke": {"pk": w.share.pk},
        "frontend:plan-edit": {"slug": w.plan.slug},
        "frontend:plan-delete": {"slug": w.plan.slug},
        "frontend:project-edit": {"pk": w.proposal.pk},
        "frontend:project-stage": {"pk": w.proposal.pk},
        "frontend:project-note": {"pk": w.proposal.pk},
        "frontend:project-key-date": {"pk": w.proposal.pk},
        "frontend:project-share-activator-results": {"pk": w.proposal.pk},
        "frontend:notification-open": {"pk": w.notification.pk},
        "frontend:password_reset_confirm": {"uidb64": w.password_reset[0], "token": w.password_reset[1]},
    }
    return table.get(name, {})


# Minimal valid bodies for writes the allowed roles should get through ("ok" in MATRIX). A write
# without an entry is sent with an empty body.
def request_body(operation: str, w: World) -> dict[str, Any]:
    today = timezone.localdate()
    bodies: dict[str, dict[str, Any]] = {
        "api:fee-quote GET": {"category": "corporation", "employee_count": 10},
        "api:solution-search GET": {"q": "sensors"},
        "api:free-slots GET": {"start": today + timedelta(days=2), "end": today + timedelta(days=3)},
        "api:membership-application-reject POST": {"reason": "Not a member organisation."},
        "api:best-case-send-back POST": {"reason": "Please add figures."},
        "api:invitation-accept POST": {"token": w.invitation_token},
        "api:event-requests POST": {"receiver": w.event_request.receiver_id},
        "api:organisation-person PATCH": {"role": "admin"},
        "api:organisation-invitations POST": {"email": "new.colleague@example.org"},
        "frontend:ask-to-join POST": {"organisation": w.city.pk},
        "frontend:switch-language POST": {"language": "es", "next": "/"},
        "frontend:people-invite POST": {"email": "new.colleague@example.org"},
        "frontend:appoint-admin POST": {"person": w.people["city_member"].pk},
        # Creating something owned by the city or the company, in its name.
        "api:need-list POST": {
            "city": w.city.pk,
            "title": "Faster permits",
            "description": "Residents wait too long for permits.",
            "sectors": ["governance"],
        },
        "api:plan-list POST": {
            "city": w.city.pk,
            "title": "Smart city plan 2030",
            "summary": "Connected and green.",
            "starts_on": "2026-01-01",
            "ends_on": "2030-12-31",
        },
        "api:solution-list POST": {
            "provider": w.company.pk,
            "title": "Flood sensors",
            "summary": "Sensors warn residents before floods.",
            "description": "River sensors and an alert service.",
            "sectors": ["environment"],
            "maturity": "deployed",
        },
        "api:best-case-list POST": {
            "city": w.city.pk,
            "solution": w.solution.pk,
            "title": "Permits online",
            "problem": "Long queues.",
            "approach": "Online permits.",
            "results": "Queues halved.",
        },
        "api:availability-rule-list POST": {
            "weekday": 1,
            "start_time": "07:00",
            "end_time": "08:00",
            "time_zone": "Europe/Berlin",
        },
        "api:availability-exception-list POST": {
            "start_date": (today + timedelta(days=50)).isoformat(),
            "end_date": (today + timedelta(days=50)).isoformat(),
            "time_zone": "Europe/Berlin",
            "reason": "Holiday",
        },
        "api:proposal-list POST": {
            "city": w.city.pk,
            "providers": [w.company.pk],
            "title": "River sensors",
            "scope": "Sensors along the river warn residents before floods.",
            "kind": "direct",
        },
        "api:proposal-stage POST": {"stage": "feasibility_study"},
        "api:proposal-notes POST": {"text": "Call the provider about the pilot."},
        "api:proposal-key-dates POST": {
            "label": "Study due",
            "date": (today + timedelta(days=60)).isoformat(),
        },
        "api:activator-response-list POST": {
            "survey": w.response.survey_id,
            "answers": [
                {"question": question, "option": option}
                for question, option in answers_for(w.response.survey).items()
            ],
        },
        "api:meeting-outcome POST": {"outcome": "held"},
        "api:meeting-video-link POST": {"video_link": "https://meet.example.org/flood-sensors"},
        "api:meeting-reschedule POST": {"start": berlin_at(5, 11).isoformat(), "length": 30},
        "api:event-meeting-feedback POST": {"rating": 4, "outcome": "further_contact"},
        "api:meeting-list POST": {
            "invitee": w.company_participant.key,
            "subject": "Flood sensors",
            "length": 30,
            "start": berlin_at(4, 11).isoformat(),
        },
    }
    return bodies.get(operation, {})


# --- running one cell -------------------------------------------------------------------------


def user_for(role: str, owner: str, w: World) -> User | None:
    if role == "anon":
        return None
    if role in ("member", "admin"):
        organisation = "city" if owner == "-" else owner
        return w.people[f"{organisation}_{role}"]
    if role in ("city", "company"):
        return w.people[f"other_{role}"]
    if role == "inst":
        return w.people["other_institution"]
    return w.people["unconfirmed" if role == "unconf" else role]


def outcome_of(response: HttpResponse) -> str:
    status = response.status_code
    if status >= 400:
        return str(status)
    if 300 <= status < 400 and response["Location"].startswith(reverse("frontend:login")):
        return "login"
    # The messages this request added (the test client keeps the request on the response).
    storage = getattr(getattr(response, "wsgi_request", None), "_messages", None)
    if any(message.level >= messages.ERROR for message in getattr(storage, "_queued_messages", [])):
        return "error"
    if status == 200 and _shows_form_errors(response):
        return "form"
    return "ok"


def _shows_form_errors(response: HttpResponse) -> bool:
    """Whether the page came back with a bound form that did not validate (a page's 400)."""
    context = getattr(response, "context", None)
    if context is None:
        return False
    for layer in context if isinstance(context, list) else [context]:
        for value in layer.flatten().values():
            if isinstance(value, BaseForm | BaseFormSet) and value.is_bound and not value.is_valid():
                return True
    return False


def call(
    client: APIClient, route: Route, method: str, user: User | None, w: World, sessions: dict[int, str]
) -> HttpResponse:
    """One request as `user`, on a client `reset_client` cleared."""
    url = reverse(route.name, kwargs=url_kwargs(route.name, w))
    body = request_body(f"{route.name} {method}", w)
    if route.is_api:
        if user is not None:
            client.force_authenticate(user=user)
        if method == "GET":
            return client.get(url, body)
        return client.generic(method, url, json.dumps(body), content_type="application/json")
    if user is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[user.pk]
    # Never an empty form: `Form(request.POST or None)` would treat it as a GET and show a blank form.
    body = body or {"probe": "permission-matrix"}
    if method == "POST":
        return client.post(url, body)
    return client.generic(method, url, json.dumps(body), content_type="application/json")


def reset_client(client: APIClient) -> None:
    """Forget the previous cell's person. The client is shared by every cell: a new one would load the
    middleware again, and WhiteNoise's scan of the static files would be most of the run."""
    client.cookies.clear()
    client.force_authenticate(user=None)  # (signs out too: a write to the session table, done here)


def signed_in_sessions(w: World) -> dict[int, str]:
    """A session key per person of the world, signed in (with the second factor where required), so
    the cells reuse them instead of signing in 1,800 times."""
    sessions = {}
    for person in w.people.values():
        client = Client()
        client.force_login(person)
        if second_factor_required(person):
            give_second_factor(client, person)
        elif has_passkey(person):
            # The city member holds the world's passkey: their session gave it at login.
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = w.passkey.persistent_id
            session.pop(SECOND_FACTOR_PENDING_KEY, None)
            session.save()
        sessions[person.pk] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


# Tables written by a refusal itself (the login lock-out's records), not by the operation.
NOT_COMPARED = {"axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
# The second-factor setup page makes the person's own unconfirmed authenticator device to show its
# key; its form shown again after a wrong code keeps that device.
WRITTEN_WHEN_FORM_REFUSED = {"frontend:two-factor-setup POST": ["otp_totp_totpdevice"]}


def rows_written() -> dict[str, int]:
    """Rows inserted, updated or deleted so far in this transaction, per table (PostgreSQL's own
    counters, which also count writes of rolled-back savepoints): one cheap query, so every refused
    cell can prove it wrote nothing."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables")
        return {table: count for table, count in cursor.fetchall() if table not in NOT_COMPARED}


# --- the tests --------------------------------------------------------------------------------


def _operation_key(route: Route, method: str) -> str:
    return f"{route.name} {method}"


OPERATIONS = {_operation_key(route, method): (route, method) for route, method in operations()}


def parsed_matrix() -> dict[str, tuple[str, dict[str, str]]]:
    parsed = {}
    for operation, row in MATRIX.items():
        owner, *outcomes = row.split()
        parsed[operation] = (owner, dict(zip(ROLES, outcomes, strict=True)))
    return parsed


def test_matrix_covers_every_operation():
    missing = sorted(set(OPERATIONS) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(OPERATIONS))

    assert (missing, stale) == ([], []), (
        "Every API operation and page write needs a MATRIX row saying who may call it "
        f"(missing: {missing}; rows without a route: {stale})"
    )


def test_operations_are_read_from_the_views():
    # A view set's actions, an APIView's methods, `require_http_methods` and `require_POST`; pages
    # that only read (no writing method) are not operations.
    assert {key for key in OPERATIONS if key.startswith(("api:plan-detail ", "frontend:need"))} == {
        "api:plan-detail GET",
        "api:plan-detail PUT",
        "api:plan-detail PATCH",
        "api:plan-detail DELETE",
        "frontend:need-edit POST",
        "frontend:need-new POST",
    }


def test_matrix_rows_are_well_formed():
    for operation, (owner, outcomes) in parsed_matrix().items():
        assert owner in ("-", "city", "company"), operation
        assert set(outcomes.values()) <= OUTCOMES, operation


@dataclass
class Arranged:
    world: World
    sessions: dict[int, str]
    client: APIClient


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[Arranged]:
    """One world for the module, in a transaction rolled back at its end; each test runs in its own
    savepoint inside it (pytest-django's `db`), so an allowed write never leaks into the next cell."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        yield Arranged(world, signed_in_sessions(world), APIClient())
        transaction.set_rollback(True)


def _cells() -> Iterator[Any]:
    for operation in sorted(MATRIX):
        for role in ROLES:
            yield pytest.param(operation, role, id=f"{operation}-{role}")


@pytest.mark.parametrize(("operation", "role"), list(_cells()))
def test_permission(world: Arranged, db: None, operation: str, role: str) -> None:
    route, method = OPERATIONS[operation]
    owner, outcomes = parsed_matrix()[operation]
    user = user_for(role, owner, world.world)
    reset_client(world.client)
    before = rows_written()

    response = call(world.client, route, method, user, world.world, world.sessions)

    outcome = outcome_of(response)
    assert outcome == outcomes[role], (
        f"{operation} as {role}: {response.status_code} {response.content[:300]!r}"
    )
    # (A signed-in person sent to the login page was signed out: sign-out-everywhere's success.)
    if outcome in REFUSED and not (outcome == "login" and user is not None):
        after = rows_written()
        changed = sorted(table for table, count in after.items() if count != before.get(table, 0))
        if outcome == "form":
            changed = [
                table for table in changed if table not in WRITTEN_WHEN_FORM_REFUSED.get(operation, [])
            ]
        assert changed == [], f"{operation} as {role} was refused ({outcome}) but wrote to {changed}"
