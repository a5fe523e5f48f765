import importlib.util
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from matchmaking.evaluation import METRIC_NAMES, Report, evaluate_paths, is_collection
from matchmaking.ranking.fusion import load_setting

LABELS = {"ndcg_at_10": "nDCG@10", "map": "MAP", "recall_at_100": "R@100"}


class Command(BaseCommand):
    help = (
        "Measure the ranking core on IR test collections (SMART folders: cran, cisi, med, adi, cacm, npl; "
        "or BEIR folders) against a bm25s baseline run alongside: nDCG@10, MAP and Recall@100 per "
        "collection and their mean. Ours is what production ranks: the lexical ranker fused with the "
        "sentence encoder's signal as matchmaking/ranking/fusion_setting.json says. Vectors are cached "
        "in --cache (outside the repository); --json adds per-query nDCG@10 and, when BEIR queries carry "
        "metadata.language, a per-language breakdown. Read-only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="*", help="collection folders (relative ones under --collections-root)"
        )
        parser.add_argument("--collections-root", default="", help="folder the relative PATHs are in")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument(
            "--cache",
            default=str(Path.home() / ".cache/smc-bench/vectors.sqlite"),
            help="SQLite file of sentence vectors by text (created; outside the repository)",
        )
        parser.add_argument("--lexical-only", action="store_true", help="measure the lexical ranker alone")

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
        setting = load_setting()
        encode = None
        if options["lexical_only"]:
            setting = replace(setting, dense=None, dense_weight=0.0, lexical_weight=1.0)
        elif setting.uses_dense:
            from matchmaking.vectors import bench_encoder  # noqa: PLC0415 -- loads the models app

            encode = bench_encoder(options["cache"])
        try:
            report = evaluate_paths(paths, setting=setting, encode=encode)
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
    languages = [
        (row.name, language, figures)
        for row in report.collections
        for language, figures in row.by_language.items()
    ]
    if languages:
        lines.append("")
        lines.append(
            f"{'collection':<12}{'language':>9}{'queries':>8}{'nDCG@10 ours':>14}{'bm25':>8}{'delta':>8}"
        )
        for name, language, figures in languages:
            ours, bm25 = figures["ours"], figures["bm25"]
            lines.append(
                f"{name:<12}{language:>9}{int(figures['queries']):>8}"
                f"{ours:>14.4f}{bm25:>8.4f}{ours - bm25:>+8.4f}"
            )
    return "\n".join(lines)
