"""A staff report as a table, whichever app computes it (`projects.reports`, `cities.reports`); the
reports page (`frontend/views/reports.py`) lists them, draws them and exports them as CSV."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ReportTable:
    """A report as a table: `rows` (and the `footer` totals row, if any) line up with `header`."""

    name: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    footer: list[Any] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def all_rows(self) -> list[list[Any]]:
        return [*self.rows, *([self.footer] if self.footer else [])]
