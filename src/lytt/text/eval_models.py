"""Evaluate the statistical models of ``lytt.text`` on the dev data.

    python -m lytt.text.eval_models --data ../shared/data

Prints, per task and language: accuracy, macro-F1 and a confusion matrix.
* sentiment: NoReC_sentence dev (binary and 3-class);
* language id and emotions: the fixed 20% of the XED train files that ``train.py`` holds
  out (SHA-1 of the line, ``train.in_holdout``) -- never trained on; emotions are compared
  with a char 1-4-gram logistic regression trained on the same 80% in this run;
* sentiment and language id on the *dev* split of the hand-labelled customer-feedback set
  (``tests/data/feedback_labelled.jsonl``; the sentiment layer is trained on it, so that
  figure is in-sample);
* the customer-feedback sentiment layer on grouped held-out data: leave one source (file
  set) out and leave one group (split or file) out, beside the previous rule.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from lytt.text import emotions, langid, sentiment
from lytt.text.features import lexicon_scan
from lytt.text.modelfiles import sentiment_lexicon
from lytt.text.normalize import prepare
from lytt.text.train import (
    EMOTIONS,
    FEEDBACK_NOREC_WEIGHT,
    LANGS,
    LEX_FOR_LANG,
    SENT_CLASSES,
    feedback_features,
    fit_feedback,
    in_holdout,
    norec_feedback_rows,
    predict_feedback,
    read_feedback,
    read_norec,
    read_xed,
)


def _report(title: str, gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> None:
    n = len(gold)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / max(n, 1)
    f1s = []
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    recs = []
    for lab in labels:
        m = sum(g == lab for g in gold)
        if m:
            recs.append(sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True)) / m)
    bal = sum(recs) / len(recs) if recs else 0.0
    print(f"\n## {title}  (n={n})")
    print(f"accuracy {acc:.3f}  macro-F1 {sum(f1s) / len(f1s):.3f}  balanced-acc {bal:.3f}")
    pred_labels = list(labels) + sorted({p for p in pred} - set(labels))
    print("gold \\ pred".ljust(14) + "".join(p[:9].rjust(10) for p in pred_labels))
    for g in labels:
        row = [
            sum(1 for a, b in zip(gold, pred, strict=True) if a == g and b == p)
            for p in pred_labels
        ]
        print(g[:13].ljust(14) + "".join(str(c).rjust(10) for c in row))


def eval_sentiment(data: Path) -> None:
    rows = read_norec(data, "3class", "dev")
    gold = [lab for _t, lab in rows]
    pred = [sentiment.review_label(prepare(t), "nb") for t, _l in rows]
    _report(
        "sentiment NoReC_sentence 3-class dev (review_label: model argmax)",
        gold,
        pred,
        ["negative", "neutral", "positive"],
    )
    pred = [sentiment.score(prepare(t), "nb")[0] for t, _l in rows]
    _report(
        "sentiment NoReC_sentence 3-class dev (score(): customer-feedback rule)",
        gold,
        pred,
        ["negative", "neutral", "positive"],
    )
    rows = read_norec(data, "binary", "dev")
    gold = [lab for _t, lab in rows]
    pred = []
    for t, _l in rows:
        pn, _pu, pp = sentiment.probabilities(prepare(t), "nb")
        pred.append("positive" if pp >= pn else "negative")
    _report(
        "sentiment NoReC_sentence binary dev (sign of P(pos)-P(neg))",
        gold,
        pred,
        ["negative", "positive"],
    )
    pred = []
    for t, _l in rows:
        _lab, s = sentiment.score_lexicon(prepare(t), "nb")
        pred.append("positive" if s >= 0 else "negative")
    _report(
        "sentiment NoReC_sentence binary dev, lexicon only (reference)",
        gold,
        pred,
        ["negative", "positive"],
    )


def eval_langid(data: Path) -> None:
    gold, pred = [], []
    per: dict[str, tuple[list[str], list[str]]] = {}
    for lang in LANGS:
        for text, _labs in read_xed(data, lang):
            if not in_holdout(text):
                continue
            code, _c = langid.detect(prepare(text))
            code = "no" if code in ("nb", "nn") else code
            gold.append(lang)
            pred.append(code)
            g, p = per.setdefault(lang, ([], []))
            g.append(lang)
            p.append(code)
    _report(
        "language id, XED held-out 20% (no/sv/da/en; nb+nn counted as no)", gold, pred, list(LANGS)
    )
    for lang, (g, p) in per.items():
        acc = sum(a == b for a, b in zip(g, p, strict=True)) / len(g)
        print(f"  {lang}: accuracy {acc:.3f} (n={len(g)})")


def _char_baseline(train: list[tuple[str, list[int]]]):  # type: ignore[no-untyped-def]
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, y = [], []
    for t, labs in train:
        for lab in labs:
            texts.append(t)
            y.append(lab)
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), min_df=2, sublinear_tf=True)
    x = vec.fit_transform(texts)
    clf = LogisticRegression(C=1.0, max_iter=2000).fit(x, np.asarray(y))
    return vec, clf


def eval_emotions(data: Path, baseline: bool) -> None:
    train_all: list[tuple[str, list[int]]] = []
    held: dict[str, list[tuple[str, list[int]]]] = {}
    for lang in LANGS:
        for text, labs in read_xed(data, lang):
            if in_holdout(text):
                held.setdefault(lang, []).append((text, labs))
            else:
                train_all.append((text, labs))
    base = _char_baseline(train_all) if baseline else None
    print("\n## emotions, XED held-out 20%: top emotion is one of the annotated ones")
    print("lang      n   lytt  char-LR(same 80%)  target anchor")
    anchors = {"no": 0.357, "sv": 0.393, "da": 0.354, "en": 0.446}
    for lang in LANGS:
        rows = held[lang]
        hit = 0
        gold1, pred1 = [], []
        for text, labs in rows:
            probs = emotions.predict(prepare(text), lang)
            top = max(EMOTIONS, key=probs.__getitem__)
            hit += EMOTIONS.index(top) in labs
            gold1.append(EMOTIONS[labs[0]])
            pred1.append(top)
        bhit = 0.0
        if base is not None:
            vec, clf = base
            tops = clf.predict(vec.transform([t for t, _l in rows]))
            bhit = sum(int(tp) in labs for tp, (_t, labs) in zip(tops, rows, strict=True)) / len(
                rows
            )
        print(
            f"{lang}  {len(rows):6d}  {hit / len(rows):.3f}  {bhit:.3f}              {anchors[lang]:.3f}"
        )
    # one confusion matrix (first annotated label vs top) over all languages for shape
    gold, pred = [], []
    for lang in LANGS:
        for text, labs in held[lang]:
            probs = emotions.predict(prepare(text), lang)
            top = max(EMOTIONS, key=probs.__getitem__)
            gold.append(EMOTIONS[labs[0]] if EMOTIONS.index(top) not in labs else top)
            pred.append(top)
    _report(
        "emotions, all languages (gold = predicted if annotated, else first annotated)",
        gold,
        pred,
        list(EMOTIONS),
    )


def eval_feedback(path: Path) -> None:
    if not path.exists():
        return
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    rows = [r for r in rows if r.get("split") == "dev"]
    gold, pred, lg, lp = [], [], [], []
    per: dict[str, list[bool]] = {}
    for r in rows:
        p = prepare(r["text"])
        code, _c = langid.detect(p)
        lab, _s = sentiment.score(p, code)
        gold.append(r["sentiment"])
        pred.append(lab)
        lg.append(r["language"])
        lp.append(code)
        per.setdefault(r["language"], []).append(lab == r["sentiment"])
    labels = sorted(set(gold))
    _report(
        "sentiment, hand-labelled customer feedback (dev split; IN-SAMPLE: the feedback layer"
        " is trained on it, see the grouped figures below)",
        gold,
        pred,
        labels,
    )
    for lang, oks in sorted(per.items()):
        print(f"  {lang}: accuracy {sum(oks) / len(oks):.3f} (n={len(oks)})")
    polar = [(g, p) for g, p in zip(gold, pred, strict=True) if g in ("positive", "negative")]
    if polar:
        ok = sum(g == p for g, p in polar)
        print(
            f"  binary (gold positive/negative only): accuracy {ok / len(polar):.3f} (n={len(polar)})"
        )
    _report("language id, hand-labelled customer feedback (dev split)", lg, lp, sorted(set(lg)))


def previous_score(text: str, lang: str) -> str:
    """The sentiment rule shipped before the customer-feedback layer (reference only):
    nb/nn/da 0.7 (P(pos) - P(neg)) of the NoReC model + 0.3 lexicon score, neutral only
    when P(neutral) > 0.5 and |score| < 0.05; sv/en the lexicon label."""
    p = prepare(text)
    if not p.folded:
        return "neutral"
    if lang not in ("nb", "nn", "da"):
        return sentiment.score_lexicon(p, lang)[0]
    pos, neg = lexicon_scan(p.tokens, p.folded, sentiment_lexicon(lang))
    pn, pu, pp = sentiment.probabilities(p, lang)
    s = pos - neg
    sc = 0.7 * (pp - pn) + 0.3 * s / (s * s + 4.0) ** 0.5
    if pu > 0.5 and abs(sc) < 0.05:
        return "neutral"
    return "positive" if sc >= 0 else "negative"


def eval_feedback_grouped(data: Path) -> None:
    """The customer-feedback sentiment layer on texts it was not trained on: for each
    source (file set) or each group (split or file), train on all the others (+ the NoReC
    binary rows, as in training) and predict it; the shipped layer is trained on all of
    them, so its own figure on them is in-sample."""
    rows = read_feedback()
    if not rows:
        return
    lexicons = {code: sentiment_lexicon(code) for code in set(LEX_FOR_LANG.values())}
    feats, dense, y = feedback_features(rows, lexicons)
    nf, nd, ny = feedback_features(norec_feedback_rows(data), lexicons)
    nw = [FEEDBACK_NOREC_WEIGHT] * len(ny)
    gold = [SENT_CLASSES[i] for i in y]
    prev = []
    for r in rows:
        p = prepare(r["text"])
        prev.append(previous_score(r["text"], langid.detect(p)[0]))
    for key in ("source", "group"):
        pred = [""] * len(rows)
        for g in sorted({r[key] for r in rows}):
            tr = [i for i, r in enumerate(rows) if r[key] != g]
            model = fit_feedback(
                [feats[i] for i in tr] + nf,
                [dense[i] for i in tr] + nd,
                [y[i] for i in tr] + ny,
                [1.0] * len(tr) + nw,
            )
            for i, r in enumerate(rows):
                if r[key] == g:
                    pr = predict_feedback(model, feats[i], dense[i])
                    pred[i] = SENT_CLASSES[max(range(3), key=pr.__getitem__)]
        _report(
            f"sentiment, customer feedback, leave one {key} out (feedback layer, gold language)",
            gold,
            pred,
            list(SENT_CLASSES),
        )
        _breakdown(rows, gold, pred, prev, key)
    _report(
        "sentiment, customer feedback, previous rule (reference)", gold, prev, list(SENT_CLASSES)
    )


def _breakdown(
    rows: Sequence[dict[str, object]],
    gold: Sequence[str],
    pred: Sequence[str],
    prev: Sequence[str],
    key: str,
) -> None:
    for field in ("language", key):
        per: dict[str, list[tuple[bool, bool]]] = {}
        for r, g, p, q in zip(rows, gold, pred, prev, strict=True):
            per.setdefault(str(r[field]), []).append((g == p, g == q))
        print(
            f"  per {field} (held out / previous rule): "
            + "  ".join(
                f"{k} {sum(a for a, _ in v) / len(v):.2f}/{sum(b for _, b in v) / len(v):.2f}"
                for k, v in sorted(per.items())
            )
        )
    polar = [(g, p) for g, p in zip(gold, pred, strict=True) if g != "neutral"]
    ok = sum(g == p for g, p in polar)
    print(f"  binary (gold positive/negative): accuracy {ok / len(polar):.3f} (n={len(polar)})")


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Evaluate lytt.text models on dev data")
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--no-baseline", action="store_true", help="skip the char n-gram LR baseline")
    ap.add_argument(
        "--only", choices=["sentiment", "langid", "emotions", "feedback", "grouped"], default=None
    )
    args = ap.parse_args(argv)
    here = Path(__file__).resolve().parent
    if args.only in (None, "sentiment"):
        eval_sentiment(args.data)
    if args.only in (None, "langid"):
        eval_langid(args.data)
    if args.only in (None, "emotions"):
        eval_emotions(args.data, baseline=not args.no_baseline)
    if args.only in (None, "feedback"):
        eval_feedback(here / "tests" / "data" / "feedback_labelled.jsonl")
    if args.only in (None, "grouped"):
        eval_feedback_grouped(args.data)


if __name__ == "__main__":
    main()
