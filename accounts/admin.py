from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.auth import authenticated_user
from accounts.enums import JoinRequestStatus
from accounts.models import ApiToken, Invitation, JoinRequest, Organisation, User
from accounts.services.joining import approve_join_request
from common.exceptions import ApplicationError


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "kind", "country", "region", "source"]
    list_filter = ["category", "kind", "region", "source"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "organisation", "organisation_role", "is_staff"]
    list_filter = [*DjangoUserAdmin.list_filter, "organisation_role"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Organisation", {"fields": ["organisation", "organisation_role", "job_title", "time_zone"]}),
    )


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    """Decisions go through the service (lock, permissions, e-mail); the rows themselves are read-only."""

    list_display = ["person", "organisation", "as_admin", "status", "decided_by", "created_at"]
    list_filter = ["status", "as_admin"]
    list_select_related = ["person", "organisation", "decided_by"]
    search_fields = ["person__username", "person__email", "organisation__name"]
    readonly_fields = ["person", "organisation", "as_admin", "status", "decided_by", "decided_at", "reason"]
    actions = ["approve_requests"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Approve the selected pending requests")
    def approve_requests(self, request: HttpRequest, queryset: QuerySet[JoinRequest]) -> None:
        approved = 0
        for join_request in queryset.filter(status=JoinRequestStatus.PENDING):
            try:
                approve_join_request(join_request=join_request, actor=authenticated_user(request))
            except (ApplicationError, PermissionDenied) as exc:
                self.message_user(request, f"{join_request}: {exc}", messages.WARNING)
            else:
                approved += 1
        self.message_user(request, f"Approved {approved} request(s).", messages.SUCCESS)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "organisation",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_select_related = ["organisation", "invited_by"]
    search_fields = ["email", "organisation__name"]
    exclude = ["token_hash"]
    readonly_fields = [
        "organisation", "email", "role", "invited_by", "expires_at", "accepted_at", "accepted_by",
        "revoked_at",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Staff see who has which tokens and may revoke one (delete); tokens are made by their owners."""

    list_display = ["name", "user", "created", "expiry", "last_used"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username"]
    fields = ["name", "user", "created", "expiry", "last_used"]
    readonly_fields = ["name", "user", "created", "expiry", "last_used"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
