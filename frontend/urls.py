from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from common.throttling import PasswordResetAddressThrottle
from frontend.forms.members import LoginForm
from frontend.forms.password_reset import OutboxPasswordResetForm
from frontend.throttling import throttle_posts
from frontend.views import (
    activator,
    applications,
    audit,
    best_cases,
    catalogue,
    languages,
    meetings,
    members,
    needs,
    notifications,
    outbox,
    passkeys,
    people,
    plans,
    privacy,
    projects,
    reports,
    staff,
    tokens,
    translations,
    two_factor,
)
from frontend.views.events.agendas import (
    event_agenda,
    event_agenda_ics,
    event_agenda_print,
    event_schedule_csv,
    event_table_signs,
)
from frontend.views.events.attendees import event_attendees
from frontend.views.events.browsing import (
    event_detail,
    event_edit,
    event_list,
    event_new,
    event_phase,
    event_sessions,
)
from frontend.views.events.day import event_check_in, event_dashboard, event_feedback, event_report
from frontend.views.events.meeting_requests import event_all_requests, event_request_answer, event_requests
from frontend.views.events.registration import (
    event_add_representative,
    event_availability,
    event_profile,
    event_register,
)
from frontend.views.events.schedule import event_run, event_schedule

app_name = "frontend"

urlpatterns = [
    path("book/<str:key>/", meetings.book, name="book"),
    path("my/meetings/", meetings.my_meetings, name="my-meetings"),
    path("my/meetings/calendar-feed/", meetings.calendar_feed, name="calendar-feed"),
    path("my/meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("my/meetings/<int:pk>/<str:action>/", meetings.meeting_action, name="meeting-action"),
    path("my/availability/", meetings.availability, name="availability"),
    path("", members.home, name="home"),
    path("members/", members.directory, name="directory"),
    path("members/<slug:slug>/", members.organisation_detail, name="organisation"),
    path("members/<slug:slug>/edit/", members.organisation_edit, name="organisation-edit"),
    path("members/<slug:slug>/appoint-admin/", people.appoint, name="appoint-admin"),
    path("members/<slug:slug>/people/", people.people, name="people"),
    path("members/<slug:slug>/people/invite/", people.invite, name="people-invite"),
    path(
        "members/<slug:slug>/people/requests/<int:pk>/<str:decision>/",
        people.decide_request,
        name="join-request-decision",
    ),
    path(
        "members/<slug:slug>/people/invitations/<int:pk>/<str:action>/",
        people.invitation_action,
        name="invitation-action",
    ),
    path(
        "members/<slug:slug>/people/<int:user_id>/<str:action>/", people.person_action, name="person-action"
    ),
    path("invitations/<str:token>/", people.invitation, name="invitation"),
    path("fees/", members.fee_calculator, name="fees"),
    path("language/", languages.switch_language, name="switch-language"),
    path("accounts/signup/", members.signup, name="signup"),
    path("accounts/signup/<str:token>/", members.signup_finish, name="signup-finish"),
    path("accounts/profile/", members.profile, name="profile"),
    path("accounts/profile/tokens/", tokens.api_tokens, name="api-tokens"),
    path("accounts/profile/data/", privacy.download_my_data, name="download-my-data"),
    path("accounts/profile/delete/", privacy.delete_my_account, name="delete-account"),
    path("accounts/profile/tokens/revoke-all/", tokens.api_tokens_revoke_all, name="api-tokens-revoke-all"),
    path("accounts/profile/tokens/<int:pk>/revoke/", tokens.api_token_revoke, name="api-token-revoke"),
    path("accounts/sign-out-everywhere/", tokens.sign_out_everywhere, name="sign-out-everywhere"),
    path(
        "accounts/profile/verify-email/",
        members.email_verification_resend,
        name="verify-email-resend",
    ),
    path("accounts/verify-email/<str:token>/", members.email_verification, name="verify-email"),
    # Membership applications (issue 13)
    path("apply/", applications.apply, name="apply"),
    path("apply/finish/<str:token>/", applications.apply_finish, name="apply-finish"),
    path("apply/<int:pk>/", applications.application_detail, name="application"),
    path("staff/", staff.staff_todo, name="staff-todo"),
    path("staff/outbox/", outbox.outbox_list, name="staff-outbox"),
    path("staff/outbox/<int:pk>/retry/", outbox.outbox_retry, name="staff-outbox-retry"),
    path("staff/audit/", audit.audit_trail, name="audit-trail"),
    path("staff/applications/", applications.review_queue, name="application-queue"),
    path("staff/applications/<int:pk>/", applications.review, name="application-review"),
    path("staff/applications/<int:pk>/approve/", applications.approve, name="application-approve"),
    path("staff/applications/<int:pk>/reject/", applications.reject, name="application-reject"),
    path("accounts/profile/join/", people.ask_to_join, name="ask-to-join"),
    path("accounts/profile/join/<int:pk>/withdraw/", people.withdraw_request, name="withdraw-join-request"),
    # Catalogue and best cases
    path("solutions/", catalogue.catalogue, name="solutions"),
    path("solutions/<slug:slug>/", catalogue.solution_detail, name="solution"),
    path("solutions/<slug:slug>/edit/", catalogue.solution_edit, name="solution-edit"),
    path("solutions/<slug:slug>/publish/", catalogue.solution_publish, name="solution-publish"),
    path("solutions/<slug:slug>/archive/", catalogue.solution_archive, name="solution-archive"),
    path("my/solutions/", catalogue.my_solutions, name="my-solutions"),
    path("my/solutions/new/", catalogue.solution_new, name="solution-new"),
    path("best-cases/", best_cases.best_cases, name="best-cases"),
    path("best-cases/new/", best_cases.best_case_new, name="best-case-new"),
    path("best-cases/<int:pk>/", best_cases.best_case_detail, name="best-case"),
    path("best-cases/<int:pk>/edit/", best_cases.best_case_edit, name="best-case-edit"),
    path("my/best-cases/", best_cases.my_best_cases, name="my-best-cases"),
    path("staff/best-cases/<int:pk>/", best_cases.best_case_review, name="best-case-review"),
    # City needs
    path("needs/", needs.needs_board, name="needs"),
    path("needs/<slug:slug>/", needs.need_detail, name="need"),
    path("needs/<slug:slug>/edit/", needs.need_edit, name="need-edit"),
    path("my/needs/", needs.my_needs, name="my-needs"),
    path("my/needs/new/", needs.need_new, name="need-new"),
    # Matchmaking events (issue 6)
    path("events/", event_list, name="events"),
    path("events/new/", event_new, name="event-new"),
    path("events/<slug:slug>/", event_detail, name="event"),
    path("events/<slug:slug>/edit/", event_edit, name="event-edit"),
    path("events/<slug:slug>/phase/", event_phase, name="event-phase"),
    path("events/<slug:slug>/sessions/", event_sessions, name="event-sessions"),
    path("events/<slug:slug>/register/", event_register, name="event-register"),
    path("events/<slug:slug>/representatives/", event_add_representative, name="event-representatives"),
    path("events/<slug:slug>/availability/", event_availability, name="event-availability"),
    path("events/<slug:slug>/profile/", event_profile, name="event-profile"),
    path("events/<slug:slug>/attendees/", event_attendees, name="event-attendees"),
    path("events/<slug:slug>/requests/", event_requests, name="event-requests"),
    path(
        "events/<slug:slug>/requests/<int:pk>/<str:answer>/",
        event_request_answer,
        name="event-request-answer",
    ),
    path("events/<slug:slug>/all-requests/", event_all_requests, name="event-all-requests"),
    path("events/<slug:slug>/schedule/", event_schedule, name="event-schedule"),
    path("events/<slug:slug>/schedule.csv", event_schedule_csv, name="event-schedule-csv"),
    path("events/<slug:slug>/runs/<int:pk>/", event_run, name="event-run"),
    path("events/<slug:slug>/table-signs/", event_table_signs, name="event-table-signs"),
    path("events/<slug:slug>/agenda/", event_agenda, name="event-agenda"),
    path("events/<slug:slug>/agenda/print/", event_agenda_print, name="event-agenda-print"),
    path("events/<slug:slug>/agenda.ics", event_agenda_ics, name="event-agenda-ics"),
    path("events/<slug:slug>/dashboard/", event_dashboard, name="event-dashboard"),
    path("events/<slug:slug>/check-in/", event_check_in, name="event-check-in"),
    path("events/<slug:slug>/feedback/", event_feedback, name="event-feedback"),
    path("events/<slug:slug>/report/", event_report, name="event-report"),
    # City Activator and smart city plans (issue 7)
    path("activator/", activator.activator_home, name="activator"),
    path("activator/take/", activator.activator_take, name="activator-take"),
    path("activator/results/<int:pk>/", activator.activator_result, name="activator-result"),
    path("activator/history/", activator.activator_history, name="activator-history"),
    path("activator/sharing/", activator.activator_sharing, name="activator-sharing"),
    path(
        "activator/sharing/<int:pk>/revoke/", activator.activator_share_revoke, name="activator-share-revoke"
    ),
    path("plans/", plans.plans, name="plans"),
    path("plans/new/", plans.plan_new, name="plan-new"),
    path("plans/<slug:slug>/", plans.plan_detail, name="plan"),
    path("plans/<slug:slug>/edit/", plans.plan_edit, name="plan-edit"),
    path(
        "translations/<slug:kind>/<int:pk>/",
        translations.content_translation,
        name="content-translation",
    ),
    path("plans/<slug:slug>/delete/", plans.plan_delete, name="plan-delete"),
    # Projects and staff reports (issue 7)
    path("projects/", projects.projects, name="projects"),
    path("projects/new/", projects.project_new, name="project-new"),
    path("projects/<int:pk>/", projects.project_detail, name="project"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project-edit"),
    path("projects/<int:pk>/stage/", projects.project_stage, name="project-stage"),
    path("projects/<int:pk>/notes/", projects.project_note, name="project-note"),
    path("projects/<int:pk>/key-dates/", projects.project_key_date, name="project-key-date"),
    path(
        "projects/<int:pk>/share-activator-results/",
        projects.project_share_activator_results,
        name="project-share-activator-results",
    ),
    path("reports/", reports.reports, name="reports"),
    # Notification centre (issue 13)
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/read-all/", notifications.notifications_read_all, name="notifications-read-all"),
    path("notifications/settings/", notifications.notification_settings, name="notification-settings"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification-open"),
    path("reports/<slug:name>.csv", reports.report_csv, name="report-csv"),
    path(
        "accounts/login/",
        throttle_posts("login")(
            auth_views.LoginView.as_view(
                template_name="frontend/auth/login.html", authentication_form=LoginForm
            )
        ),
        name="login",
    ),
    # Second factor (issue 15): the code after the password, setting up an app, the security page.
    path("accounts/two-factor/", two_factor.verify, name="two-factor"),
    path("accounts/two-factor/setup/", two_factor.setup, name="two-factor-setup"),
    path("accounts/profile/security/", two_factor.security, name="security"),
    path("accounts/profile/security/backup-codes/", two_factor.backup_codes, name="security-backup-codes"),
    path("accounts/profile/security/remove/", two_factor.remove, name="security-remove"),
    path("accounts/profile/security/passkeys/name/", passkeys.name, name="passkey-name"),
    path(
        "accounts/profile/security/passkeys/<int:passkey_id>/remove/", passkeys.remove, name="passkey-remove"
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        throttle_posts("password_reset", PasswordResetAddressThrottle)(
            auth_views.PasswordResetView.as_view(
                form_class=OutboxPasswordResetForm,
                template_name="frontend/auth/password_reset_form.html",
                email_template_name="frontend/auth/password_reset_email.txt",
                subject_template_name="frontend/auth/password_reset_subject.txt",
                success_url=reverse_lazy("frontend:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="frontend/auth/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="frontend/auth/password_reset_confirm.html",
            success_url=reverse_lazy("frontend:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="frontend/auth/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
