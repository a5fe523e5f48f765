import json
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from matchmaking.evaluation import Collection, bm25_baseline, evaluate, load_collection
from matchmaking.fusion_learning import (
    CANDIDATE_SETTINGS,
    CROSS_CANDIDATES,
    ELIGIBILITY_MARGIN,
    V5_DENSE_MODE,
    V5_FEEDBACK_WEIGHTS,
    CrossVerdict,
    choose,
    choose_cross,
    classic_check,
    combine_signals,
    cross_setting,
    dense_runs,
    eligible_cross,
    grid_verdict,
    learned,
    leave_one_collection_out,
    leave_one_language_out,
    lexical_runs,
    mean_of,
    pair_signals,
    v5_lexical_runs,
    v5_setting,
    v5_table,
    v6_runs,
    v6_setting,
    v6_table,
    verdict,
)
from matchmaking.ranking.dense import Encode
from matchmaking.ranking.encoder import ENCODER_NAME
from matchmaking.ranking.fusion import SETTING_FILE, FusionSetting, load_setting
from matchmaking.vectors import bench_encoder


class Command(BaseCommand):
    help = (
        "Choose the text-ranking setting (feedback, dense signal, fusion weights) on judged collections "
        "by the rule in docs/concepts.md (leave-one-collection-out), print every setting's held-out "
        "nDCG@10, and with --write store the chosen one in matchmaking/ranking/fusion_setting.json. "
        "Vectors are cached in --cache (outside the repository)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", help="collection folders (the eight classic ones)")
        parser.add_argument(
            "--cross-language",
            default="",
            metavar="PATH",
            help=(
                "rules v3/v4 instead: learn how pairs across languages are scored on this judged "
                "multilingual BEIR folder (leave-one-language-out), on top of the stored setting"
            ),
        )
        parser.add_argument(
            "--rule",
            choices=[*sorted(CROSS_CANDIDATES), "v5", "v6"],
            default="v4",
            help=(
                "with --cross-language: v3 or v4 (default); without: v5 (feedback weight x dense "
                "weight) or v6 (v5 with the feedback documents from the fused first pass) instead "
                "of rules v1/v2"
            ),
        )
        parser.add_argument("--cache", default=str(Path.home() / ".cache/smc-bench/vectors.sqlite"))
        parser.add_argument("--write", action="store_true", help="write the chosen setting to the package")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--force",
            default="",
            help="learn this setting, not the rule's choice: DENSE,FEEDBACK,LEARNER (e.g. whole,on,grid)",
        )
        parser.add_argument("--output", default="", help="write the setting here instead of the package file")
        parser.add_argument(
            "--check-v5",
            action="store_true",
            help="with --rule v6: count the queries whose w = 0 run differs from rule v5's (should be none)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["cross_language"]:
            self._cross_language(Path(options["cross_language"]), options)
            return
        collections = [load_collection(path) for path in options["paths"]]
        if len(collections) < 2:
            raise CommandError("Leave-one-collection-out needs at least two collections.")
        encode = bench_encoder(options["cache"])
        bm25 = {c.name: evaluate(c, bm25_baseline).ndcg_at_10 for c in collections}
        if options["rule"] in ("v5", "v6"):
            self._rule_v5(collections, bm25, encode, options)
            return
        lexical = {
            feedback: {c.name: lexical_runs(c, feedback=feedback) for c in collections}
            for feedback in (False, True)
        }
        dense = {
            mode: {c.name: dense_runs(c, mode=mode, encode=encode) for c in collections}
            for mode in ("whole", "passages")
        }
        verdicts = []
        for mode, feedback, learner in CANDIDATE_SETTINGS:
            by_collection = {
                c.name: combine_signals(c, lexical[feedback][c.name], dense[mode][c.name] if mode else {})
                for c in collections
            }
            held_out = leave_one_collection_out(
                by_collection, dense=mode, feedback=feedback, learner=learner, bm25=bm25
            )
            verdicts.append(verdict(mode, feedback, learner, held_out, bm25))
        chosen = choose(verdicts)
        if options["force"]:
            mode, feedback, learner = options["force"].split(",")
            wanted = (None if mode == "none" else mode, feedback == "on", learner)
            chosen = next(v for v in verdicts if (v.dense, v.feedback, v.learner) == wanted)
        self._print(verdicts, chosen, bm25, options["json"])
        lexical_weight, dense_weight = learned(
            chosen.learner,
            {
                c.name: combine_signals(
                    c, lexical[chosen.feedback][c.name], dense[chosen.dense][c.name] if chosen.dense else {}
                )
                for c in collections
            },
            bm25,
        )
        setting = FusionSetting(
            feedback=chosen.feedback,
            dense=chosen.dense,
            lexical_weight=round(lexical_weight, 4),
            dense_weight=round(dense_weight, 4),
            learned_on=tuple(c.name for c in collections),
            note=(
                f"manage.py learn_fusion{' --force ' + options['force'] if options['force'] else ''} "
                f"(encoder {ENCODER_NAME}, {chosen.learner}); held-out mean nDCG@10 "
                f"{chosen.mean:.4f}, {'eligible' if chosen.eligible else 'NOT eligible'} "
                f"(worst margin {chosen.worst_margin:+.4f})"
            ),
        )
        self._report_setting(setting, options)

    def _rule_v5(
        self, collections: list[Collection], bm25: dict[str, float], encode: Encode, options: dict[str, Any]
    ) -> None:
        """Rules v5 and v6 (docs/concepts.md): every (f, w) point's nDCG@10 on every collection,
        each collection held out with the point chosen on the other seven; the stored setting
        changes only if the rule is eligible and beats the stored setting's held-out mean by more
        than TIE. v6 differs only in its lexical runs (feedback documents from the fused first
        pass, one run per point)."""
        rule = options["rule"]
        dense = {c.name: dense_runs(c, mode=V5_DENSE_MODE, encode=encode) for c in collections}
        if rule == "v6":
            runs = {c.name: v6_runs(c, dense[c.name]) for c in collections}
            points = {
                point: {c.name: combine_signals(c, runs[c.name][point], dense[c.name]) for c in collections}
                for point in runs[collections[0].name]
            }
            table = v6_table(points)
            setting_of = v6_setting
            if options["check_v5"]:
                self._check_v5(collections, runs, dense)
        else:
            by_f = {
                f: {c.name: combine_signals(c, v5_lexical_runs(c, f), dense[c.name]) for c in collections}
                for f in V5_FEEDBACK_WEIGHTS
            }
            table = v5_table(by_f)
            points = {(f, w): by_f[f] for (f, w) in table}
            setting_of = v5_setting
        outcome = grid_verdict(table, points, bm25, setting_of)
        held_out, names = outcome.held_out, list(bm25)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "bm25s": bm25,
                        "stored_held_out": outcome.stored,
                        "held_out": {
                            n: {"point": held_out[n][0], "ndcg_at_10": held_out[n][1]} for n in names
                        },
                        "table": [
                            {"f": f, "w": w, "ndcg_at_10": row} for (f, w), row in sorted(table.items())
                        ],
                        "final": outcome.final,
                    },
                    indent=2,
                )
            )
        else:
            self.stdout.write(f"{'row':<26}" + "".join(f"{n:>8}" for n in names) + f"{'mean':>8}{'worst':>9}")
            rows = {
                "bm25s": bm25,
                "stored (lexical, fb off)": outcome.stored,
                f"{rule} held out": {n: held_out[n][1] for n in names},
            }
            for label, row in rows.items():
                margin = min(row[n] - (bm25[n] - ELIGIBILITY_MARGIN) for n in names)
                self.stdout.write(
                    f"{label:<26}"
                    + "".join(f"{row[n]:>8.4f}" for n in names)
                    + f"{mean_of(row):>8.4f}"
                    + ("" if label == "bm25s" else f"{margin:>+9.4f}")
                )
            self.stdout.write(
                f"{'fold feedback weight f':<26}" + "".join(f"{held_out[n][0][0]:>8.1f}" for n in names)
            )
            self.stdout.write(
                f"{'fold dense weight w':<26}" + "".join(f"{held_out[n][0][1]:>8.2f}" for n in names)
            )
            self.stdout.write(
                f"{rule} {'eligible' if outcome.eligible else 'NOT eligible'} (worst margin "
                f"{outcome.worst_margin:+.4f}); held-out mean {outcome.mean:.4f} vs stored "
                f"{outcome.stored_mean:.4f} ({outcome.mean - outcome.stored_mean:+.4f}): "
                f"the stored setting {'changes' if outcome.changes else 'does not change'}; "
                f"{rule} on all eight: f={outcome.final[0]}, w={outcome.final[1]}"
            )
        if not outcome.changes:
            if options["write"] or options["output"]:
                self.stdout.write("Nothing written: the rule keeps the stored setting.")
            return
        setting = replace(
            setting_of(outcome.final),
            learned_on=tuple(names),
            note=(
                f"rule {rule}: manage.py learn_fusion --rule {rule} (encoder {ENCODER_NAME}); held-out mean "
                f"nDCG@10 {outcome.mean:.4f} (stored {outcome.stored_mean:.4f}), worst margin "
                f"{outcome.worst_margin:+.4f}; "
                f"refit the cross-language map (rule v4) on top"
            ),
        )
        self._report_setting(setting, options)

    def _check_v5(
        self,
        collections: list[Collection],
        runs: dict[str, dict[tuple[float, float], dict[str, dict[str, float]]]],
        dense: dict[str, dict[str, dict[str, float]]],
    ) -> None:
        """Rule v6, 1.: a point with w = 0 is v5's point exactly; print how many queries' runs
        differ (doc order or a score by more than 1e-9 relative)."""
        for c in collections:
            for f in V5_FEEDBACK_WEIGHTS:
                v5 = v5_lexical_runs(c, f)
                v6 = runs[c.name][(f, 0.0)]
                differ = sum(
                    1
                    for qid in c.queries
                    if list(v5.get(qid, {})) != list(v6.get(qid, {}))
                    or any(
                        abs(v5[qid][d] - v6[qid][d]) > 1e-9 * max(abs(v5[qid][d]), 1.0)
                        for d in v5.get(qid, {})
                    )
                )
                self.stdout.write(
                    f"check v5 = v6 at w = 0: {c.name} f={f}: {differ} of {len(c.queries)} differ"
                )

    def _cross_language(self, path: Path, options: dict[str, Any]) -> None:
        """Rule v3 (docs/concepts.md): candidates A, B, C by leave-one-language-out; the chosen map
        fitted on every query; written over the stored setting with --write."""
        collection = load_collection(path)
        if not collection.query_languages:
            raise CommandError(f"{path}: its queries do not say their language (metadata.language).")
        stored = load_setting()
        # The same-language scoring as stored (rule v6: a dense weight and the fused feedback keep
        # their whole-text signal); with no dense weight, lexical only, as rules v3/v4 measured.
        base = replace(stored, dense=stored.dense if stored.dense_weight > 0 else None, cross_language=None)
        encode = bench_encoder(options["cache"])
        signals = pair_signals(collection, base=base, encode=encode)
        candidates = CROSS_CANDIDATES[options["rule"]]
        verdicts = [leave_one_language_out(signals, candidate, base) for candidate in candidates]
        classic = [load_collection(p) for p in options["paths"]]
        if classic:  # rule v3, 2.: the classic check of every candidate's final setting
            bm25 = {c.name: evaluate(c, bm25_baseline).ndcg_at_10 for c in classic}
            verdicts = [classic_check(v, base, classic, bm25, encode) for v in verdicts]
        else:
            self.stderr.write("No classic collections given: the classic check of rule v3, 2. is skipped.")
        chosen = choose_cross(verdicts)
        self._print_cross(verdicts, chosen, options["json"])
        setting = replace(
            cross_setting(base, chosen.final),
            note=(
                f"{base.note}; rule {options['rule']}: manage.py learn_fusion --cross-language "
                f"{collection.name} (encoder {ENCODER_NAME}): {chosen.candidate.name}, held-out "
                f"non-English nDCG@10 {chosen.non_english:.4f}, English {chosen.by_language.get('en', 0):.4f}"
            ),
        )
        self._report_setting(setting, options)

    def _report_setting(self, setting: FusionSetting, options: dict[str, Any]) -> None:
        """Print the chosen setting; store it with --write (or --output)."""
        self.stdout.write(f"chosen: {json.dumps(setting.as_dict())}")
        if options["write"] or options["output"]:
            target = Path(options["output"]) if options["output"] else SETTING_FILE
            target.write_text(json.dumps(setting.as_dict(), indent=2) + "\n", encoding="utf-8")
            self.stdout.write(f"written to {target}")

    def _print_cross(self, verdicts: list[CrossVerdict], chosen: CrossVerdict, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps([asdict(v) for v in verdicts], indent=2, default=str))
            return
        languages = list(verdicts[0].by_language)
        self.stdout.write(
            f"{'candidate':<22}"
            + "".join(f"{lang:>8}" for lang in languages)
            + f"{'non-en':>8}{'classic':>9}  eligible"
        )
        for v in verdicts:
            mark = "yes" if eligible_cross(v, verdicts[0]) else "no"
            margin = v.classic_margin
            self.stdout.write(
                f"{v.candidate.name:<22}"
                + "".join(f"{v.by_language[lang]:>8.4f}" for lang in languages)
                + f"{v.non_english:>8.4f}{'' if margin is None else f'{margin:+.4f}':>9}"
                + f"  {mark}{'  <- chosen' if v is chosen else ''}"
            )
            if v.classic:
                worst = min(v.classic, key=v.classic.__getitem__)
                self.stdout.write(f"{'':<22}classic worst: {worst} {v.classic[worst]:+.4f} over bm25s - 0.01")

    def _print(self, verdicts: list[Any], chosen: Any, bm25: dict[str, float], as_json: bool) -> None:
        names = list(bm25)
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "bm25s": bm25,
                        "settings": [
                            {
                                "dense": v.dense,
                                "feedback": v.feedback,
                                "learner": v.learner,
                                "mean": v.mean,
                                "worst_margin": v.worst_margin,
                                "held_out": {h.collection: h.ndcg_at_10 for h in v.held_out},
                                "weights": {
                                    h.collection: [h.lexical_weight, h.dense_weight] for h in v.held_out
                                },
                            }
                            for v in verdicts
                        ],
                    },
                    indent=2,
                )
            )
            return
        header = f"{'setting':<31}" + "".join(f"{n:>8}" for n in names) + f"{'mean':>8}{'worst':>8}  eligible"
        self.stdout.write(header)
        self.stdout.write(
            f"{'bm25s':<31}"
            + "".join(f"{bm25[n]:>8.4f}" for n in names)
            + f"{sum(bm25.values()) / len(bm25):>8.4f}"
        )
        for v in verdicts:
            label = f"{v.dense or 'lexical'} fb={'on' if v.feedback else 'off'} {v.learner}"
            held = {h.collection: h.ndcg_at_10 for h in v.held_out}
            mark = " <- chosen" if v is chosen else ""
            self.stdout.write(
                f"{label:<31}"
                + "".join(f"{held[n]:>8.4f}" for n in names)
                + f"{v.mean:>8.4f}{v.worst_margin:>+8.4f}  {'yes' if v.eligible else 'no'}{mark}"
            )
