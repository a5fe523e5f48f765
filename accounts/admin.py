from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.auth import authenticated_user
from accounts.models import Organisation, User
from accounts.services.people import confirm_membership


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "kind", "country", "region", "source"]
    list_filter = ["category", "kind", "region", "source"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "email",
        "organisation",
        "organisation_role",
        "requested_organisation",
        "is_staff",
    ]
    list_filter = [*DjangoUserAdmin.list_filter, "organisation_role"]
    list_select_related = ["organisation", "requested_organisation"]
    autocomplete_fields = ["organisation", "requested_organisation"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (
            "Organisation",
            {
                "fields": [
                    "organisation",
                    "organisation_role",
                    "requested_organisation",
                    "job_title",
                    "time_zone",
                ]
            },
        ),
    )
    actions = ["confirm_membership_requests"]

    @admin.action(description="Confirm the organisation each selected person asked to join")
    def confirm_membership_requests(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        confirmed = 0
        for user in queryset.filter(requested_organisation__isnull=False):
            confirm_membership(user=user, confirmed_by=authenticated_user(request))
            confirmed += 1
        self.message_user(request, f"Confirmed {confirmed} membership request(s).", messages.SUCCESS)
