"""The "Translations" section of every edit page (issue 18): one route for solutions, needs, best
cases, plans and events. Each kind names the selector that checks the person may edit the object
(404/403 otherwise) and the services that write; the page then returns to the edit page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cities import selectors as city_selectors
from cities.services.translations import (
    remove_need_translation,
    remove_plan_translation,
    save_need_translation,
    save_plan_translation,
)
from common.translated_content import set_original_language
from events.selectors.setup import access_event_for_staff
from events.services.translations import remove_event_translation, save_event_translation
from frontend.forms.translations import OriginalLanguageForm, translation_form
from frontend.http import AuthenticatedHttpRequest
from frontend.service_calls import call_service
from solutions import selectors as solution_selectors
from solutions import services as solution_services


@dataclass(frozen=True)
class TranslatableKind:
    access_for_edit: Callable[[Any, int], models.Model]
    save: Callable[..., Any]
    remove: Callable[..., bool]
    keyword: str  # the services' name for the object ("solution", "need", ...)
    edit_url: Callable[[Any], str]


KINDS: dict[str, TranslatableKind] = {
    "solution": TranslatableKind(
        access_for_edit=lambda user, pk: solution_selectors.access_solution_for_edit(user, pk=pk),
        save=solution_services.save_solution_translation,
        remove=solution_services.remove_solution_translation,
        keyword="solution",
        edit_url=lambda obj: reverse("frontend:solution-edit", kwargs={"slug": obj.slug}),
    ),
    "best-case": TranslatableKind(
        access_for_edit=solution_selectors.access_best_case_for_edit,
        save=solution_services.save_best_case_translation,
        remove=solution_services.remove_best_case_translation,
        keyword="best_case",
        edit_url=lambda obj: reverse("frontend:best-case-edit", kwargs={"pk": obj.pk}),
    ),
    "need": TranslatableKind(
        access_for_edit=lambda user, pk: city_selectors.access_need_for_edit(user, pk=pk),
        save=save_need_translation,
        remove=remove_need_translation,
        keyword="need",
        edit_url=lambda obj: reverse("frontend:need-edit", kwargs={"slug": obj.slug}),
    ),
    "plan": TranslatableKind(
        access_for_edit=lambda user, pk: city_selectors.access_plan_for_edit(user, pk=pk),
        save=save_plan_translation,
        remove=remove_plan_translation,
        keyword="plan",
        edit_url=lambda obj: reverse("frontend:plan-edit", kwargs={"slug": obj.slug}),
    ),
    "event": TranslatableKind(
        access_for_edit=access_event_for_staff,
        save=save_event_translation,
        remove=remove_event_translation,
        keyword="event",
        edit_url=lambda obj: reverse("frontend:event-edit", kwargs={"slug": obj.slug}),
    ),
}


def _form_errors(form: Any) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return " ".join(parts)


@login_required
@require_POST
def content_translation(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    """Save (`action=save`, the language in the form), remove (`action=remove&language=es`) a
    translation, or say which language the original is in (`action=original`)."""
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404("No such kind of content.")
    obj = spec.access_for_edit(request.user, pk)
    action = request.POST.get("action", "")
    language = request.POST.get("language", "")
    if action == "remove":
        call_service(
            request,
            lambda: spec.remove(**{spec.keyword: obj}, actor=request.user, language=language),
            success=_("Translation removed."),
        )
    elif action == "original":
        original_form = OriginalLanguageForm(request.POST)
        if original_form.is_valid():
            original = original_form.cleaned_data["original_language"]
            call_service(
                request, lambda: set_original_language(parent=obj, language=original), success=_("Saved.")
            )
        else:
            messages.error(request, _form_errors(original_form))
    else:
        prefix_language = request.POST.get("prefix", "new")
        existing = {t.language: t for t in obj.translations.all()}  # type: ignore[attr-defined]
        form = translation_form(obj, data=request.POST, instance=existing.get(prefix_language))
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.instance.TEXT_FIELDS}

            @transaction.atomic
            def save() -> Any:
                language = form.cleaned_data["language"]
                return spec.save(**{spec.keyword: obj}, actor=request.user, language=language, **values)

            call_service(request, save, success=_("Translation saved."))
        else:
            messages.error(request, _form_errors(form) or _("Check the translation."))
    return redirect(spec.edit_url(obj) + "#translations")
