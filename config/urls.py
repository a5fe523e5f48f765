from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from frontend.throttling import throttle_posts
from frontend.views import passkeys

api_v1 = [
    path("", include("accounts.urls")),
    path("", include("solutions.urls")),
    path("", include("cities.urls")),
    path("", include("matchmaking.urls")),
    path("", include("scheduling.urls")),
    path("", include("events.urls")),
    path("", include("projects.urls")),
    path("", include("notifications.urls")),
]

# The passkey ceremonies' JSON endpoints, under the names django-otp-webauthn's scripts and template
# tags look up (namespace "otp_webauthn"), served by our subclasses of its views.
passkey_ceremonies = [
    path("registration/begin/", passkeys.BeginRegistration.as_view(), name="credential-registration-begin"),
    path(
        "registration/complete/",
        passkeys.CompleteRegistration.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        throttle_posts("login")(passkeys.BeginAuthentication.as_view()),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        throttle_posts("login")(passkeys.CompleteAuthentication.as_view()),
        name="credential-authentication-complete",
    ),
    # The translations of the library's script messages (a script file, allowed by the CSP).
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view loads its script from a URL, which the Content-Security-Policy allows.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="frontend/api_docs.html"),
        name="api-docs",
    ),
    path("accounts/passkeys/", include((passkey_ceremonies, "otp_webauthn"))),
    # Our scripts' strings (locale/<lang>/LC_MESSAGES/djangojs.po) in the page's language: a
    # same-origin script, so the strict Content-Security-Policy allows it.
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["frontend"]), name="javascript-catalog"),
    path("", include("frontend.urls")),
]

handler400 = "frontend.views.errors.bad_request"
handler403 = "frontend.views.errors.permission_denied"
handler404 = "frontend.views.errors.page_not_found"
handler500 = "frontend.views.errors.server_error"
