"""The audit trail (django-auditlog): who changed which registered record, when, from what to what.

The models and fields recorded are listed in `AUDITLOG_INCLUDE_TRACKING_MODELS` (config/settings/base.py).
auditlog's middleware names the signed-in person as the actor of a request's changes; API token
requests are authenticated after the middleware, so their authentication calls `record_actor`.
The staff page (/staff/audit/) reads through `audit_entries` and shows `audit_rows`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from common.dates import local_timestamp

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.db.models import QuerySet

# Never shown, even if an entry written before a field was excluded holds one: credentials and
# the values that find them.
SECRET_FIELDS = frozenset({"password", "digest", "token_key", "token_hash", "token", "key", "secret"})


def record_actor(user: AbstractBaseUser) -> None:
    """Name `user` as the actor of the audited changes the current request makes from now on, when
    the request was authenticated after auditlog's middleware ran (an API token, in DRF). Outside a
    request (a command, a test calling a service) there is no audit context and nothing happens."""
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    if context.get("actor") is None:
        context["actor"] = user


def audited_content_types() -> QuerySet[ContentType]:
    """The content types of every registered model (one query when read; ContentType's own cache
    is not used, so the number of queries does not depend on what ran before)."""
    registered = Q(pk__in=[])
    for model in auditlog.get_models():
        registered |= Q(app_label=model._meta.app_label, model=model._meta.model_name)
    return ContentType.objects.filter(registered).order_by("app_label", "model")


def audit_actors() -> QuerySet[Any]:
    """Everyone who is the actor of at least one entry, for the page's filter."""
    return get_user_model().objects.filter(
        pk__in=LogEntry.objects.filter(actor__isnull=False).values("actor")
    )


def audit_entries(
    *,
    content_type: ContentType | None = None,
    actor: AbstractBaseUser | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[LogEntry]:
    """Entries, newest first, with their actor and content type loaded (one query per page)."""
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
    if content_type is not None:
        entries = entries.filter(content_type=content_type)
    if actor is not None:
        entries = entries.filter(actor=actor)
    if since is not None:
        entries = entries.filter(timestamp__gte=since)
    if until is not None:
        entries = entries.filter(timestamp__lt=until)
    return entries


def entries_by_actor(*, actor: AbstractBaseUser) -> QuerySet[LogEntry]:
    """The entries of changes `actor` made, newest first."""
    return audit_entries(actor=actor)


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditRow:
    entry: LogEntry
    model_name: str
    action: str
    changes: list[FieldChange]


def audit_rows(entries: list[LogEntry]) -> list[AuditRow]:
    """What the page shows of each entry: the model, the action and each changed field's label with
    its old and new value for people (choices by their label, related rows by their name). Related
    rows are read in one query per related model on the page, however many entries name them."""
    related = _related_names(entries)
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, values in (entry.changes or {}).items():
            if name in SECRET_FIELDS or not isinstance(values, list) or len(values) != 2:
                continue
            field = _field(model, name)
            label = str(field.verbose_name) if field is not None else name
            old, new = (_display(field, value, related) for value in values)
            changes.append(FieldChange(label=label, old=old, new=new))
        rows.append(
            AuditRow(
                entry=entry,
                model_name=str(model._meta.verbose_name) if model is not None else entry.content_type.model,
                action=_action_label(entry.action),
                changes=changes,
            )
        )
    return rows


def _action_label(action: int) -> str:
    return {
        LogEntry.Action.CREATE: _("created"),
        LogEntry.Action.UPDATE: _("changed"),
        LogEntry.Action.DELETE: _("deleted"),
        LogEntry.Action.ACCESS: _("viewed"),
    }.get(action, str(action))


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _related_names(entries: list[LogEntry]) -> dict[type[models.Model], dict[str, str]]:
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes or {}).items():
            field = _field(model, name)
            if field is not None and field.is_relation and field.related_model is not None:
                wanted[field.related_model].update(str(v) for v in values if v is not None)
    names: dict[type[models.Model], dict[str, str]] = {}
    for related_model, pks in wanted.items():
        found = related_model._base_manager.in_bulk([pk for pk in pks if pk.isdigit()])
        names[related_model] = {str(pk): str(row) for pk, row in found.items()}
    return names


def _display(
    field: models.Field[Any, Any] | None, value: object, related: dict[type[models.Model], dict[str, str]]
) -> str:
    if value is None or value == "":
        return "—"
    if field is None:
        return str(value)
    if field.is_relation and field.related_model is not None:
        names = related.get(field.related_model, {})
        return names.get(str(value), _("deleted (#%(id)s)") % {"id": value})
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        # Stored as naive UTC (auditlog); shown, like every time on the page, in the viewer's zone.
        moment = parse_datetime(value)
        if moment is not None:
            moment = moment if timezone.is_aware(moment) else moment.replace(tzinfo=dt.UTC)
            return local_timestamp(timezone.localtime(moment))
    if isinstance(value, bool):
        value = _("yes") if value else _("no")
    return str(value)
