from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from matchmaking.documents import count_documents
from matchmaking.services import rebuild_match_index


class Command(BaseCommand):
    help = "Build the matching index over every published solution and open need, and make it current."

    def handle(self, *args: Any, **options: Any) -> None:
        with tqdm(total=count_documents(), unit="doc", desc="Reading documents", file=self.stderr) as bar:
            build = rebuild_match_index(progress=bar.update)
        self.stdout.write(
            f"Generation {build.generation}: {build.document_count} documents "
            f"in {build.seconds:.1f} s -> {build.path}"
        )
