"""Evaluate the rule tasks on the hand-labelled feedback set.

    python -m lytt.text.eval_feedback [--split dev|holdout|all] [--errors TASK]

Then (unless ``--no-grouped``) the grouped held-out evaluation of the learned layer
(``train_feedback.grouped_report``): leave blind7+blind8, each writer's set and each
tuned set out in turn, train on the rest, and score rules alone, learned alone and
learned + rule features on the left-out texts. Those are the honest figures; the per-split
figures below include texts the learned layer was trained on.

Prints, for the dev and holdout splits separately: per task accuracy and macro-F1 (for the
multi-label tasks needs/themes/root causes: per-label F1 and their macro average, and
exact-set accuracy), accuracy per language, and a confusion matrix for the single-label
tasks (sentiment, strategy, churn). Churn is evaluated as high (risk >= 0.5) vs low.

The set lives in ``tests/data/feedback_labelled.jsonl`` and was labelled by the definitions
in docs/text-rules.md before the rules were tuned; rules were tuned on "dev" only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from importlib import resources
from typing import Any

from . import learned
from .analysis import Analysis, analyze
from .churn import HIGH
from .needs import LABELS as NEED_LABELS
from .strategy import LABELS as STRATEGY_LABELS
from .themes import ROOT_CAUSES, THEMES

__all__ = ["Report", "evaluate", "load_labelled", "main"]

SINGLE = {
    "sentiment": ("negative", "neutral", "positive"),
    "strategy": STRATEGY_LABELS,
    "churn": ("high", "low"),
}
MULTI = {"needs": NEED_LABELS, "themes": THEMES, "root_causes": ROOT_CAUSES}
LANGS = ("nb", "nn", "sv", "da", "en")


def load_labelled(name: str = "feedback_labelled.jsonl") -> list[dict[str, Any]]:
    """Rows of a labelled set in ``tests/data`` (``feedback_blind.jsonl`` is the blind set)."""
    ref = resources.files("lytt.text").joinpath("tests", "data", name)
    rows = []
    for line in ref.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows


def predicted(a: Analysis) -> dict[str, Any]:
    return {
        "language": a.language,
        "sentiment": a.sentiment,
        "strategy": a.strategy,
        "churn": "high" if a.churn_risk >= HIGH else "low",
        "needs": [n for n, _ in a.needs],
        "themes": list(a.themes),
        "root_causes": list(a.root_causes),
    }


def _f1(tp: int, fp: int, fn: int) -> float:
    if tp == 0:
        return 0.0 if (fp or fn) else 1.0
    p = tp / (tp + fp)
    r = tp / (tp + fn)
    return 2 * p * r / (p + r)


@dataclass
class TaskResult:
    accuracy: float
    macro_f1: float
    per_label_f1: dict[str, float]
    per_language_accuracy: dict[str, float]
    confusion: dict[str, dict[str, int]] | None
    n: int


Report = dict[str, TaskResult]


def _single(
    gold: Sequence[str], pred: Sequence[str], langs: Sequence[str], labels: Sequence[str]
) -> TaskResult:
    conf: dict[str, dict[str, int]] = {g: dict.fromkeys(labels, 0) for g in labels}
    for g, p in zip(gold, pred, strict=True):
        conf.setdefault(g, dict.fromkeys(labels, 0))
        conf[g][p] = conf[g].get(p, 0) + 1
    per: dict[str, float] = {}
    present = [lab for lab in labels if lab in set(gold)]
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        per[lab] = _f1(tp, fp, fn)
    macro = sum(per[lab] for lab in present) / len(present) if present else 0.0
    acc = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / max(1, len(gold))
    return TaskResult(acc, macro, per, _per_lang(gold, pred, langs), conf, len(gold))


def _per_lang(gold: Sequence[Any], pred: Sequence[Any], langs: Sequence[str]) -> dict[str, float]:
    tot: Counter[str] = Counter()
    ok: Counter[str] = Counter()
    for g, p, lang in zip(gold, pred, langs, strict=True):
        tot[lang] += 1
        ok[lang] += int(g == p)
    return {lang: ok[lang] / tot[lang] for lang in LANGS if tot[lang]}


def _multi(
    gold: Sequence[list[str]],
    pred: Sequence[list[str]],
    langs: Sequence[str],
    labels: Sequence[str],
) -> TaskResult:
    per: dict[str, float] = {}
    present = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if lab in g and lab in p)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if lab not in g and lab in p)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if lab in g and lab not in p)
        per[lab] = _f1(tp, fp, fn)
        if tp + fn:
            present.append(lab)
    macro = sum(per[lab] for lab in present) / len(present) if present else 0.0
    gs = [sorted(g) for g in gold]
    ps = [sorted(p) for p in pred]
    acc = sum(1 for g, p in zip(gs, ps, strict=True) if g == p) / max(1, len(gold))
    return TaskResult(acc, macro, per, _per_lang(gs, ps, langs), None, len(gold))


def evaluate(rows: Sequence[dict[str, Any]]) -> Report:
    preds = [predicted(analyze(r["text"])) for r in rows]
    langs = [r["language"] for r in rows]
    report: Report = {}
    report["language"] = _single(
        [r["language"] for r in rows], [p["language"] for p in preds], langs, LANGS
    )
    for task, labels in SINGLE.items():
        report[task] = _single([r[task] for r in rows], [p[task] for p in preds], langs, labels)
    for task, labels in MULTI.items():
        report[task] = _multi([r[task] for r in rows], [p[task] for p in preds], langs, labels)
    return report


def _print(name: str, rep: Report, out: Any) -> None:
    print(f"\n=== {name} ===", file=out)
    for task, res in rep.items():
        langs = " ".join(f"{k}={v:.2f}" for k, v in res.per_language_accuracy.items())
        print(
            f"{task:<12} n={res.n:<4} acc={res.accuracy:.3f} macro-F1={res.macro_f1:.3f}  [{langs}]",
            file=out,
        )
        if task in MULTI:
            print(
                "   per-label F1: "
                + ", ".join(f"{k}={v:.2f}" for k, v in res.per_label_f1.items()),
                file=out,
            )
        if res.confusion is not None and task != "language":
            labels = list(res.confusion)
            print("   confusion (rows gold, cols predicted): " + " | ".join(labels), file=out)
            for g in labels:
                print(
                    f"     {g:<11} " + " ".join(f"{res.confusion[g].get(p, 0):>5}" for p in labels),
                    file=out,
                )


def _errors(rows: Sequence[dict[str, Any]], task: str, out: Any) -> None:
    for r in rows:
        p = predicted(analyze(r["text"]))
        g = r[task]
        if (sorted(g) if isinstance(g, list) else g) != (
            sorted(p[task]) if isinstance(p[task], list) else p[task]
        ):
            print(f"{r['id']:<9} gold={g} pred={p[task]} :: {r['text']}", file=out)


BLIND_SPLITS = ("blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m lytt.text.eval_feedback", description=__doc__)
    ap.add_argument(
        "--split",
        choices=("dev", "holdout", *BLIND_SPLITS, "all", "both"),
        default="both",
        help="both = dev, holdout and every blind set, each reported separately",
    )
    ap.add_argument("--errors", metavar="TASK", help="list dev-split errors for one task")
    ap.add_argument(
        "--rules-only",
        action="store_true",
        help="per-split figures of the rules without the learned layer",
    )
    ap.add_argument(
        "--no-grouped",
        action="store_true",
        help="skip the grouped held-out evaluation of the learned layer (needs scikit-learn)",
    )
    args = ap.parse_args(argv)
    rows = load_labelled()
    if args.errors:
        _errors([r for r in rows if r["split"] == "dev"], args.errors, sys.stdout)
        return 0
    splits = ("dev", "holdout", *BLIND_SPLITS) if args.split == "both" else (args.split,)
    what = "rules alone" if args.rules_only else "shipped analysis; learned layer trained on these"
    with learned.disabled() if args.rules_only else nullcontext():
        for sp in splits:
            if sp in BLIND_SPLITS:
                sel = [r for r in load_labelled("feedback_blind.jsonl") if r["split"] == sp]
            else:
                sel = rows if sp == "all" else [r for r in rows if r["split"] == sp]
            _print(
                f"hand-labelled feedback, split={sp} ({len(sel)} texts; {what})",
                evaluate(sel),
                sys.stdout,
            )
    if not args.no_grouped and args.split == "both":
        # the honest figures: every fold's texts left out of training (train_feedback.py)
        from . import train_feedback

        train_feedback.grouped_report(print)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
