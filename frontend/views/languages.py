"""The language switcher (issue 18): a small form on every page, working without JavaScript."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.services.languages import set_language
from frontend.forms.languages import LanguageSwitchForm


@require_http_methods(["POST"])
def switch_language(request: HttpRequest) -> HttpResponse:
    """Show the site in the chosen language and go back to the page the form was on. The cookie
    carries a visitor's choice (LocaleMiddleware reads it); a signed-in person's is stored on their
    profile as well, so it follows them to other devices and into what we send them."""
    form = LanguageSwitchForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose one of the languages offered."))
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        set_language(user=request.user, language=language)
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("frontend:home")
    translation.activate(language)
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # "Lax", set in settings
    )
    return response
