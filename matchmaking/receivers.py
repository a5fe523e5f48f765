"""What `matchmaking` does when a solution or a need is saved: queue the encoding of its sentence
vectors after the commit (`tasks.encode_document_vectors`), so they are ready before anyone asks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from matchmaking import documents
from matchmaking.ranking.fusion import load_setting


def encode_saved_document(sender: Any, *, instance: Any, **_: Any) -> None:
    """A solution or need was saved: encode its vectors in the background once the commit is done."""
    if not settings.MATCH_ENCODE_ON_SAVE or not load_setting().uses_dense:
        return
    if sender.__name__ == "Solution":
        if not documents.indexable_solution(instance):
            return
        doc_id = documents.solution_doc_id(instance.pk)
    else:
        if not documents.indexable_need(instance):
            return
        doc_id = documents.need_doc_id(instance.pk)
    from matchmaking.tasks import encode_document_vectors  # noqa: PLC0415 -- avoids an import cycle

    transaction.on_commit(lambda: encode_document_vectors.delay([doc_id]))
