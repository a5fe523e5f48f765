from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from frontend import views
from frontend.forms import LoginForm

app_name = "frontend"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.directory, name="directory"),
    path("members/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("members/<slug:slug>/edit/", views.organisation_edit, name="organisation-edit"),
    path("fees/", views.fee_calculator, name="fees"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/profile/", views.profile, name="profile"),
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
