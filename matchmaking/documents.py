"""How solutions and needs become text documents for the matching index (one place, both sides)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from cities.enums import NeedStatus
from cities.models import Need
from solutions.enums import SolutionStatus
from solutions.models import Solution

SOLUTION_PREFIX = "solution:"
NEED_PREFIX = "need:"
BATCH = 2000


def solution_doc_id(pk: int) -> str:
    return f"{SOLUTION_PREFIX}{pk}"


def need_doc_id(pk: int) -> str:
    return f"{NEED_PREFIX}{pk}"


def pk_of(doc_id: str) -> int:
    return int(doc_id.rsplit(":", 1)[1])


def solution_fields(solution: Solution) -> dict[str, str]:
    return {
        "title": solution.title,
        "summary": " ".join([solution.summary, *solution.tags]),
        "body": solution.description,
    }


def need_fields(need: Need) -> dict[str, str]:
    return {"title": need.title, "body": need.description}


def indexable_solution(solution: Solution) -> bool:
    return solution.status == SolutionStatus.PUBLISHED


def indexable_need(need: Need) -> bool:
    return need.status in (NeedStatus.OPEN, NeedStatus.MATCHED)


Change = tuple[str, dict[str, str] | None, datetime]  # (doc_id, fields or None to remove, updated_at)


def all_documents() -> Iterator[tuple[str, dict[str, str]]]:
    """Every indexable document, streamed in batches (100k rows stay out of memory as models)."""
    solutions = Solution.objects.filter(status=SolutionStatus.PUBLISHED).only(
        "id", "title", "summary", "tags", "description", "status"
    )
    for solution in solutions.iterator(chunk_size=BATCH):
        yield solution_doc_id(solution.pk), solution_fields(solution)
    needs = Need.objects.filter(status__in=[NeedStatus.OPEN, NeedStatus.MATCHED]).only(
        "id", "title", "description", "status"
    )
    for need in needs.iterator(chunk_size=BATCH):
        yield need_doc_id(need.pk), need_fields(need)


def changes_since(moment: datetime) -> list[Change]:
    """Rows changed after `moment`: upserts for indexable ones, removals for the rest. Two queries."""
    changes: list[Change] = []
    for solution in Solution.objects.filter(updated_at__gt=moment).only(
        "id", "title", "summary", "tags", "description", "status", "updated_at"
    ):
        fields = solution_fields(solution) if indexable_solution(solution) else None
        changes.append((solution_doc_id(solution.pk), fields, solution.updated_at))
    needs = Need.objects.filter(updated_at__gt=moment).only(
        "id", "title", "description", "status", "updated_at"
    )
    changes.extend(
        (need_doc_id(need.pk), need_fields(need) if indexable_need(need) else None, need.updated_at)
        for need in needs
    )
    return changes


def count_documents() -> int:
    """How many documents a full build reads (for progress bars). Two queries."""
    return (
        Solution.objects.filter(status=SolutionStatus.PUBLISHED).count()
        + Need.objects.filter(status__in=[NeedStatus.OPEN, NeedStatus.MATCHED]).count()
    )
