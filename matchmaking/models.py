"""The matching index's builds: which saved index file every process loads."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchIndexBuild(models.Model):
    """One full build of the matching index. The newest row names the file every process loads.

    Edits after `built_at` are applied by each process on top of the loaded file (see
    `matchmaking.index`), so an edit is visible at once without a rebuild.
    """

    generation = models.PositiveIntegerField(unique=True)
    path = models.CharField(max_length=500)
    built_at = models.DateTimeField(help_text=_("Rows changed after this instant are applied as deltas."))
    document_count = models.PositiveIntegerField()
    seconds = models.FloatField()

    class Meta:
        ordering = ["-generation"]
        get_latest_by = "generation"

    def __str__(self) -> str:
        return f"generation {self.generation} ({self.document_count} documents)"


class TextVector(models.Model):
    """A sentence encoder's vector of one exact text, so an unchanged text is never encoded twice.

    `key` is the encoder's name and the sha256 of the text (`matchmaking.ranking.encoder.text_key`);
    the text itself is not kept. Solutions and needs are encoded per passage, so texts that repeat
    sentences share rows.
    """

    key = models.CharField(max_length=100, unique=True)
    vector = models.BinaryField(help_text="float32 values, little-endian")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
