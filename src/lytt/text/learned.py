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
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
        self.bias: tuple[float, ...] = tuple(map(float, data["bias"]))
        self.weights: dict[str, tuple[float, ...]] = {
            k: tuple(map(float, v)) for k, v in data["weights"].items()
        }
        cr = data["features"].get("char_ngrams")
        self.char_range: tuple[int, int] | None = (int(cr[0]), int(cr[1])) if cr else None
        self.bigrams: bool = bool(data["features"].get("bigrams", True))
        self.use: dict[str, bool] = {k: bool(v) for k, v in data["use"].items()}
        self.any_use = any(self.use.values())
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
        self.word_cache: dict[str, tuple[float, ...]] = {}
        self.bigram_next: dict[str, dict[str, tuple[float, ...]]] = {}
        for name, vec in self.weights.items():
            if name.startswith("b:"):
                a, _, b = name[2:].partition(" ")
                self.bigram_next.setdefault(a, {})[b] = vec
        # the rule features' weight vectors by what produces them, so that run time builds
        # no feature names; (feature, value) -> value * weights, memoised (the values are
        # few: sums of cue weights, and scores rounded to 4 decimals)
        g = self.weights.get
        self.strategy_vec = {lab: g("r:strategy=" + lab) for lab in STRATEGY_LABELS}
        self.need_vec = {lab: g("r:need=" + lab) for lab in NEED_LABELS}
        self.root_vec = {lab: g("r:root=" + lab) for lab in ROOT_LABELS}
        self.churn_high_vec = g("r:churn=high")
        self.question_vec = g("r:question")
        self.exclaim_vec = g("r:exclaim")
        self.negated_return_vec = g("r:negated_return")
        self.scaled_cache: dict[tuple[str, float], tuple[float, ...] | None] = {}
        self.rule_cache: dict[tuple[Any, ...], tuple[float, ...]] = {}

    def scaled(self, name: str, val: float) -> tuple[float, ...] | None:
        """``val`` times the weights of rule feature ``name`` (memoised; None: unweighted)."""
        key = (name, val)
        out = self.scaled_cache.get(key, False)
        if out is not False:
            return out  # type: ignore[return-value]
        vec = self.weights.get(name)
        out = vec if vec is None or val == 1.0 else tuple([val * b for b in vec])
        if len(self.scaled_cache) >= _CACHE_LIMIT:
            self.scaled_cache.clear()
        self.scaled_cache[key] = out
        return out

    def word_vector(self, word: str) -> tuple[float, ...]:
        """The summed weights of a word's features; ``()`` when none has a weight."""
        vec = self.word_cache.get(word)
        if vec is not None:
            return vec
        w = self.weights
        found = [w[n] for n in word_features(word, self.char_range) if n in w]
        out: tuple[float, ...]
        if not found:
            out = ()
        elif len(found) == 1:
            out = found[0]
        else:
            out = tuple(map(sum, zip(*found, strict=True)))
        if len(self.word_cache) >= _CACHE_LIMIT:
            self.word_cache.clear()
        self.word_cache[word] = out
        return out

    def word_vectors(self, words: Iterable[str]) -> list[tuple[float, ...]]:
        """The non-empty word vectors of ``words`` (one C-level dict lookup each)."""
        got = list(map(self.word_cache.get, words))
        if None in got:
            got = list(map(self.word_vector, words))
        return list(filter(None, got))


def _logit(t: float) -> float:
    t = min(max(t, 1e-6), 1 - 1e-6)
    return math.log(t / (1 - t))


@cache
def _model() -> _Model:
    return _Model(load_model(MODEL_NAME))


def raw_scores(folded: Sequence[str], rules: Mapping[str, float]) -> list[float]:
    """The linear score of every output column (``outputs`` in the model file)."""
    m = _model()
    ones: list[tuple[float, ...]] = [m.bias]
    ones += m.word_vectors(set(folded))
    append = ones.append
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


def _rule_vector(
    m: _Model,
    key: tuple[Any, ...],
    scores: TaskScores,
    strategy: str,
    needs: Sequence[str],
    roots: Sequence[str],
    churn_risk: float,
    flags: tuple[bool, bool, bool],
) -> tuple[float, ...]:
    """The bias plus every rule feature but the sentiment score, as one vector, memoised
    under ``key`` (which holds everything the features are made of)."""
    vecs: list[tuple[float, ...]] = [m.bias]
    append = vecs.append
    v = m.strategy_vec.get(strategy)
    if v is not None:
        append(v)
    for task in RULE_TASKS:
        labels = scores.get(task)
        if not labels:
            continue
        for label, ls in labels.items():
            if ls.score:
                v = m.scaled(_name(task, label), min(ls.score, SCORE_CAP) / 2.0)
                if v is not None:
                    append(v)
            if ls.negated:
                v = m.scaled(_name(task, label) + ":neg", min(ls.negated, SCORE_CAP) / 2.0)
                if v is not None:
                    append(v)
    for n in dict.fromkeys(needs):
        v = m.need_vec.get(n)
        if v is not None:
            append(v)
    for r in dict.fromkeys(roots):
        v = m.root_vec.get(r)
        if v is not None:
            append(v)
    if churn_risk:
        v = m.scaled("r:churn_risk", churn_risk)
        if v is not None:
            append(v)
        if churn_risk >= HIGH and m.churn_high_vec is not None:
            append(m.churn_high_vec)
    for flag, v in zip(flags, (m.question_vec, m.exclaim_vec, m.negated_return_vec), strict=True):
        if flag and v is not None:
            append(v)
    out = tuple(map(sum, zip(*vecs, strict=True)))
    if len(m.rule_cache) >= _CACHE_LIMIT:
        m.rule_cache.clear()
    m.rule_cache[key] = out
    return out


def _fast_scores(
    m: _Model,
    p: Prepared,
    distinct: set[str],
    scores: TaskScores,
    sentiment_score: float,
    strategy: str,
    needs: Sequence[str],
    roots: Sequence[str],
    churn_risk: float,
) -> list[float]:
    """``raw_scores(p.folded, rule_features(...))`` without building feature names.

    The bias and the rule features but the sentiment score are one vector, memoised by
    what they are made of (rule outputs take few distinct values); each distinct word,
    each weighted bigram and the sentiment score add one memoised vector; then one column
    sum. The terms are summed in another order than in ``raw_scores``, so the two may
    differ in the last bits (``tests/test_learned_fast.py`` compares them).
    """
    norm = p.norm
    folded = p.folded
    flags = ("?" in norm, "!" in norm, negated_return(folded))
    key: list[Any] = [strategy, churn_risk, flags, tuple(needs), tuple(roots)]
    for task in RULE_TASKS:
        labels = scores.get(task)
        if labels:
            for label, ls in labels.items():
                key += (task, label, ls.score, ls.negated)
    tkey = tuple(key)
    rv = m.rule_cache.get(tkey)
    if rv is None:
        rv = _rule_vector(m, tkey, scores, strategy, needs, roots, churn_risk, flags)
    vecs: list[tuple[float, ...]] = [rv]
    vecs += m.word_vectors(distinct)
    append = vecs.append
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
    if sentiment_score:
        v = m.scaled("r:sentiment", sentiment_score)
        if v is not None:
            append(v)
    return list(map(sum, zip(*vecs, strict=True)))


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
    distinct = set(p.folded)
    if len(distinct) < MIN_WORDS or not m.any_use:
        return strategy, strategy_evidence, needs, roots, churn_risk
    z = _fast_scores(
        m,
        p,
        distinct,
        scores,
        sentiment_score,
        strategy,
        [n for n, _ in needs] if needs else (),
        roots,
        churn_risk,
    )
    if m.use.get("strategy"):
        zs = [z[c] for c in m.strategy_cols]
        best = zs.index(max(zs))  # the first of equal maxima, as max(key=...) gives
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
