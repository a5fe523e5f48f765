"""A person's interface language (issue 18): chosen with the switcher on any page or on the profile,
used for their pages and for everything sent to them (common.languages.language_of)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from common import languages


@transaction.atomic
def set_language(*, user: User, language: str) -> User:
    """Store `language` (one of common.languages.CODES, or "" for the browser's) on the person."""
    if language and language not in languages.CODES:
        raise ValidationError({"language": _("We do not offer this language.")})
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
