from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from accounts.signals import membership_notice  # noqa: PLC0415 -- app registry is ready only here
        from notifications.receivers import write_membership_notice  # noqa: PLC0415 -- same

        membership_notice.connect(write_membership_notice, dispatch_uid="notifications.membership")
