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
import struct
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from itertools import pairwise, repeat
from operator import lshift, mul
from typing import Any

import numpy as np

from .churn import HIGH, negated_return
from .modelfiles import load_model
from .needs import LABELS as NEED_LABELS
from .normalize import Prepared
from .scoring import TaskScores
from .strategy import LABELS as STRATEGY_LABELS
from .themes import ROOT_CAUSES as ROOT_LABELS

__all__ = [
    "MIN_WORDS",
    "MODEL_NAME",
    "RULE_TASKS",
    "decide",
    "decide_many",
    "disabled",
    "feature_counts",
    "raw_scores",
    "rule_features",
    "word_features",
]

MODEL_NAME = "feedback_learned"
# the rule tasks whose cue scores become features (themes hint at causes: queues -> capacity)
RULE_TASKS = ("strategy", "needs", "root_causes", "churn", "themes")
SCORE_CAP = 4.0
# Texts of fewer distinct words keep the rule decisions: only ~3% of the training texts
# are that short, so the model extrapolates there ("Aldri mer!" came out "none"); on
# grouped held-out data this gate cost 0.003 strategy macro-F1 and nothing elsewhere.
MIN_WORDS = 4
_CACHE_LIMIT = 200_000

# Run time sums weight vectors as packed integers (see _Packing): each weight in fixed
# point with _FRAC fraction bits (exact for every float weight of magnitude >= 2**-20),
# one _LANE-bit lane per output column, so adding two 14-column vectors is one integer
# addition in C, and the sum is exact instead of rounded after every term.
_FRAC = 72
_LANE = 128

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


class _Packing:
    """Weight vectors <-> packed integers, for ``n`` output columns.

    A vector ``(w0, w1, ...)`` becomes ``sum(round_down(wi * 2**_FRAC) << (_LANE * i))``.
    Sums of packed vectors are exact. To read a sum, ``_HALF`` is added to every lane
    (then no lane borrows from the next one, as long as every column's magnitude stays
    below 2**(_LANE - 1 - _FRAC), i.e. 2**55) and the integer is cut into 64-bit words:
    lane i is the pair (high word, low word), which compares as the lane's value plus
    ``_HALF`` does, so decisions compare pairs against thresholds packed the same way.
    """

    HALF = 1 << (_LANE - 1)

    def __init__(self, n: int) -> None:
        self.n = n
        self.offset = sum(self.HALF << (_LANE * i) for i in range(n))
        self.nbytes = n * _LANE // 8
        self.shifts = tuple(_LANE * i for i in range(n))
        self.words = struct.Struct(f"<{2 * n}Q")

    @staticmethod
    def fixed(x: float) -> int:
        return int(x * _SCALE)

    def pack(self, vec: Iterable[float]) -> int:
        """``sum(int(x * 2**_FRAC) << (_LANE * i) for i, x in enumerate(vec))``, in C."""
        return sum(map(lshift, map(int, map(mul, vec, repeat(_SCALE))), self.shifts))

    def lanes(self, packed: int) -> list[tuple[int, int]]:
        """(high, low) 64-bit words of every lane plus ``HALF``, comparable as numbers."""
        u = self.words.unpack((packed + self.offset).to_bytes(self.nbytes, "little"))
        return list(zip(u[1::2], u[0::2], strict=True))

    def threshold(self, x: float) -> tuple[int, int]:
        """``x`` as a lane pair: ``lane >= threshold(x)`` <=> column value >= x."""
        v = math.ceil(x * _SCALE) + self.HALF
        return (v >> 64, v & 0xFFFF_FFFF_FFFF_FFFF)

    def value(self, lane: tuple[int, int]) -> float:
        """A lane pair as a float (within an ulp or two: the high word is exact in a
        float while a column stays below 2**45, the low word is rounded once)."""
        return (lane[0] - _HIGH_HALF) * _HIGH_UNIT + lane[1] * _LOW_UNIT

    def floats(self, packed: int) -> list[float]:
        return [self.value(lane) for lane in self.lanes(packed)]


_SCALE = float(2**_FRAC)
_HIGH_HALF = 1 << 63
_HIGH_UNIT = 2.0 ** (64 - _FRAC)
_LOW_UNIT = 2.0**-_FRAC


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
        self.use_strategy = self.use.get("strategy", False)
        self.use_needs = self.use.get("needs", False)
        self.use_roots = self.use.get("root_causes", False)
        self.use_churn = self.use.get("churn", False)
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
        # run time: every vector packed (see _Packing), memoised
        pk = self.packing = _Packing(len(self.outputs))
        self.bias_packed = pk.pack(self.bias)
        self.need_cuts_packed = [(lab, c, pk.threshold(cut)) for lab, c, cut in self.need_cuts]
        self.root_cuts_packed = [(lab, c, pk.threshold(cut)) for lab, c, cut in self.root_cuts]
        # (first word, second word) -> weights of the bigram (packed)
        self.bigram_packed: dict[tuple[str, str], int] = {}
        for name, vec in self.weights.items():
            if name.startswith("b:"):
                a, _, b = name[2:].partition(" ")
                self.bigram_packed[(a, b)] = pk.pack(vec)
        self.bigram_get = self.bigram_packed.get

        # the rule features' weight vectors (packed; 0 when the model has no weights for
        # one) by what produces them, so that run time builds no feature names
        def packed(name: str) -> int:
            vec = self.weights.get(name)
            return 0 if vec is None else pk.pack(vec)

        self.strategy_packed = {lab: packed("r:strategy=" + lab) for lab in STRATEGY_LABELS}
        self.need_packed = {lab: packed("r:need=" + lab) for lab in NEED_LABELS}
        self.root_packed = {lab: packed("r:root=" + lab) for lab in ROOT_LABELS}
        self.churn_high_packed = packed("r:churn=high")
        self.flag_packed = (packed("r:question"), packed("r:exclaim"), packed("r:negated_return"))
        self.word_cache: dict[str, int] = {}
        self.scaled_cache: dict[tuple[str, float], int] = {}
        self.rule_cache: dict[tuple[Any, ...], int] = {}

    def word_vector(self, word: str) -> tuple[float, ...]:
        """The summed weights of a word's features (unigram and character n-grams)."""
        w = self.weights
        found = [w[n] for n in word_features(word, self.char_range) if n in w]
        if not found:
            return (0.0,) * len(self.outputs)
        return tuple(map(sum, zip(*found, strict=True)))

    def word_packed(self, word: str) -> int:
        out = self.packing.pack(self.word_vector(word))
        if len(self.word_cache) >= _CACHE_LIMIT:
            self.word_cache.clear()
        self.word_cache[word] = out
        return out

    def scaled(self, name: str, val: float) -> int:
        """``val`` times the weights of rule feature ``name``, packed (0 if unweighted)."""
        key = (name, val)
        out = self.scaled_cache.get(key)
        if out is not None:
            return out
        vec = self.weights.get(name)
        out = 0
        if vec is not None:
            out = self.packing.pack(vec if val == 1.0 else map(mul, repeat(val), vec))
        if len(self.scaled_cache) >= _CACHE_LIMIT:
            self.scaled_cache.clear()
        self.scaled_cache[key] = out
        return out


def _logit(t: float) -> float:
    t = min(max(t, 1e-6), 1 - 1e-6)
    return math.log(t / (1 - t))


@cache
def _model() -> _Model:
    return _Model(load_model(MODEL_NAME))


def raw_scores(folded: Sequence[str], rules: Mapping[str, float]) -> list[float]:
    """The linear score of every output column (``outputs`` in the model file), summed
    in floats from the feature names (the reference for the packed run-time path)."""
    m = _model()
    ones: list[tuple[float, ...]] = [m.bias]
    ones += [m.word_vector(word) for word in set(folded)]
    append = ones.append
    w = m.weights
    if m.bigrams:
        for name in sorted(_bigrams(folded)):
            v = w.get(name)
            if v is not None:
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


def _rule_packed(
    m: _Model,
    key: tuple[Any, ...],
    scores: TaskScores,
    strategy: str,
    needs: Sequence[str],
    roots: Sequence[str],
    churn_risk: float,
    flags: tuple[bool, bool, bool],
) -> int:
    """The bias plus every rule feature but the sentiment score, packed, memoised under
    ``key`` (which holds everything those features are made of)."""
    out = m.bias_packed + m.strategy_packed.get(strategy, 0)
    out += sum(m.need_packed.get(n, 0) for n in dict.fromkeys(needs))
    out += sum(m.root_packed.get(r, 0) for r in dict.fromkeys(roots))
    if churn_risk >= HIGH:
        out += m.churn_high_packed
    for flag, v in zip(flags, m.flag_packed, strict=True):
        if flag:
            out += v
    for task in RULE_TASKS:
        labels = scores.get(task)
        if not labels:
            continue
        for label, ls in labels.items():
            if ls.score:
                out += m.scaled(_name(task, label), min(ls.score, SCORE_CAP) / 2.0)
            if ls.negated:
                out += m.scaled(_name(task, label) + ":neg", min(ls.negated, SCORE_CAP) / 2.0)
    if churn_risk:
        out += m.scaled("r:churn_risk", churn_risk)
    if len(m.rule_cache) >= _CACHE_LIMIT:
        m.rule_cache.clear()
    m.rule_cache[key] = out
    return out


def _packed_scores(
    m: _Model,
    p: Prepared,
    distinct: set[str],
    scores: TaskScores,
    sentiment_score: float,
    strategy: str,
    needs: Sequence[str],
    roots: Sequence[str],
    churn_risk: float,
    scores_id: int = 0,
) -> int:
    """``raw_scores(p.folded, rule_features(...))``, packed (see ``_Packing``), without
    building feature names.

    The bias and the rule features but the sentiment score are one packed vector,
    memoised by what they are made of (rule outputs take few distinct values); each
    distinct word, each weighted bigram and the sentiment score add one memoised packed
    vector: a dict lookup and an integer addition each. The sum is exact where
    ``raw_scores`` rounds after every term (``tests/test_learned_fast.py`` compares them).

    ``scores_id``, when not 0, names the content of ``scores`` (``scoring.score_tokens_id``:
    equal ids, equal score values), so the memo key holds it instead of every label's scores.
    """
    norm = p.norm
    folded = p.folded
    flags = ("?" in norm, "!" in norm, negated_return(folded))
    tkey: tuple[Any, ...]
    if scores_id:
        tkey = (scores_id, strategy, churn_risk, flags, tuple(needs), tuple(roots))
    else:
        key: list[Any] = [strategy, churn_risk, flags, tuple(needs), tuple(roots)]
        for task in RULE_TASKS:
            labels = scores.get(task)
            if labels:
                for label, ls in labels.items():
                    key += (task, label, ls.score, ls.negated)
        tkey = tuple(key)
    total = m.rule_cache.get(tkey)
    if total is None:
        total = _rule_packed(m, tkey, scores, strategy, needs, roots, churn_risk, flags)
    try:  # all in C while every word is memoised (a None from a new word stops the sum)
        total = sum(map(m.word_cache.get, distinct), total)  # type: ignore[arg-type]
    except TypeError:
        for w in distinct:
            v = m.word_cache.get(w)
            total += m.word_packed(w) if v is None else v
    if m.bigrams and len(folded) > 1:
        # adjacent pairs, looked up in C; a repeated bigram counts once (no word
        # repeats in most texts, and then no pair does)
        pairs = pairwise(folded) if len(distinct) == len(folded) else set(pairwise(folded))
        total = sum(filter(None, map(m.bigram_get, pairs)), total)
    if sentiment_score:
        total += m.scaled("r:sentiment", sentiment_score)
    return total


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


# The layer may overrule negated-only cues only in a clearly negative text (see below).
NEGATED_CUES_SENTIMENT = -0.5


def _negated_only(scores: TaskScores, label: str, sentiment_score: float) -> bool:
    """True when every rule cue of strategy ``label`` is negated and the text does not read
    as clearly negative ("Betjeningen var ikke frekk i det hele tatt, tvert imot"): the
    rules' negation scope knows what the layer's word features cannot, so the layer may
    not turn such a text into that strategy. On the 4,011 labelled texts the layer chose a
    label with only negated cues 16 times, all correctly and all at sentiment <= -0.85
    ("Vi kommer ikke igen."); the negation cases above sit near 0."""
    ls = scores.get("strategy", {}).get(label)
    return (
        sentiment_score > NEGATED_CUES_SENTIMENT
        and ls is not None
        and not ls.score
        and ls.negated > 0
    )


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
    packed = _packed_scores(
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
    # every column as a pair of integers that compares as its exact value (_Packing)
    z = m.packing.lanes(packed)
    if m.use_strategy:
        zs = [z[c] for c in m.strategy_cols]
        best = zs.index(max(zs))  # the first of equal maxima, as max(key=...) gives
        label = STRATEGY_LABELS[best]
        if label != strategy and not _negated_only(scores, label, sentiment_score):
            strategy_evidence = [] if label == "none" else _evidence(scores, "strategy", label)
            strategy = label
    if m.use_needs:
        ruled = dict(needs)
        needs = [
            (lab, ruled.get(lab) or _evidence(scores, "needs", lab))
            for lab, c, cut in m.need_cuts_packed
            if z[c] >= cut
        ]
    if m.use_roots:
        roots = [lab for lab, c, cut in m.root_cuts_packed if z[c] >= cut]
    if m.use_churn:
        zc = m.packing.value(z[m.churn_col])
        churn_risk = _risk(1.0 / (1.0 + math.exp(-zc)) if zc > -60 else 0.0, m.churn_threshold)
    return strategy, strategy_evidence, needs, roots, churn_risk


def _bits(columns: list[Any]) -> list[int]:
    """Boolean columns (one per label) -> per row the int with bit j set for column j."""
    if not columns:
        return []
    acc = np.zeros(len(columns[0]), dtype=np.int64)
    for j, col in enumerate(columns):
        acc |= col.astype(np.int64) << j
    out: list[int] = acc.tolist()
    return out


@cache
def _label_sets(labels: tuple[str, ...]) -> list[tuple[str, ...]]:
    """For every bit pattern over ``labels``, the labels whose bits are set, in order."""
    return [
        tuple(lab for j, lab in enumerate(labels) if bits >> j & 1)
        for bits in range(1 << len(labels))
    ]


def _risks(zc: Any, threshold: float) -> list[float]:
    """``_risk`` of the logistic of each churn score, element by element as ``decide``
    computes it: the same IEEE operations in numpy, ``math.exp`` and ``round`` in C."""
    # exp(-zc) is only used where zc > -60; the cap keeps math.exp from overflowing
    e = np.fromiter(map(math.exp, np.minimum(-zc, 700.0).tolist()), np.float64, len(zc))
    prob = np.where(zc > -60, 1.0 / (1.0 + e), 0.0)
    r = np.where(
        prob < threshold,
        HIGH * prob / threshold,
        HIGH + (1 - HIGH) * (prob - threshold) / (1 - threshold),
    )
    return list(map(round, np.minimum(1.0, np.maximum(0.0, r)).tolist(), repeat(4)))


# One text's input to decide(): (prepared text, rule scores, sentiment score, strategy,
# strategy evidence, needs with evidence, root causes, churn risk).
DecideArgs = tuple[
    Prepared, TaskScores, float, str, list[str], list[tuple[str, list[str]]], list[str], float
]
Decision = tuple[str, list[str], list[tuple[str, list[str]]], list[str], float]


def decide_many(
    items: Sequence[DecideArgs], scores_ids: Sequence[int] | None = None
) -> list[Decision]:
    """``[decide(*item) for item in items]``, the same decisions, with the comparisons of
    the whole batch in numpy. ``scores_ids``: the ids of the items' scores from
    ``scoring.score_tokens_id`` (see ``_packed_scores``), if known.

    Each text's packed sum is made as in ``decide`` (``_packed_scores``); the batch's
    sums are laid out as bytes into one (texts x 2 * columns) array of 64-bit words, so
    lane i of a text is the pair (word 2i + 1, word 2i) as ``_Packing.lanes`` cuts it.
    The pairs are compared with the packed thresholds, and the strategy's maximum is
    found, with vectorised unsigned comparisons (high word first, then low word): exact,
    as in ``decide``. The churn column becomes a float as ``_Packing.value`` makes it
    (the same IEEE conversions); its logistic and ``_risk`` run per text with ``math``.
    """
    if not _state["enabled"] or not items:
        return [(it[3], it[4], it[5], it[6], it[7]) for it in items]
    try:
        m = _model()
        out: list[Decision] = [(it[3], it[4], it[5], it[6], it[7]) for it in items]
        if not m.any_use:
            return out
        pk = m.packing
        offset = pk.offset
        nbytes = pk.nbytes
        todo: list[int] = []
        blobs: list[bytes] = []
        ids = scores_ids if scores_ids is not None else repeat(0)
        for i, ((p, scores, s_score, strat, _ev, needs, roots, risk), sid) in enumerate(
            zip(items, ids, strict=False)
        ):
            distinct = set(p.folded)
            if len(distinct) < MIN_WORDS:
                continue
            total = _packed_scores(
                m, p, distinct, scores, s_score, strat,
                [n for n, _ in needs] if needs else (), roots, risk, sid,
            )  # fmt: skip
            todo.append(i)
            blobs.append((total + offset).to_bytes(nbytes, "little"))
        if not todo:
            return out
        words = np.frombuffer(b"".join(blobs), dtype="<u8").reshape(len(todo), 2 * pk.n)
        lo, hi = words[:, 0::2], words[:, 1::2]

        def at_least(c: int, cut: tuple[int, int]) -> Any:
            return (hi[:, c] > cut[0]) | ((hi[:, c] == cut[0]) & (lo[:, c] >= cut[1]))

        best = bh = bl = None
        if m.use_strategy:
            c0 = m.strategy_cols[0]
            best = np.zeros(len(todo), dtype=np.intp)
            bh, bl = hi[:, c0], lo[:, c0]
            for j, c in enumerate(m.strategy_cols[1:], 1):
                # strictly greater: the first of equal maxima wins, as in decide
                gt = (hi[:, c] > bh) | ((hi[:, c] == bh) & (lo[:, c] > bl))
                best = np.where(gt, j, best)
                bh = np.where(gt, hi[:, c], bh)
                bl = np.where(gt, lo[:, c], bl)
        best_l = best.tolist() if best is not None else None
        # the needs and root causes of each text as a bit pattern (bit j: the j-th label)
        need_l = root_l = None
        if m.use_needs:
            need_l = _bits([at_least(c, cut) for _l, c, cut in m.need_cuts_packed])
        if m.use_roots:
            root_l = _bits([at_least(c, cut) for _l, c, cut in m.root_cuts_packed])
        churn_l = None
        if m.use_churn:
            c = m.churn_col
            high = (hi[:, c] ^ np.uint64(_HIGH_HALF)).view(np.int64).astype(np.float64)
            zc = high * _HIGH_UNIT + lo[:, c].astype(np.float64) * _LOW_UNIT
            churn_l = _risks(zc, m.churn_threshold)
        need_labels = [lab for lab, _c, _t in m.need_cuts_packed]
        root_sets = _label_sets(tuple(lab for lab, _c, _t in m.root_cuts_packed))
        for k, i in enumerate(todo):
            _p, scores, s_score, strategy, strategy_evidence, needs, roots, churn_risk = items[i]
            if best_l is not None:
                label = STRATEGY_LABELS[best_l[k]]
                if label != strategy and not _negated_only(scores, label, s_score):
                    strategy_evidence = (
                        [] if label == "none" else _evidence(scores, "strategy", label)
                    )
                    strategy = label
            if need_l is not None:
                bits = need_l[k]
                if bits:
                    ruled = dict(needs)
                    needs = [
                        (lab, ruled.get(lab) or _evidence(scores, "needs", lab))
                        for j, lab in enumerate(need_labels)
                        if bits >> j & 1
                    ]
                else:
                    needs = []
            if root_l is not None:
                roots = list(root_sets[root_l[k]])
            if churn_l is not None:
                churn_risk = churn_l[k]
            out[i] = (strategy, strategy_evidence, needs, roots, churn_risk)
        return out
    except Exception:  # pragma: no cover - the one-text path, with its own guards
        return [decide(*it) for it in items]
