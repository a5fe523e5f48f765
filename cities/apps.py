from django.apps import AppConfig


class CitiesConfig(AppConfig):
    name = "cities"

    def ready(self) -> None:
        from cities.receivers import (  # noqa: PLC0415 -- app registry is ready only here
            end_shares_on_meetings_called_off,
            end_shares_with_providers_who_left,
        )
        from projects.signals import proposal_providers_left  # noqa: PLC0415 -- same
        from scheduling.signals import meetings_called_off  # noqa: PLC0415 -- same

        proposal_providers_left.connect(
            end_shares_with_providers_who_left, dispatch_uid="cities.activator_shares"
        )
        meetings_called_off.connect(
            end_shares_on_meetings_called_off, dispatch_uid="cities.activator_shares_on_meetings"
        )
