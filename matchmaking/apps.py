from django.apps import AppConfig
from django.db.models.signals import post_save


class MatchmakingConfig(AppConfig):
    name = "matchmaking"

    def ready(self) -> None:
        from cities.models import Need  # noqa: PLC0415 -- app registry is ready only here
        from matchmaking.receivers import encode_saved_document  # noqa: PLC0415 -- same
        from solutions.models import Solution  # noqa: PLC0415 -- same

        post_save.connect(encode_saved_document, sender=Solution, dispatch_uid="matchmaking.vectors.solution")
        post_save.connect(encode_saved_document, sender=Need, dispatch_uid="matchmaking.vectors.need")
