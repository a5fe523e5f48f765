from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from scheduling.services.expiry import expire_unanswered_requests


class Command(BaseCommand):
    help = (
        "Expire meeting requests nobody answered within MEETING_REQUEST_EXPIRY_DAYS days, or whose "
        "times have all passed; free their time and tell both sides. Safe to run again at any time."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        expired = expire_unanswered_requests()
        days = settings.MEETING_REQUEST_EXPIRY_DAYS
        self.stdout.write(f"Expired {len(expired)} meeting request(s) (unanswered for {days} days or past).")
