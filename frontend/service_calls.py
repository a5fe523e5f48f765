"""Running a service from a page: the one place that turns a service's errors into what the person sees.

Every page that writes calls `call_service`: the service's `ValidationError` lands on the form (per
field where the form has it, else on top) or, without a form, in a message; an `ApplicationError`
(a business rule said no) becomes a message; on success the page's success message is flashed. The
view then redirects when `outcome.ok`, or renders the form again with its errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from common.exceptions import ApplicationError, ConflictError

T = TypeVar("T")

# The form that shows a ValidationError: one form, or a choice made from the error itself.
FormTarget = forms.BaseForm | Callable[[ValidationError], forms.BaseForm]


@dataclass(frozen=True)
class ServiceOutcome(Generic[T]):
    """What happened: `ok` and, when ok, the service's return value."""

    ok: bool
    value: T | None = None

    @property
    def result(self) -> T:
        """The service's return value; only for an outcome that is ok."""
        if not self.ok:
            raise ValueError("The service call failed; it returned nothing.")
        return cast(T, self.value)


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def call_service(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    success: str | Callable[[T], str] = "",
    form: FormTarget | None = None,
    business_errors_on_form: bool = False,
    error_template: str | None = None,
) -> ServiceOutcome[T]:
    """Run `action` (a service call) and report to the person; never raises the service's errors.

    - `ValidationError`: on `form` when given; else one message with every error, or, with
      `error_template` (a whole translatable message with `%(error)s`), one message per error.
    - `ApplicationError`: a message; on `form` (top) with `business_errors_on_form`, except a
      `ConflictError`, which stays a message since the page below shows the state that won.
    - success: `success` (text, or made from the service's return value) flashed when not empty.
    """
    try:
        value = action()
    except ConflictError as exc:
        messages.error(request, exc.message)
    except ApplicationError as exc:
        if business_errors_on_form and form is not None:
            _form_for(form, ValidationError(exc.message)).add_error(None, exc.message)
        else:
            messages.error(request, exc.message)
    except ValidationError as exc:
        if form is not None:
            add_service_errors(_form_for(form, exc), exc)
        elif error_template is not None:
            for message in exc.messages:
                messages.error(request, error_template % {"error": message})
        else:
            messages.error(request, " ".join(exc.messages))
    else:
        text = success(value) if callable(success) else success
        if text:
            messages.success(request, text)
        return ServiceOutcome(ok=True, value=value)
    return ServiceOutcome(ok=False)


def _form_for(target: FormTarget, exc: ValidationError) -> forms.BaseForm:
    return target if isinstance(target, forms.BaseForm) else target(exc)
