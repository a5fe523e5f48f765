from django.apps import AppConfig
from django.core import checks
from django.db.backends.signals import connection_created


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Common building blocks"

    def ready(self) -> None:
        from common.lookups import register_fold_function  # noqa: PLC0415 -- apps load before models

        connection_created.connect(register_fold_function, dispatch_uid="common.fold_function")

        from common.checks import check_email_backend_sends  # noqa: PLC0415 -- as above

        checks.register(check_email_backend_sends, checks.Tags.security)

        from common.strict_text import refuse_numbers_as_text  # noqa: PLC0415 -- as above

        refuse_numbers_as_text()
