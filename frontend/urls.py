from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from frontend.forms import LoginForm
from frontend.views import catalogue, meetings, members, needs

app_name = "frontend"

urlpatterns = [
    path("book/<str:key>/", meetings.book, name="book"),
    path("my/meetings/", meetings.my_meetings, name="my-meetings"),
    path("my/meetings/<int:pk>/<str:action>/", meetings.meeting_action, name="meeting-action"),
    path("my/availability/", meetings.availability, name="availability"),
    path("", members.home, name="home"),
    path("members/", members.directory, name="directory"),
    path("members/<slug:slug>/", members.organisation_detail, name="organisation"),
    path("members/<slug:slug>/edit/", members.organisation_edit, name="organisation-edit"),
    path("fees/", members.fee_calculator, name="fees"),
    path("accounts/signup/", members.signup, name="signup"),
    path("accounts/profile/", members.profile, name="profile"),
    # Catalogue and best cases
    path("solutions/", catalogue.catalogue, name="solutions"),
    path("solutions/<slug:slug>/", catalogue.solution_detail, name="solution"),
    path("solutions/<slug:slug>/edit/", catalogue.solution_edit, name="solution-edit"),
    path("solutions/<slug:slug>/publish/", catalogue.solution_publish, name="solution-publish"),
    path("solutions/<slug:slug>/archive/", catalogue.solution_archive, name="solution-archive"),
    path("my/solutions/", catalogue.my_solutions, name="my-solutions"),
    path("my/solutions/new/", catalogue.solution_new, name="solution-new"),
    path("best-cases/", catalogue.best_cases, name="best-cases"),
    path("best-cases/<int:pk>/", catalogue.best_case_detail, name="best-case"),
    # City needs
    path("needs/", needs.needs_board, name="needs"),
    path("needs/<slug:slug>/", needs.need_detail, name="need"),
    path("needs/<slug:slug>/edit/", needs.need_edit, name="need-edit"),
    path("my/needs/", needs.my_needs, name="my-needs"),
    path("my/needs/new/", needs.need_new, name="need-new"),
    # Matchmaking events (issue 6)
    # City Activator and smart city plans (issue 7)
    # Projects and staff reports (issue 7)
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="frontend/auth/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="frontend/auth/password_reset_form.html",
            email_template_name="frontend/auth/password_reset_email.txt",
            subject_template_name="frontend/auth/password_reset_subject.txt",
            success_url=reverse_lazy("frontend:password_reset_done"),
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
