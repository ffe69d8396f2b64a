"""Emotions: probabilities for Plutchik's eight emotions.

A softmax linear model over word unigrams (one model for all languages, trained by
``train.py`` on the 80% training part of XED with each annotated emotion as a target);
the summed word weights are scaled by 1/sqrt(number of tokens), as in training.
Output: a dict with all eight keys whose values are softmax probabilities summing to 1
(not independent sigmoids). Words without a weight are skipped, so a text costs one dict
lookup per word. ``predict_many`` does the same for a batch of texts with numpy (the
same floats, see there).
"""

from __future__ import annotations

import math
from itertools import repeat

import numpy as np
import numpy.typing as npt

from lytt.text.batching import PAD_MAX, flat, merge_back, row_sums
from lytt.text.modelfiles import load_model
from lytt.text.normalize import Prepared

__all__ = ["EMOTIONS", "predict", "predict_many"]

EMOTIONS = ("anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust")

_W: dict[str, list[float]] | None = None
_B: list[float] = []
_UNIFORM = dict.fromkeys(EMOTIONS, 0.125)
# for predict_many: word -> row of _MAT (row 0 is zeros, for words without weights)
_ROW: dict[str, int] = {}
_MAT: npt.NDArray[np.float64] = np.zeros((1, len(EMOTIONS)))
_BIAS: npt.NDArray[np.float64] = np.zeros(len(EMOTIONS))


def _load() -> dict[str, list[float]]:
    global _W, _B, _MAT, _BIAS
    if _W is None:
        m = load_model("emotions")
        _B = list(m["bias"])
        w: dict[str, list[float]] = m["weights"]
        _ROW.update((word, i) for i, word in enumerate(w, 1))
        _MAT = np.array([[0.0] * len(EMOTIONS), *w.values()], dtype=np.float64)
        _BIAS = np.array(_B, dtype=np.float64)
        _W = w
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


def predict_many(ps: list[Prepared]) -> list[dict[str, float]]:
    """``[predict(p) for p in ps]``, the same floats, with the per-token work in numpy.

    The weight rows of all texts' words are summed per text by ``batching.row_sums``
    (in token order, as ``predict`` sums them); scaling, the maximum and the division
    are the same IEEE operations element by element. ``math.exp`` is kept (mapped over
    the batch in C): numpy's vectorised ``exp`` differs from it in the last bit for some
    inputs. Texts without tokens or longer than ``PAD_MAX`` tokens take ``predict``.
    """
    try:
        if _W is None:
            _load()
        fit = [0 < len(p.tokens) <= PAD_MAX for p in ps]
        batch = [p for p, ok in zip(ps, fit, strict=True) if ok]
        if not batch:
            return [predict(p) for p in ps]
        toks = [p.tokens for p in batch]
        lens = list(map(len, toks))
        sums = row_sums(_MAT, map(_ROW.get, flat(toks), repeat(0)), lens)
        k = 1.0 / np.sqrt(np.array(lens, dtype=np.float64))
        x = _BIAS + k[:, None] * sums
        d = x - x.max(axis=1, keepdims=True)
        e = np.fromiter(map(math.exp, d.ravel().tolist()), np.float64, d.size).reshape(d.shape)
        tot = e[:, 0].copy()  # summed column by column, in order, as sum() does
        for j in range(1, len(EMOTIONS)):
            tot += e[:, j]
        got = [dict(zip(EMOTIONS, r, strict=False)) for r in (e / tot[:, None]).tolist()]
        return merge_back(got, ps, fit, predict)
    except Exception:  # pragma: no cover - never raise
        return [predict(p) for p in ps]
