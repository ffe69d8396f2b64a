"""Language identification: nb / nn / sv / da / en / und.

A linear model (multinomial logistic regression, trained by ``train.py`` on the XED
subtitle lines) scores each word by its own weight plus the weights of its character
1-4-grams; the per-word score vectors are cached, so a text costs one cache lookup and
four additions per word. Norwegian is then split into bokmål and nynorsk by marker words
(written by the Lytt team, below). "und" is returned for text without Latin letters.
Mixed-language text gets the language with the highest summed score (the dominant one).
``detect_many`` gives the same results for a batch of texts, with the per-token sums in
numpy.
"""

from __future__ import annotations

import math
import threading
from functools import cache
from itertools import repeat

import numpy as np
import numpy.typing as npt

from lytt.text.batching import PAD_MAX, flat, merge_back, row_sums
from lytt.text.features import lang_word_features
from lytt.text.modelfiles import load_model
from lytt.text.normalize import Prepared

__all__ = ["LANGS", "detect", "detect_many", "scores"]

LANGS = ("nb", "nn", "sv", "da", "en", "und")

# Nynorsk markers (forms that are not bokmål) and their bokmål counterparts.
NN_MARKERS = frozenset(
    [
        "eg",
        "ikkje",
        "kva",
        "korleis",
        "kvifor",
        "kven",
        "kvar",
        "kvart",
        "frå",
        "noko",
        "nokon",
        "nokre",
        "berre",
        "dei",
        "vore",
        "hjå",
        "ein",
        "eit",
        "ho",
        "mykje",
        "heilt",
        "fekk",
        "vart",
        "veit",
        "seier",
        "meir",
        "sjølv",
        "då",
        "saman",
        "fleire",
        "kome",
        "gjere",
        "vere",
        "heile",
        "eitt",
        "hennar",
        "deira",
        "desse",
        "sidan",
        "utan",
        "inkje",
        "ingenting",
        "kjem",
        "gjekk",
        "visst",
        "medan",
        "enno",
        "vel",
        "òg",
        "og",
        "au",
        "synest",
        "tykkjer",
        "korkje",
        "verkeleg",
        "skikkeleg",
        "eigentleg",
        "venleg",
        "dårleg",
        "hyggeleg",
        "nydeleg",
        "heilt",
        "lite",
        "nokså",
        "fylgje",
        "fylgjer",
        "likar",
        "vart",
        "vorte",
        "blitt",
        "vere",
        "mange",
        "mykje",
        "meg",
        "deg",
        "seg",
        "oss",
        "dykk",
        "ver",
        "venta",
        "ventar",
        # added 2026-11-23 (standard nynorsk forms missed in the feedback texts)
        "ope",
        "heim",
        "gong",
        "gongen",
        "betre",
        "ei",
        "no",
        "reint",
        "dykkar",
        "sjå",
        "difor",
        "framifrå",
        "mogleg",
        "veke",
        "veker",
        "måndag",
        "tysdag",
        "laurdag",
        "sundag",
        "eingong",
        "verte",
        "vert",
        "stadfesting",
        "tilrådast",
    ]
)
# nynorsk endings (bokmål -lig/-ene): "mogleg", "venlege", "tidlegare", "prisane"
NN_SUFFIXES = ("leg", "lege", "legare", "legast", "legvis", "ane")
_NN_SUFFIX_MIN = 6
NB_MARKERS = frozenset(
    [
        "jeg",
        "ikke",
        "hva",
        "hvordan",
        "hvorfor",
        "hvem",
        "hvor",
        "hvert",
        "fra",
        "noe",
        "noen",
        "noen",
        "bare",
        "de",
        "våre",
        "hos",
        "en",
        "et",
        "hun",
        "mye",
        "helt",
        "fikk",
        "ble",
        "vet",
        "sier",
        "mer",
        "selv",
        "sammen",
        "flere",
        "komme",
        "gjøre",
        "være",
        "hele",
        "ett",
        "hennes",
        "deres",
        "disse",
        "siden",
        "uten",
        "ingenting",
        "kommer",
        "gikk",
        "mens",
        "ennå",
        "også",
        "synes",
        "verken",
        "virkelig",
        "egentlig",
        "vennlig",
        "dårlig",
        "hyggelig",
        "nydelig",
        "liker",
        "blitt",
        "dere",
        "venter",
    ]
)
# Words that are spelled the same in both: they must not count for either side.
_SHARED = NN_MARKERS & NB_MARKERS
NN_ONLY = NN_MARKERS - _SHARED - {"og", "vel", "mange", "meg", "deg", "seg", "oss", "lite"}
NB_ONLY = NB_MARKERS - _SHARED - {"de", "en", "et"}
_NN_BOOST = 1.5  # added to the "no" logit per nynorsk marker (XED has little nynorsk)


@cache
def nynorsk_words() -> frozenset[str]:
    """Words that count for nynorsk in the bokmål/nynorsk split: the markers above and the
    nynorsk-only forms of ``models/nynorsk.json`` (``train_nynorsk``), less the bokmål
    markers."""
    return (NN_ONLY | frozenset(load_model("nynorsk")["words"])) - NB_ONLY


_W: dict[str, list[float]] | None = None
_B: tuple[float, ...] = ()
_CLASSES: tuple[str, ...] = ()


def _load() -> dict[str, list[float]]:
    global _W, _B, _CLASSES
    if _W is None:
        m = load_model("langid")
        _B = tuple(m["bias"])
        _CLASSES = tuple(m["classes"])
        _W = m["weights"]
    return _W


_VEC_MEMO: dict[str, tuple[float, float, float, float]] = {}
_VEC_MEMO_MAX = 200_000


def _word_vec(word: str) -> tuple[float, float, float, float]:
    """Summed weights of a word's features (memoised)."""
    v = _VEC_MEMO.get(word)
    if v is not None:
        return v
    w = _W if _W is not None else _load()
    a = b = c = d = 0.0
    for f in lang_word_features(word):
        fv = w.get(f)
        if fv is not None:
            a += fv[0]
            b += fv[1]
            c += fv[2]
            d += fv[3]
    v = (a, b, c, d)
    if len(_VEC_MEMO) < _VEC_MEMO_MAX:
        _VEC_MEMO[word] = v
    return v


_LATIN_MAX = "ɏ"


def scores(p: Prepared) -> dict[str, float]:
    """Softmax probabilities over no/sv/da/en (empty dict when there is nothing to judge)."""
    try:
        if _W is None:
            _load()
        memo = _VEC_MEMO
        vecs = []
        n_other = nn = 0
        for t in p.tokens:
            v = memo.get(t)
            if v is None:
                ch = t[0]
                if not ch.isalpha():
                    continue
                if ch > _LATIN_MAX:
                    n_other += 1
                    continue
                v = _word_vec(t)
            vecs.append(v)
            if t in NN_ONLY:
                nn += 1
        if not vecs or n_other > len(vecs):
            return {}
        tot: list[float] = [
            x + y for x, y in zip(_B, map(sum, zip(*vecs, strict=False)), strict=True)
        ]
        a, b, c, d = tot
        a += _NN_BOOST * nn
        m = max(a, b, c, d)
        ea, eb, ec, ed = math.exp(a - m), math.exp(b - m), math.exp(c - m), math.exp(d - m)
        s = ea + eb + ec + ed
        return dict(zip(_CLASSES, (ea / s, eb / s, ec / s, ed / s), strict=True))
    except Exception:  # pragma: no cover - never raise
        return {}


def detect(p: Prepared) -> tuple[str, float]:
    """(language code, confidence 0..1); "und" with confidence 1.0 when undecidable."""
    try:
        probs = scores(p)
        if not probs:
            return ("und", 1.0)
        best = max(probs, key=probs.__getitem__)
        conf = probs[best]
        if best != "no":
            return (best, round(conf, 4))
        nn = nb = 0.0
        for t in p.tokens:
            a, b = _side(t)
            nn += a
            nb += b
        return _norwegian(conf, nn, nb)
    except Exception:  # pragma: no cover - never raise
        return ("und", 0.0)


_NN_SIDE = (1.0, 0.0)
_NB_SIDE = (0.0, 1.0)
_NO_SIDE = (0.0, 0.0)


def _side(t: str) -> tuple[float, float]:
    """How a token counts in the bokmål/nynorsk split, as (nynorsk, bokmål): the nynorsk
    words (markers and the word list), then the bokmål markers, then nynorsk endings."""
    if t in nynorsk_words():
        return _NN_SIDE
    if t in NB_ONLY:
        return _NB_SIDE
    if len(t) >= _NN_SUFFIX_MIN and t.endswith(NN_SUFFIXES):
        return _NN_SIDE
    return _NO_SIDE


def _norwegian(conf: float, nn: float, nb: float) -> tuple[str, float]:
    """nn or nb for a text the model calls Norwegian with confidence ``conf``, from its
    counts of nynorsk and bokmål words; the confidence is scaled by the winning share."""
    if nn > nb:
        return ("nn", round(conf * (nn / (nn + nb)), 4))
    if nn == 0:
        return ("nb", round(conf, 4))
    return ("nb", round(conf * (nb / (nn + nb)), 4))


# --- detect_many: a batch at a time ----------------------------------------------------
# Every token seen gets a row of _TOK_MAT (row 0 is zeros): its four class weights as
# scores() sums them (zeros for a token scores() skips), 1 if scores() keeps it as a word,
# 1 if it is a word in another script, 1 if it is a kept nynorsk marker (the logit
# boost), and 1 in the column of the side detect() counts it for when splitting "no".
_N_COLS = 9
_ID: dict[str, int] = {}
_TOK_MAT: npt.NDArray[np.float64] = np.zeros((1024, _N_COLS))
_used = [1]  # rows of _TOK_MAT in use (row 0 is the zero row)
# the table grows and starts over while batches run: a batch takes its ids and sums its
# rows under this lock, so no thread sees an id before its row is written
_TOK_LOCK = threading.Lock()


def _token_row(t: str) -> tuple[float, ...]:
    v = _VEC_MEMO.get(t)
    kept = other = 0.0
    if v is not None:
        kept = 1.0
    elif not t[0].isalpha():
        v = (0.0, 0.0, 0.0, 0.0)
    elif t[0] > _LATIN_MAX:
        v = (0.0, 0.0, 0.0, 0.0)
        other = 1.0
    else:
        v = _word_vec(t)
        kept = 1.0
    nn_only = t in NN_ONLY  # the logit boost: hand-written markers only, as in scores()
    return (*v, kept, other, 1.0 if kept and nn_only else 0.0, *_side(t))


def _ids(tokens: list[str]) -> list[int]:
    """Row ids of tokens, adding rows for tokens not seen before (bounded: past
    ``_VEC_MEMO_MAX`` rows the table starts over, before the batch)."""
    global _TOK_MAT
    ids = list(map(_ID.get, tokens))
    if None not in ids:
        return ids  # type: ignore[return-value]  # None is not in it
    if _used[0] + len(tokens) > _VEC_MEMO_MAX:
        _ID.clear()
        _used[0] = 1
        ids = [None] * len(tokens)
    new: list[tuple[float, ...]] = []
    start = n = _used[0]
    for i, t in enumerate(tokens):
        if ids[i] is None:
            k = _ID.get(t)
            if k is None:
                k = _ID[t] = n
                n += 1
                new.append(_token_row(t))
            ids[i] = k
    if n > len(_TOK_MAT):
        grown = np.zeros((max(n, 2 * len(_TOK_MAT)), _N_COLS))
        grown[:start] = _TOK_MAT[:start]
        _TOK_MAT = grown
    _TOK_MAT[start:n] = new
    _used[0] = n
    return ids  # type: ignore[return-value]  # all filled in above


def detect_many(ps: list[Prepared]) -> list[tuple[str, float]]:
    """``[detect(p) for p in ps]``, the same results, with the per-token sums in numpy.

    ``batching.row_sums`` sums each text's token rows (see ``_token_row``) in token order,
    as ``scores()`` sums its word vectors, so the logits are the same floats; the softmax
    and the choice run over the whole batch with the same IEEE operations (``math.exp``
    kept), and the bokmål/nynorsk split per text as in ``detect``. Texts longer than
    ``PAD_MAX`` tokens take ``detect``.
    """
    try:
        if _W is None:
            _load()
        fit = [len(p.tokens) <= PAD_MAX for p in ps]
        batch = [p for p, ok in zip(ps, fit, strict=True) if ok]
        if not batch:
            return [detect(p) for p in ps]
        toks = [p.tokens for p in batch]
        with _TOK_LOCK:
            ids = _ids(list(flat(toks)))
            sums = row_sums(_TOK_MAT, ids, list(map(len, toks)))
        # the softmax of every text at once, the same IEEE operations as scores() element
        # by element; math.exp mapped over the batch in C (see emotions.predict_many)
        b0, b1, b2, b3 = _B
        a = b0 + sums[:, 0] + _NN_BOOST * sums[:, 6]
        logits = np.stack([a, b1 + sums[:, 1], b2 + sums[:, 2], b3 + sums[:, 3]])
        shifted = logits - logits.max(axis=0)
        e = np.fromiter(map(math.exp, shifted.ravel().tolist()), np.float64, shifted.size)
        e = e.reshape(shifted.shape)
        total = e[0] + e[1]  # summed in order, as scores() does
        total += e[2]
        total += e[3]
        probs = e / total
        confs = probs.max(axis=0).tolist()
        best = [_CLASSES[i] for i in probs.argmax(axis=0).tolist()]  # the first of equal maxima
        got = [
            ("und", 1.0) if not kept or other > kept
            else (lang, rounded) if lang != "no"
            else _norwegian(conf, nn, nb)
            for (kept, other, nn, nb), lang, conf, rounded in zip(
                sums[:, [4, 5, 7, 8]].tolist(), best, confs, map(round, confs, repeat(4)),
                strict=True,
            )
        ]  # fmt: skip
        return merge_back(got, ps, fit, detect)
    except Exception:  # pragma: no cover - never raise
        return [detect(p) for p in ps]
