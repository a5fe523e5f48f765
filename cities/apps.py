from django.apps import AppConfig


class CitiesConfig(AppConfig):
    name = "cities"

    def ready(self) -> None:
        from cities.receivers import end_shares_with_providers_who_left  # noqa: PLC0415 -- app registry is ready only here
        from projects.signals import proposal_providers_left  # noqa: PLC0415 -- same

        proposal_providers_left.connect(
            end_shares_with_providers_who_left, dispatch_uid="cities.activator_shares"
        )
