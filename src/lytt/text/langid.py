"""Language identification: nb / nn / sv / da / en / und.

A linear model (multinomial logistic regression, trained by ``train.py`` on the XED
subtitle lines) scores each word by its own weight plus the weights of its character
1-4-grams; the per-word score vectors are cached, so a text costs one cache lookup and
four additions per word. Norwegian is then split into bokmål and nynorsk by marker words
(written by the Lytt team, below). "und" is returned for text without Latin letters.
Mixed-language text gets the language with the highest summed score (the dominant one).
"""

from __future__ import annotations

import math
from functools import cache

from lytt.text.features import lang_word_features
from lytt.text.modelfiles import load_model
from lytt.text.normalize import Prepared

__all__ = ["LANGS", "detect", "scores"]

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
        nn = nb = 0
        nn_words = nynorsk_words()
        for t in p.tokens:
            if t in nn_words:
                nn += 1
            elif t in NB_ONLY:
                nb += 1
            elif len(t) >= _NN_SUFFIX_MIN and t.endswith(NN_SUFFIXES):
                nn += 1
        if nn > nb:
            return ("nn", round(conf * (nn / (nn + nb)), 4))
        if nn == 0:
            return ("nb", round(conf, 4))
        return ("nb", round(conf * (nb / (nn + nb)), 4))
    except Exception:  # pragma: no cover - never raise
        return ("und", 0.0)
