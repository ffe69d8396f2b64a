"""The learned layer over the rules: strategy, needs, root causes and churn.

The rules (``strategy``, ``needs``, ``themes``, ``churn``) were written from our own
labelled texts and generalise worse than they score on them. This layer is a linear model
(``models/feedback_learned.json``, trained by ``python -m lytt.text.train_feedback``) over

* the folded words of the text (``prepare(text).folded``): unigrams, bigrams and, per
  distinct word, character n-grams (spelling- and compound-tolerant), and
* the rule engine's own outputs: its strategy label, every cue score per task and label,
  the needs and root causes it reports, its churn risk, and the sentiment score,

so it learns from labelled text when to trust the rules. Strategy is one multinomial
model; each need, each root cause and churn are one-vs-rest binary models with a
threshold tuned on grouped held-out predictions. The model file says, per task, whether
the learned decision replaces the rule decision (``use``): only where it beat the rules on
held-out sets the rules were never tuned on.

Evidence still comes from the rules: the words the lexicons matched for the label the
model chose (an empty list when no cue of that label matched).

Cost per text: the weights of a word (its unigram and character n-grams summed) are
looked up once per process and memoised, so a text costs one dict lookup per distinct
word and per bigram, plus a column sum over those vectors.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from itertools import pairwise
from typing import Any

from .churn import HIGH, negated_return
from .modelfiles import load_model
from .normalize import Prepared
from .scoring import TaskScores

__all__ = [
    "MIN_WORDS",
    "MODEL_NAME",
    "RULE_TASKS",
    "decide",
    "disabled",
    "feature_counts",
    "raw_scores",
    "rule_features",
    "word_features",
]

MODEL_NAME = "feedback_learned"
STRATEGY_LABELS = ("irritation", "passivity", "relation", "none")
NEED_LABELS = ("confirmation", "control", "influence")
ROOT_LABELS = (
    "system_error",
    "growing_pains",
    "insufficient_training",
    "misunderstanding",
    "under_capacity",
    "unclarified_expectations",
)
# the rule tasks whose cue scores become features (themes hint at causes: queues -> capacity)
RULE_TASKS = ("strategy", "needs", "root_causes", "churn", "themes")
SCORE_CAP = 4.0
# Texts of fewer distinct words keep the rule decisions: only ~3% of the training texts
# are that short, so the model extrapolates there ("Aldri mer!" came out "none"); on
# grouped held-out data this gate cost 0.003 strategy macro-F1 and nothing elsewhere.
MIN_WORDS = 4
_CACHE_LIMIT = 200_000

_state = {"enabled": True}


@contextmanager
def disabled() -> Iterator[None]:
    """Run the rules alone (for evaluation and for training the layer itself)."""
    from .analysis import cache_clear  # analysis imports this module

    old = _state["enabled"]
    _state["enabled"] = False
    cache_clear()
    try:
        yield
    finally:
        _state["enabled"] = old
        cache_clear()


# --- features (shared by training and run time) ------------------------------------------


def word_features(word: str, char_range: Sequence[int] | None) -> list[str]:
    """Feature names of one distinct folded word: the word and its character n-grams."""
    out = ["w:" + word]
    if char_range and len(word) >= 3 and word.isalpha():
        lo, hi = char_range
        padded = "<" + word + ">"
        grams = {padded[i : i + n] for n in range(lo, hi + 1) for i in range(len(padded) - n + 1)}
        out.extend("c:" + g for g in sorted(grams))
    return out


def _bigrams(folded: Sequence[str]) -> set[str]:
    return {"b:" + a + " " + b for a, b in pairwise(folded)}


@cache
def _name(task: str, label: str) -> str:
    return f"r:{task}:{label}"


def rule_features(
    p: Prepared,
    scores: TaskScores,
    sentiment_score: float,
    strategy: str,
    needs: Sequence[str],
    roots: Sequence[str],
    churn_risk: float,
) -> dict[str, float]:
    """The rule engine's view of a text, as named feature values."""
    f: dict[str, float] = {"r:strategy=" + strategy: 1.0}
    for task in RULE_TASKS:
        labels = scores.get(task)
        if not labels:
            continue
        for label, ls in labels.items():
            if ls.score:
                f[_name(task, label)] = min(ls.score, SCORE_CAP) / 2.0
            if ls.negated:
                f[_name(task, label) + ":neg"] = min(ls.negated, SCORE_CAP) / 2.0
    for n in needs:
        f["r:need=" + n] = 1.0
    for r in roots:
        f["r:root=" + r] = 1.0
    if churn_risk:
        f["r:churn_risk"] = churn_risk
    if churn_risk >= HIGH:
        f["r:churn=high"] = 1.0
    if sentiment_score:
        f["r:sentiment"] = sentiment_score
    norm = p.norm
    if "?" in norm:
        f["r:question"] = 1.0
    if "!" in norm:
        f["r:exclaim"] = 1.0
    if negated_return(p.folded):
        f["r:negated_return"] = 1.0
    return f


def feature_counts(
    folded: Sequence[str], rules: Mapping[str, float] | None, char_range: Sequence[int] | None
) -> dict[str, float]:
    """Every feature of a text with its value, exactly as :func:`raw_scores` sums them.

    Word features are summed over the *distinct* words (a character n-gram shared by two
    different words counts twice); bigrams count once; rule features keep their values.
    (Dividing word features by the square root of the number of words was tried: lower
    held-out macro-F1 for strategy and needs at every C tried.)
    """
    f: dict[str, float] = {}
    for w in set(folded):
        for name in word_features(w, char_range):
            f[name] = f.get(name, 0.0) + 1.0
    for name in _bigrams(folded):
        f[name] = 1.0
    if rules:
        f.update(rules)
    return f


# --- the shipped model ---------------------------------------------------------------------


class _Model:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.outputs: list[str] = list(data["outputs"])
        self.bias: tuple[float, ...] = tuple(data["bias"])
        self.weights: dict[str, tuple[float, ...]] = {
            k: tuple(v) for k, v in data["weights"].items()
        }
        cr = data["features"].get("char_ngrams")
        self.char_range: tuple[int, int] | None = (int(cr[0]), int(cr[1])) if cr else None
        self.bigrams: bool = bool(data["features"].get("bigrams", True))
        self.use: dict[str, bool] = {k: bool(v) for k, v in data["use"].items()}
        col = {name: i for i, name in enumerate(self.outputs)}
        self.strategy_cols = [col["strategy:" + lab] for lab in STRATEGY_LABELS]
        thr: dict[str, float] = data["thresholds"]
        # decide on the linear score: p >= t  <=>  z >= logit(t)
        self.need_cuts = [
            (lab, col["needs:" + lab], _logit(thr["needs:" + lab])) for lab in NEED_LABELS
        ]
        self.root_cuts = [
            (lab, col["root_causes:" + lab], _logit(thr["root_causes:" + lab]))
            for lab in ROOT_LABELS
        ]
        self.churn_col = col["churn:high"]
        self.churn_threshold = float(thr["churn:high"])
        self.word_cache: dict[str, tuple[float, ...] | None] = {}
        self.bigram_next: dict[str, dict[str, tuple[float, ...]]] = {}
        for name, vec in self.weights.items():
            if name.startswith("b:"):
                a, _, b = name[2:].partition(" ")
                self.bigram_next.setdefault(a, {})[b] = vec

    def word_vector(self, word: str) -> tuple[float, ...] | None:
        vec = self.word_cache.get(word, False)
        if vec is not False:
            return vec  # type: ignore[return-value]
        w = self.weights
        found = [w[n] for n in word_features(word, self.char_range) if n in w]
        out: tuple[float, ...] | None
        if not found:
            out = None
        elif len(found) == 1:
            out = found[0]
        else:
            out = tuple(map(sum, zip(*found, strict=True)))
        if len(self.word_cache) >= _CACHE_LIMIT:
            self.word_cache.clear()
        self.word_cache[word] = out
        return out


def _logit(t: float) -> float:
    t = min(max(t, 1e-6), 1 - 1e-6)
    return math.log(t / (1 - t))


@cache
def _model() -> _Model:
    return _Model(load_model(MODEL_NAME))


def raw_scores(folded: Sequence[str], rules: Mapping[str, float]) -> list[float]:
    """The linear score of every output column (``outputs`` in the model file)."""
    m = _model()
    cache = m.word_cache
    ones: list[tuple[float, ...]] = [m.bias]
    append = ones.append
    for word in set(folded):
        v = cache.get(word, False)
        if v is False:
            v = m.word_vector(word)
        if v is not None:
            append(v)  # type: ignore[arg-type]
    w = m.weights
    if m.bigrams and len(folded) > 1:
        # first word -> second word -> weights: most words start no weighted bigram, so
        # they cost one lookup and no string building; a repeated bigram counts once
        nxt = m.bigram_next
        seen: set[tuple[str, str]] | None = None
        for a, b in pairwise(folded):
            d = nxt.get(a)
            if d is not None:
                v = d.get(b)
                if v is not None:
                    if seen is None:
                        seen = set()
                    if (a, b) in seen:
                        continue
                    seen.add((a, b))
                    append(v)
    scaled: list[tuple[float, tuple[float, ...]]] = []
    for name, val in rules.items():
        v = w.get(name)
        if v is not None:
            if val == 1.0:
                append(v)
            else:
                scaled.append((val, v))
    z: list[float] = [float(x) for x in map(sum, zip(*ones, strict=True))]
    for val, v in scaled:
        z = [a + val * b for a, b in zip(z, v, strict=True)]
    return z


def _evidence(scores: TaskScores, task: str, label: str) -> list[str]:
    ls = scores.get(task, {}).get(label)
    return list(ls.evidence) if ls is not None else []


def _risk(prob: float, threshold: float) -> float:
    """Map the churn probability so that the tuned threshold lands on ``HIGH`` (0.5)."""
    if prob < threshold:
        r = HIGH * prob / threshold
    else:
        r = HIGH + (1 - HIGH) * (prob - threshold) / (1 - threshold)
    return round(min(1.0, max(0.0, r)), 4)


def decide(
    p: Prepared,
    scores: TaskScores,
    sentiment_score: float,
    strategy: str,
    strategy_evidence: list[str],
    needs: list[tuple[str, list[str]]],
    roots: list[str],
    churn_risk: float,
) -> tuple[str, list[str], list[tuple[str, list[str]]], list[str], float]:
    """Revise the rule decisions with the learned model where it is switched on.

    Takes and returns (strategy, strategy evidence, needs with evidence, root causes,
    churn risk). Returns the rule decisions unchanged when the layer is disabled.
    """
    if not _state["enabled"]:
        return strategy, strategy_evidence, needs, roots, churn_risk
    m = _model()
    if not any(m.use.values()) or len(set(p.folded)) < MIN_WORDS:
        return strategy, strategy_evidence, needs, roots, churn_risk
    rules = rule_features(
        p, scores, sentiment_score, strategy, [n for n, _ in needs], roots, churn_risk
    )
    z = raw_scores(p.folded, rules)
    if m.use.get("strategy"):
        best = max(range(len(STRATEGY_LABELS)), key=lambda i: z[m.strategy_cols[i]])
        label = STRATEGY_LABELS[best]
        if label != strategy:
            strategy_evidence = [] if label == "none" else _evidence(scores, "strategy", label)
            strategy = label
    if m.use.get("needs"):
        ruled = dict(needs)
        needs = [
            (lab, ruled.get(lab) or _evidence(scores, "needs", lab))
            for lab, c, cut in m.need_cuts
            if z[c] >= cut
        ]
    if m.use.get("root_causes"):
        roots = [lab for lab, c, cut in m.root_cuts if z[c] >= cut]
    if m.use.get("churn"):
        zc = z[m.churn_col]
        prob = 1.0 / (1.0 + math.exp(-zc)) if zc > -60 else 0.0
        churn_risk = _risk(prob, m.churn_threshold)
    return strategy, strategy_evidence, needs, roots, churn_risk
