"""DRF building blocks every app's API uses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer

if TYPE_CHECKING:
    from rest_framework.viewsets import GenericViewSet

    # For the type checker the mixin is the view set it is always mixed into, so `self.action`,
    # `self.request` and `super().get_object()` have the view set's types; at run time it is a plain mixin.
    _ViewSet = GenericViewSet[Any]
else:
    _ViewSet = object

_M = TypeVar("_M", bound=Model)


def updated_instance(serializer: BaseSerializer[_M]) -> _M:
    """The object an update serializer is bound to, in `perform_update`: UpdateModelMixin.update always
    binds the result of `get_object()`, so a serializer without one there is a programming error."""
    if serializer.instance is None:
        raise RuntimeError("perform_update was called with a serializer bound to no instance.")
    return serializer.instance


class IsAuthenticatedToWrite(permissions.BasePermission):
    """Anyone reads; only logged-in callers write (the object-level rules live in the services)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or bool(
            request.user and request.user.is_authenticated
        )


class CheckEditAccessFirstMixin(_ViewSet):
    """Fetch the object of a write through the app's `access_*_for_edit` selector before the input is
    validated, so a caller without the right gets 403/404, never a 400 that reveals the field rules."""

    edit_actions: tuple[str, ...] = ("update", "partial_update")

    def access_for_edit(self, pk: int) -> Any:
        raise NotImplementedError

    def get_object(self) -> Any:
        if self.action in self.edit_actions:
            return self.access_for_edit(int(self.kwargs["pk"]))
        return super().get_object()
