"""`manage.py generate_demo_catalogue --solutions N [--providers P] [--seed S] [--replace]`.

Bulk-loads generated demo providers and solutions (`solutions.demo`), clearly marked: solutions have
`is_demo=True`, providers `source="demo"` and a "(demo)" name suffix. A bulk load of generated rows
has no single-row service to call, so the command writes with `bulk_create` itself, in one transaction,
then refreshes the search statistics as every bulk load must.
"""

from __future__ import annotations

import time
from itertools import islice
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import ProtectedError

from accounts.enums import DEMO_SOURCE, Category
from accounts.models import Organisation
from solutions.demo.generate import DemoProvider, DemoSolution, demo_providers, demo_solutions
from solutions.models import Solution, SolutionTranslation
from solutions.services import refresh_search_statistics

SOLUTIONS_PER_PROVIDER = 50  # default --providers: one provider per 50 solutions


def _organisation(provider: DemoProvider) -> Organisation:
    return Organisation(
        name=provider.name,
        slug=provider.slug,
        category=Category.CORPORATION,
        kind=provider.kind,
        country=provider.country,
        region=provider.region,
        website=provider.website,
        description=provider.description,
        employee_count=provider.employee_count,
        source=DEMO_SOURCE,
    )


def _solution(solution: DemoSolution, provider_id: int) -> Solution:
    return Solution(
        provider_id=provider_id,
        title=solution.title,
        slug=solution.slug,
        summary=solution.summary,
        description=solution.description,
        sectors=solution.sectors,
        tags=solution.tags,
        esg_dimensions=solution.esg_dimensions,
        maturity=solution.maturity,
        regions_served=solution.regions_served,
        languages=solution.languages,
        pricing_model=solution.pricing_model,
        status=solution.status,
        published_at=solution.published_at,
        original_language=solution.original_language,
        is_demo=True,
    )


class Command(BaseCommand):
    help = (
        "Add generated demo solutions and providers (marked is_demo / source=demo) to the catalogue. "
        "Same --seed and --solutions give the same content."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--solutions", type=int, required=True, help="How many demo solutions to add.")
        parser.add_argument(
            "--providers",
            type=int,
            default=None,
            help=f"How many demo providers to add (default: one per {SOLUTIONS_PER_PROVIDER} solutions).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Seed of the generator (default 1).")
        parser.add_argument(
            "--replace", action="store_true", help="Delete every earlier demo solution and provider first."
        )
        parser.add_argument("--batch-size", type=int, default=5000, help="Rows per INSERT (default 5000).")

    def handle(
        self,
        *args: Any,
        solutions: int,
        providers: int | None,
        seed: int,
        replace: bool,
        batch_size: int,
        **options: Any,
    ) -> None:
        if solutions < 0 or batch_size < 1:
            raise CommandError("--solutions must be 0 or more and --batch-size at least 1.")
        provider_count = providers if providers is not None else max(1, solutions // SOLUTIONS_PER_PROVIDER)
        if solutions and provider_count < 1:
            raise CommandError("Demo solutions need at least one demo provider.")
        started = time.perf_counter()

        with transaction.atomic():
            if replace:
                self._delete_demo_rows()
            # Offsets keep slugs unique when a second run adds to the first one.
            provider_offset = Organisation.objects.filter(source=DEMO_SOURCE).count()
            solution_offset = Solution.objects.filter(is_demo=True).count()
            generated = demo_providers(count=provider_count, seed=seed, start=provider_offset)
            organisations = Organisation.objects.bulk_create(
                [_organisation(provider) for provider in generated], batch_size=batch_size
            )
            provider_ids = [organisation.pk for organisation in organisations]
            self.stdout.write(f"{len(organisations)} demo providers")

            rows = demo_solutions(count=solutions, providers=generated, seed=seed, start=solution_offset)
            created = 0
            while batch := list(islice(rows, batch_size)):
                saved = Solution.objects.bulk_create(
                    [_solution(row, provider_ids[row.provider_index]) for row in batch], batch_size=batch_size
                )
                SolutionTranslation.objects.bulk_create(
                    [
                        SolutionTranslation(
                            solution=solution,
                            language=row.translation.language,
                            title=row.translation.title,
                            summary=row.translation.summary,
                            description=row.translation.description,
                        )
                        for row, solution in zip(batch, saved, strict=True)
                        if row.translation is not None
                    ],
                    batch_size=batch_size,
                )
                created += len(batch)
                self.stdout.write(f"{created}/{solutions} solutions")

        terms = refresh_search_statistics()
        self.stdout.write(
            f"Added {created} demo solutions and {len(organisations)} demo providers (seed {seed}) "
            f"in {time.perf_counter() - started:.1f} s; search statistics: {terms} terms."
        )

    def _delete_demo_rows(self) -> None:
        try:
            # only("id"): the deletion collector need not load 100,000 descriptions.
            solution_count, _ = Solution.objects.filter(is_demo=True).only("id").delete()
            provider_count, _ = Organisation.objects.filter(source=DEMO_SOURCE).only("id").delete()
        except ProtectedError as exc:
            raise CommandError(
                f"Some demo rows are still referenced by real data and cannot be replaced: {exc.args[0]}"
            ) from exc
        self.stdout.write(f"Deleted earlier demo rows ({solution_count + provider_count} including related).")
