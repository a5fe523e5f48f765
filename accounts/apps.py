from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Members and accounts"

    def ready(self) -> None:
        # Registers the OpenAPI description of ApiTokenAuthentication with drf-spectacular.
        from accounts import schema  # noqa: F401, PLC0415 -- imported for its registration
