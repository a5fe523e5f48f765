from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Members and accounts"

    def ready(self) -> None:
        # Registers the OpenAPI description of ApiTokenAuthentication with drf-spectacular.
        from django.contrib.auth.signals import user_logged_in  # noqa: PLC0415 -- app registry is ready

        from accounts import schema  # noqa: F401, PLC0415 -- imported for its registration
        from accounts.auth import ask_for_second_factor  # noqa: PLC0415 -- imports models

        user_logged_in.connect(ask_for_second_factor, dispatch_uid="accounts.ask_for_second_factor")
