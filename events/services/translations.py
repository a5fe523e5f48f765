"""Translations of an event's name and description (issue 18): staff, who run events, add them."""

from __future__ import annotations

from accounts.models import User
from common.translated_content import put_translation, remove_translation
from events.models import Event, EventTranslation
from events.selectors.access import check_staff


def save_event_translation(
    *, event: Event, actor: User, language: str, name: str, description: str = ""
) -> EventTranslation:
    """Create or replace the event's name and description in `language`. Staff only; atomic."""
    check_staff(actor)
    values = {"name": name, "description": description}
    return put_translation(parent=event, language=language, values=values)  # type: ignore[return-value]


def remove_event_translation(*, event: Event, actor: User, language: str) -> bool:
    check_staff(actor)
    return remove_translation(parent=event, language=language)
