"""Request types of the frontend's views, for the type checker."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a `@login_required` view (or a helper only such views call): its user is a
    `User`, never `AnonymousUser`. Annotate with it instead of checking `is_authenticated` again."""

    user: User


def signed_in_user(request: HttpRequest) -> User | None:
    """The request's user when someone is signed in (pages anyone may open), else None."""
    user = request.user
    return user if isinstance(user, User) else None
