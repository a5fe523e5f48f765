from typing import Any

from django.core.management.base import BaseCommand

from solutions.services import refresh_search_statistics


class Command(BaseCommand):
    help = (
        "Recount how many published solutions hold each search term (PostgreSQL). Run after bulk loads "
        "and periodically, e.g. hourly; search stays correct in between (new terms count as rare)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = refresh_search_statistics()
        self.stdout.write(f"{count} search terms counted.")
