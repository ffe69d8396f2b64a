"""Sentiment: label (positive/negative/neutral) and score in [-1, 1].

Three parts, all built on ``features``:

* a VADER-style lexicon pass (``features.lexicon_scan``) with negation ("ikke dårlig",
  "inte särskilt bra", "slet ikke god"), intensifiers/downtoners and contrast ("bra mat,
  men ..." weights the clause after "men" 1.5x and the one before 0.5x), over the
  language's lexicon (Norwegian: Lytt hand-written + AFINN-da; Danish: AFINN-da + hand;
  Swedish: VADER-Swedish + hand; English: AFINN-en + hand; emoticons/emoji in all);
* a 3-class linear model trained on NoReC_sentence (Norwegian review sentences) over
  negation-marked unigrams, bigrams, after-contrast unigrams and the two lexicon sums;
* the customer-feedback layer: a 3-class linear model trained on the hand-labelled and
  written customer-feedback texts in all five languages (``tests/data``, plus NoReC binary
  sentences at a small weight) over the same presence features, three cues of the text
  ("?", "!", a digit) and the two lexicon sums, plus a fixed prior from the lexicon
  score (which handles negation: "ikke dårlig").

``score()`` = the feedback layer's argmax and P(pos) - P(neg); the NoReC model serves
``probabilities()`` and ``review_label()`` (review sentences). ``score_many`` scores a
batch the same way without building feature names (see ``_feedback_sum``).
"""

from __future__ import annotations

import math
import re
from itertools import pairwise, repeat

import numpy as np

from lytt.text.features import (
    _NEG_SCOPE,
    CONTRAST,
    NEGATORS,
    lexicon_scan,
    sentiment_features,
)
from lytt.text.modelfiles import load_model, sentiment_lexicon
from lytt.text.normalize import Prepared

__all__ = [
    "cue_features",
    "feedback_probabilities",
    "probabilities",
    "review_label",
    "score",
    "score_lexicon",
    "score_many",
]

_NEUTRAL_BAND = 0.05

# Softmax over three classes is shift invariant, so each weight vector (negative, neutral,
# positive) is kept as one complex number: real = positive - negative, imag = neutral -
# negative. A text's logits are then one C-level ``sum`` of complex numbers per model.
_TN: dict[str, complex] | None = None  # NoReC model
_TF: dict[str, complex] = {}  # customer-feedback layer
_M: dict[str, object] = {}
_C: dict[str, complex] = {}  # NoReC bias and lexicon-sum weights, as complex numbers
_FB: list[complex] = []  # feedback layer: bias, lexicon-sum weights, lexicon prior
# The feedback layer's weights with every bigram "a_b" keyed by the pair ("a", "b")
# instead (tokens hold no "_", see normalize, so the split is unique): score_many looks
# bigrams up without building their names.
_TF_KEYED: dict[str | tuple[str, str], complex] = {}
_DIGIT = re.compile(r"\d")
_ZERO = repeat(0j)


def _cx(v: list[float]) -> complex:
    return complex(v[2] - v[0], v[1] - v[0])


def _load() -> dict[str, complex]:
    global _TN
    if _TN is None:
        m = load_model("sentiment")
        _M.update(m)
        fb = m["feedback"]
        _TF.update({k: _cx(v) for k, v in fb["weights"].items()})
        for k, v in _TF.items():
            a, sep, b = k.partition("_")
            _TF_KEYED[(a, b) if sep else k] = v
        sc = m["lex_scale"]  # the lexicon sums enter both models divided by this
        _FB[:] = [_cx(fb["bias"]), _cx(fb["dense"]["lex_pos"]) / sc]
        _FB.append(_cx(fb["dense"]["lex_neg"]) / sc)
        g = fb["lexicon_prior"]  # + g x lexicon score to pos - neg (so + g/2 to neu - neg)
        _FB.append(complex(g, g / 2))
        _C["bias"] = _cx(m["bias"])
        _C["lex_pos"] = _cx(m["lex_pos"])
        _C["lex_neg"] = _cx(m["lex_neg"])
        _TN = {k: _cx(v) for k, v in m["weights"].items()}
    return _TN


def cue_features(norm: str) -> list[str]:
    """Cues of the normalised text that tokens lose: a question, an exclamation, a number
    ("hvor er pakken??", "ventet 45 min")."""
    out = []
    if "?" in norm:
        out.append("#?")
    if "!" in norm:
        out.append("#!")
    if _DIGIT.search(norm) is not None:
        out.append("#num")
    return out


def probabilities(p: Prepared, lang: str = "nb") -> tuple[float, float, float]:
    """(P(negative), P(neutral), P(positive)) from the NoReC-trained model."""
    tn = _TN if _TN is not None else _load()
    f = p.folded
    pos, neg = lexicon_scan(p.tokens, f, sentiment_lexicon(lang))
    sc = _M["lex_scale"]
    assert isinstance(sc, float)
    z = _C["bias"] + _C["lex_pos"] * (pos / sc) + _C["lex_neg"] * (neg / sc)
    z += sum(map(tn.get, dict.fromkeys(sentiment_features(f)), _ZERO))
    return _softmax_cx(z)


def _softmax_cx(z: complex) -> tuple[float, float, float]:
    """(P(negative), P(neutral), P(positive)) for logits (0, z.imag, z.real)."""
    x1, x2 = z.imag, z.real
    m = max(0.0, x1, x2)
    e0, e1, e2 = math.exp(-m), math.exp(x1 - m), math.exp(x2 - m)
    s = e0 + e1 + e2
    return (e0 / s, e1 / s, e2 / s)


def score_lexicon(p: Prepared, lang: str) -> tuple[str, float]:
    """Lexicon-only sentiment (reference figure in the evaluation)."""
    pos, neg = lexicon_scan(p.tokens, p.folded, sentiment_lexicon(lang))
    return _lex_label(pos, neg)


def _lex_score(pos: float, neg: float) -> float:
    s = pos - neg
    return s / math.sqrt(s * s + 4.0)


def _lex_label(pos: float, neg: float) -> tuple[str, float]:
    sc = round(_lex_score(pos, neg), 4)
    if pos + neg == 0.0 or abs(sc) < _NEUTRAL_BAND:
        return ("neutral", sc)
    return ("positive", sc) if sc > 0 else ("negative", sc)


def feedback_probabilities(p: Prepared, lang: str) -> tuple[float, float, float]:
    """(P(negative), P(neutral), P(positive)) of the customer-feedback layer."""
    if _TN is None:
        _load()
    f = p.folded
    pos, neg = lexicon_scan(p.tokens, f, sentiment_lexicon(lang))
    feats = dict.fromkeys(sentiment_features(f))  # presence features
    for cue in cue_features(p.norm):
        feats[cue] = None
    z = _FB[0] + _FB[1] * pos + _FB[2] * neg + sum(map(_TF.get, feats, _ZERO))
    s = pos - neg
    z += _FB[3] * (s / math.sqrt(s * s + 4.0))
    return _softmax_cx(z)


def score(p: Prepared, lang: str) -> tuple[str, float]:
    """(label, score in [-1, 1]) for customer text; never raises.

    Label = the customer-feedback layer's most probable class; score = its
    P(positive) - P(negative) (so a positive label has a positive score).
    """
    try:
        if not p.folded:
            return ("neutral", 0.0)
        qn, qu, qp = feedback_probabilities(p, lang)
        sc = round(max(-1.0, min(1.0, qp - qn)), 4)
        if qu > qp and qu > qn:
            return ("neutral", sc)
        return ("positive", sc) if qp >= qn else ("negative", sc)
    except Exception:  # pragma: no cover - never raise
        return ("neutral", 0.0)


def review_label(p: Prepared, lang: str = "nb") -> str:
    """Argmax of the NoReC 3-class model with each probability divided by the square root
    of its training class prior (the review-sentence reading used for the NoReC 3-class
    evaluation; ``score`` is tuned for customer feedback instead)."""
    try:
        pn, pu, pp = probabilities(p, lang)
    except Exception:  # pragma: no cover - never raise
        return "neutral"
    # divide by sqrt(training class prior): the rarer negative class is not drowned
    # by the frequent neutral one (chosen over no / full prior correction on dev)
    pr = _M["prior"]
    assert isinstance(pr, list)
    pn /= math.sqrt(pr[0])
    pu /= math.sqrt(pr[1])
    pp /= math.sqrt(pr[2])
    if pu >= pp and pu >= pn:
        return "neutral"
    return "positive" if pp >= pn else "negative"


def _feedback_sum(folded: tuple[str, ...]) -> complex:
    """``sum(map(_TF.get, dict.fromkeys(sentiment_features(folded)), _ZERO))``: the
    summed weights of the feedback layer's token features, each counted once, added in
    the same order, with every bigram as a pair of tokens instead of a new string."""
    n = len(folded)
    if n > 1 and NEGATORS.isdisjoint(folded) and CONTRAST.isdisjoint(folded) and "" not in folded:
        # u0, b01, u1, b12, ..., as sentiment_features' fast path lists them
        keys: list[str | tuple[str, str]] = [""] * (2 * n - 1)
        keys[0::2] = folded
        keys[1::2] = pairwise(folded)
    else:
        # the loop of sentiment_features, with pairs for bigrams
        keys = []
        append = keys.append
        neg = 0
        after_contrast = False
        prev = ""
        for t in folded:
            if t in NEGATORS:
                neg = _NEG_SCOPE
                append(t)
            elif t in CONTRAST:
                after_contrast = True
                neg = 0
                append(t)
            else:
                if neg:
                    append("!" + t)
                    neg -= 1
                else:
                    append(t)
                if after_contrast:
                    append("^" + t)
            if prev:
                append((prev, t))
            prev = t
    if len(set(folded)) != n:  # a repeated token repeats features: each counts once
        return sum(filter(None, map(_TF_KEYED.get, dict.fromkeys(keys))), 0j)
    return sum(filter(None, map(_TF_KEYED.get, keys)), 0j)


def score_many(ps: list[Prepared], langs: list[str]) -> list[tuple[str, float]]:
    """``[score(p, lang) ...]`` for a batch: the same labels and scores.

    Per text, the feedback layer's features are summed by ``_feedback_sum`` (weights
    looked up by token and token pair, in the order their names would be listed) and the
    lexicon pass runs; the logits, the softmax and the decision of the whole batch are
    then the same IEEE operations in numpy as in ``score`` (a complex times a float is
    the float times each part, a complex sum the sums of the parts), with ``math.exp``
    and ``round`` mapped over the batch in C.
    """
    try:
        if _TN is None:
            _load()
        tf_get = _TF.get
        lexicons = {lang: sentiment_lexicon(lang) for lang in set(langs)}
        fit = [bool(p.folded) for p in ps]
        feats: list[complex] = []
        pos_neg: list[tuple[float, float]] = []
        for p, lang, ok in zip(ps, langs, fit, strict=True):
            if ok:
                f = p.folded
                z = _feedback_sum(f)
                for cue in cue_features(p.norm):  # listed after the token features
                    z += tf_get(cue, 0j)
                feats.append(z)
                pos_neg.append(lexicon_scan(p.tokens, f, lexicons[lang]))
        if not feats:
            return [("neutral", 0.0)] * len(ps)
        fz = np.array(feats, dtype=np.complex128)
        pn = np.array(pos_neg, dtype=np.float64)
        pos, neg = pn[:, 0], pn[:, 1]
        d = pos - neg
        prior = d / np.sqrt(d * d + 4.0)
        fb0, fb_pos, fb_neg, fb_prior = _FB
        # z = fb0 + fb_pos * pos + fb_neg * neg + feats; z += fb_prior * prior
        x2 = fb0.real + fb_pos.real * pos + fb_neg.real * neg + fz.real
        x2 += fb_prior.real * prior
        x1 = fb0.imag + fb_pos.imag * pos + fb_neg.imag * neg + fz.imag
        x1 += fb_prior.imag * prior
        m = np.maximum(np.maximum(0.0, x1), x2)
        args = np.concatenate([-m, x1 - m, x2 - m]).tolist()
        e0, e1, e2 = np.fromiter(map(math.exp, args), np.float64, len(args)).reshape(3, -1)
        s = e0 + e1 + e2
        qn, qu, qp = e0 / s, e1 / s, e2 / s
        scores = map(round, np.maximum(-1.0, np.minimum(1.0, qp - qn)).tolist(), repeat(4))
        neutral = ((qu > qp) & (qu > qn)).tolist()
        positive = (qp >= qn).tolist()
        got = [
            ("neutral", sc) if nt else ("positive", sc) if po else ("negative", sc)
            for sc, nt, po in zip(scores, neutral, positive, strict=False)
        ]
        if len(got) == len(ps):
            return got
        it = iter(got)
        return [next(it) if ok else ("neutral", 0.0) for ok in fit]
    except Exception:  # pragma: no cover - never raise
        return [score(p, lang) for p, lang in zip(ps, langs, strict=True)]
