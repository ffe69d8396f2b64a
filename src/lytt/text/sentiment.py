"""Sentiment: label (positive/negative/neutral) and score in [-1, 1].

Two parts share one pass of ``features``:

* a VADER-style lexicon pass (``features.lexicon_scan``) with negation ("ikke dårlig",
  "inte särskilt bra", "slet ikke god"), intensifiers/downtoners and contrast ("bra mat,
  men ..." weights the clause after "men" 1.5x and the one before 0.5x), over the
  language's lexicon (Norwegian: Lytt hand-written + AFINN-da; Danish: AFINN-da + hand;
  Swedish: VADER-Swedish + hand; English: AFINN-en + hand; emoticons/emoji in all);
* for Norwegian and Danish, a 3-class linear model trained on NoReC_sentence over
  negation-marked unigrams, bigrams, after-contrast unigrams and the two lexicon sums.

Score = P(positive) - P(negative) for the model; for Swedish/English (no labelled
training text) score = s / sqrt(s^2 + 4) with s the signed lexicon sum.
"""

from __future__ import annotations

import math

from lytt.text.features import lexicon_scan, sentiment_features
from lytt.text.modelfiles import load_model, sentiment_lexicon
from lytt.text.normalize import Prepared

__all__ = ["probabilities", "score", "score_lexicon"]

_MODEL_LANGS = frozenset({"nb", "nn", "da", "no"})
_NEUTRAL_BAND = 0.05
_MODEL_SHARE = 0.7

_W: dict[str, list[float]] | None = None
_M: dict[str, object] = {}


def _load() -> dict[str, list[float]]:
    global _W
    if _W is None:
        m = load_model("sentiment")
        _M.update(m)
        _W = m["weights"]
    return _W


def probabilities(p: Prepared, lang: str = "nb") -> tuple[float, float, float]:
    """(P(negative), P(neutral), P(positive)) from the NoReC-trained model."""
    w = _W if _W is not None else _load()
    f = p.folded
    pos, neg = lexicon_scan(p.tokens, f, sentiment_lexicon(lang))
    return _probs(w, f, pos, neg)


def _probs(
    w: dict[str, list[float]], f: tuple[str, ...], pos: float, neg: float
) -> tuple[float, float, float]:
    b = _M["bias"]
    lp = _M["lex_pos"]
    ln = _M["lex_neg"]
    sc = _M["lex_scale"]
    assert isinstance(b, list) and isinstance(lp, list) and isinstance(ln, list)
    assert isinstance(sc, float)
    pos /= sc
    neg /= sc
    x0 = b[0] + lp[0] * pos + ln[0] * neg
    x1 = b[1] + lp[1] * pos + ln[1] * neg
    x2 = b[2] + lp[2] * pos + ln[2] * neg
    for feat in dict.fromkeys(sentiment_features(f)):  # presence features, first-seen order
        v = w.get(feat)
        if v is not None:
            x0 += v[0]
            x1 += v[1]
            x2 += v[2]
    m = max(x0, x1, x2)
    e0, e1, e2 = math.exp(x0 - m), math.exp(x1 - m), math.exp(x2 - m)
    s = e0 + e1 + e2
    return (e0 / s, e1 / s, e2 / s)


def score_lexicon(p: Prepared, lang: str) -> tuple[str, float]:
    """Lexicon-only sentiment (used for sv/en and as fallback)."""
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


def score(p: Prepared, lang: str) -> tuple[str, float]:
    """(label, score in [-1, 1]) for customer text; never raises.

    nb/nn/da: score = 0.7 (P(pos) - P(neg)) + 0.3 lexicon score; neutral only when the
    model's neutral probability is over 0.5 and |score| < 0.05 (customer feedback is
    rarely neutral, unlike review sentences). sv/en/und: the lexicon score; neutral when
    no lexicon word is present or |score| < 0.05.
    """
    try:
        f = p.folded
        if not f:
            return ("neutral", 0.0)
        lex = sentiment_lexicon(lang)
        pos, neg = lexicon_scan(p.tokens, f, lex)
        if lang not in _MODEL_LANGS:
            return _lex_label(pos, neg)
        w = _W if _W is not None else _load()
        pn, pu, pp = _probs(w, f, pos, neg)
        sc = _MODEL_SHARE * (pp - pn) + (1.0 - _MODEL_SHARE) * _lex_score(pos, neg)
        sc = round(max(-1.0, min(1.0, sc)), 4)
        if pu > 0.5 and abs(sc) < _NEUTRAL_BAND:
            return ("neutral", sc)
        return ("positive", sc) if sc >= 0 else ("negative", sc)
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
