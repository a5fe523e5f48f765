from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Members and accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in  # noqa: PLC0415 -- app registry is ready

        from accounts.auth import ask_for_second_factor  # noqa: PLC0415 -- imports models

        user_logged_in.connect(ask_for_second_factor, dispatch_uid="accounts.ask_for_second_factor")
