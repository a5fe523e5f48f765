from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.enums import Category
from accounts.member_list import parse_member_list
from accounts.services.member_import import import_members


class Command(BaseCommand):
    help = "Import the association's member list (brochure text). Idempotent: a second run changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=settings.MEMBER_SEED_FILE,
            help="Brochure text to read (default: the copy shipped in accounts/data).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")

    def handle(self, *args: Any, file: Path, dry_run: bool, **options: Any) -> None:
        try:
            member_list = parse_member_list(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read the member list from {file}: {exc}") from exc

        summary = import_members(records=member_list.records, dry_run=dry_run)

        prefix = "[dry run] " if dry_run else ""
        self.stdout.write(
            f"{prefix}{len(summary.created)} created, {len(summary.updated)} updated, "
            f"{summary.unchanged} unchanged ({len(member_list.records)} members in {file.name})."
        )
        for category in (Category.LOCAL_GOVERNMENT, Category.INSTITUTION, Category.CORPORATION):
            listed = member_list.count(category)
            declared = member_list.declared.get((category, ""))
            if declared is not None and declared != listed:
                self.stdout.write(
                    self.style.WARNING(
                        f"Note: the brochure's header announces {declared} {category.label.lower()} members "
                        f"but names {listed}; only named members are imported."
                    )
                )
