"""Emotions: probabilities for Plutchik's eight emotions.

A softmax linear model over word unigrams (one model for all languages, trained by
``train.py`` on the 80% training part of XED with each annotated emotion as a target);
the summed word weights are scaled by 1/sqrt(number of tokens), as in training.
Output: a dict with all eight keys whose values are softmax probabilities summing to 1
(not independent sigmoids). Words without a weight are skipped, so a text costs one dict
lookup per word.
"""

from __future__ import annotations

import math

from lytt.text.modelfiles import load_model
from lytt.text.normalize import Prepared

__all__ = ["EMOTIONS", "predict"]

EMOTIONS = ("anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust")

_W: dict[str, list[float]] | None = None
_B: list[float] = []
_UNIFORM = dict.fromkeys(EMOTIONS, 0.125)


def _load() -> dict[str, list[float]]:
    global _W, _B
    if _W is None:
        m = load_model("emotions")
        _B = list(m["bias"])
        _W = m["weights"]
    return _W


def predict(p: Prepared, lang: str = "") -> dict[str, float]:
    """Softmax probabilities for the eight emotions; never raises."""
    try:
        w = _W if _W is not None else _load()
        toks = p.tokens
        hits = list(filter(None, map(w.get, toks)))  # the weight rows of known words
        if hits:
            k = 1.0 / math.sqrt(len(toks))
            sums = hits[0] if len(hits) == 1 else map(sum, zip(*hits, strict=False))
            x = [b + k * s for b, s in zip(_B, sums, strict=True)]
        elif not toks:
            return dict(_UNIFORM)
        else:
            x = _B
        m = max(x)
        exp = math.exp
        e = [exp(a - m) for a in x]
        s = sum(e)
        return dict(zip(EMOTIONS, [v / s for v in e], strict=True))
    except Exception:  # pragma: no cover - never raise
        return dict(_UNIFORM)
