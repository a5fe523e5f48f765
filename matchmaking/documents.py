"""How solutions and needs become text documents for the matching index (one place, both sides)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from cities.enums import NeedStatus
from cities.models import Need
from solutions.enums import SolutionStatus
from solutions.models import Solution

SOLUTION_PREFIX = "solution:"
NEED_PREFIX = "need:"
BATCH = 2000
# What one document may contribute to the index, in characters (title first, then summary, then
# body). A 2 MB need description once made matching slow for everyone: the ranker's work grows
# with a document's distinct terms. The forms and the API bound each field (10,000 characters of
# description); this also bounds rows written before that limit or past it by other means.
DOCUMENT_CHARACTER_LIMIT = 12_000


def solution_doc_id(pk: int) -> str:
    return f"{SOLUTION_PREFIX}{pk}"


def need_doc_id(pk: int) -> str:
    return f"{NEED_PREFIX}{pk}"


def pk_of(doc_id: str) -> int:
    return int(doc_id.rsplit(":", 1)[1])


def capped(fields: dict[str, str], limit: int = DOCUMENT_CHARACTER_LIMIT) -> dict[str, str]:
    """`fields` cut to `limit` characters in all, in their order (a later field gets what the
    earlier ones left), at a word boundary where one is near."""
    left = limit
    result: dict[str, str] = {}
    for name, text in fields.items():
        kept = text
        if len(text) > left:
            cut = text[:left]
            space = cut.rfind(" ")
            kept = cut[:space] if space > left - 100 else cut
        result[name] = kept
        left = max(left - len(kept), 0)
    return result


def solution_fields(solution: Solution) -> dict[str, str]:
    return capped(
        {
            "title": solution.title,
            "summary": " ".join([solution.summary, *solution.tags]),
            "body": solution.description,
        }
    )


def need_fields(need: Need) -> dict[str, str]:
    return capped({"title": need.title, "body": need.description})


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


def newest_change() -> datetime | None:
    """When the newest solution or need was last saved (None when there are none): the index built
    before it misses that change, so a rebuild is due. Two indexed queries."""
    stamps = [
        Solution.objects.order_by("-updated_at").values_list("updated_at", flat=True).first(),
        Need.objects.order_by("-updated_at").values_list("updated_at", flat=True).first(),
    ]
    return max((stamp for stamp in stamps if stamp is not None), default=None)


def documents_by_id(doc_ids: Iterable[str]) -> dict[str, dict[str, str]]:
    """The fields of these documents that exist and are indexable (others are left out). Two queries."""
    ids = list(doc_ids)
    solution_pks = [pk_of(d) for d in ids if d.startswith(SOLUTION_PREFIX)]
    need_pks = [pk_of(d) for d in ids if d.startswith(NEED_PREFIX)]
    found: dict[str, dict[str, str]] = {}
    if solution_pks:
        for solution in Solution.objects.filter(pk__in=solution_pks, status=SolutionStatus.PUBLISHED):
            found[solution_doc_id(solution.pk)] = solution_fields(solution)
    if need_pks:
        for need in Need.objects.filter(pk__in=need_pks, status__in=[NeedStatus.OPEN, NeedStatus.MATCHED]):
            found[need_doc_id(need.pk)] = need_fields(need)
    return found
