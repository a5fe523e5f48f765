import importlib.util
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from matchmaking.evaluation import METRIC_NAMES, Report, evaluate_paths, is_collection

LABELS = {"ndcg_at_10": "nDCG@10", "map": "MAP", "recall_at_100": "R@100"}


class Command(BaseCommand):
    help = (
        "Measure the ranking core on IR test collections (SMART folders: cran, cisi, med, adi, cacm, npl; "
        "or BEIR folders) against a bm25s baseline run alongside: nDCG@10, MAP and Recall@100 per "
        "collection and their mean. Read-only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="*", help="collection folders (relative ones under --collections-root)"
        )
        parser.add_argument("--collections-root", default="", help="folder the relative PATHs are in")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(options["collections_root"]) if options["collections_root"] else None
        if root is not None and not root.is_dir():
            raise CommandError(f"Not a folder: {root}")
        paths = [
            root / path if root and not Path(path).is_absolute() else Path(path) for path in options["paths"]
        ]
        if not paths and root:
            paths = sorted(child for child in root.iterdir() if child.is_dir() and is_collection(child))
        if not paths:
            raise CommandError("Give at least one collection folder (or --collections-root).")
        missing = [str(path) for path in paths if not path.is_dir()]
        if missing:
            raise CommandError(f"Not a folder: {', '.join(missing)}")
        if importlib.util.find_spec("bm25s") is None:
            # The baseline is an evaluation peer, not a runtime dependency of the product.
            raise CommandError(
                "The BM25 baseline (bm25s) is not installed: pip install -e '.[bench]' (make install does)."
            )
        try:
            report = evaluate_paths(paths)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
        else:
            self.stdout.write(format_table(report))


def format_table(report: Report) -> str:
    """One row per collection (ours vs BM25 and the difference for each metric), then the means."""
    header = f"{'collection':<12}{'docs':>7}{'queries':>8}"
    for name in METRIC_NAMES:
        label = LABELS[name]
        header += f"  {label + ' ours':>13}{label + ' bm25':>13}{'delta':>8}"
    lines = [header, "-" * len(header)]
    for row in report.collections:
        line = f"{row.name:<12}{row.n_documents:>7}{row.ours.n_queries:>8}"
        for name in METRIC_NAMES:
            ours, bm25 = getattr(row.ours, name), getattr(row.bm25, name)
            line += f"  {ours:>13.4f}{bm25:>13.4f}{ours - bm25:>+8.4f}"
        lines.append(line)
    lines.append("-" * len(header))
    mean = f"{'mean':<12}{'':>7}{'':>8}"
    for name in METRIC_NAMES:
        ours, bm25 = report.mean_ours[name], report.mean_bm25[name]
        mean += f"  {ours:>13.4f}{bm25:>13.4f}{ours - bm25:>+8.4f}"
    lines.append(mean)
    return "\n".join(lines)
