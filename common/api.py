"""DRF building blocks every app's API uses."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request


class IsAuthenticatedToWrite(permissions.BasePermission):
    """Anyone reads; only logged-in callers write (the object-level rules live in the services)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or bool(
            request.user and request.user.is_authenticated
        )


class CheckEditAccessFirstMixin:
    """Fetch the object of a write through the app's `access_*_for_edit` selector before the input is
    validated, so a caller without the right gets 403/404, never a 400 that reveals the field rules."""

    edit_actions: tuple[str, ...] = ("update", "partial_update")
    kwargs: dict[str, Any]
    action: str | None
    request: Request

    def access_for_edit(self, pk: int) -> Any:
        raise NotImplementedError

    def get_object(self) -> Any:
        if self.action in self.edit_actions:
            return self.access_for_edit(int(self.kwargs["pk"]))
        return super().get_object()  # type: ignore[misc]
