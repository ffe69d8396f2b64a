"""Feature extraction shared by training (``train.py``) and run time.

Everything here is pure Python on ``Prepared`` tokens; the same functions build the
training matrices and score texts at run time, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

__all__ = [
    "CONTRAST",
    "DOWNTONERS",
    "INTENSIFIERS",
    "NEGATORS",
    "Lexicon",
    "lang_word_features",
    "lexicon_scan",
    "sentiment_features",
    "sentiment_keys",
]

# All keys are ``fold()``-ed (see normalize.fold): "ikke" -> "ike", "særlig" -> "sarlig".
NEGATORS = frozenset(
    {
        # nb / nn / da
        "ike", "ikje", "ik", "aldri", "aldrig", "ingen", "inga", "intet", "inkje", "uten",
        "uden", "utan", "hverken", "korken", "verken", "nei", "nej", "mangler", "manglet",
        # sv
        "inte", "icke", "int", "inget", "ej", "varken", "saknar", "saknades",
        # en
        "not", "no", "never", "nothing", "without", "nor", "neither", "don't", "doesn't",
        "didn't", "isn't", "wasn't", "aren't", "weren't", "won't", "can't", "cannot",
        "couldn't", "wouldn't", "shouldn't", "haven't", "hasn't", "hadn't", "dont",
        "didnt", "isnt", "wasnt", "cant", "wont", "lack", "lacked", "lacking",
    }
)  # fmt: skip
INTENSIFIERS: Mapping[str, float] = {
    # nb / nn / da
    "veldig": 1.4, "svart": 1.4, "kjempe": 1.5, "utrolig": 1.5, "helt": 1.3, "hel": 1.2,
    "sykt": 1.5, "mega": 1.5, "super": 1.5, "skikelig": 1.4, "skikkelig": 1.4,
    "ekstremt": 1.6, "ekstra": 1.2, "meget": 1.4, "rigtig": 1.4, "virkelig": 1.4,
    "vildt": 1.5, "sarlig": 1.2, "sarleg": 1.2, "srlig": 1.2, "sa": 1.2, "fantastisk": 1.3, "totalt": 1.4,
    "mykje": 1.3, "mye": 1.3, "hamrende": 1.5, "sinsykt": 1.6, "ufatelig": 1.5,
    # sv
    "valdigt": 1.4, "mycket": 1.4, "jatte": 1.5, "otroligt": 1.5, "riktigt": 1.4,
    "sarskilt": 1.2, "extremt": 1.6, "galet": 1.4, "hemskt": 1.4, "verkligen": 1.4,
    "enormt": 1.5, "grymt": 1.5, "sjukt": 1.5,
    # en
    "very": 1.4, "really": 1.4, "so": 1.3, "extremely": 1.6, "incredibly": 1.5,
    "totaly": 1.4, "absolutely": 1.5, "particularly": 1.2, "especially": 1.2,
    "quite": 1.1, "too": 1.2, "utterly": 1.5, "terribly": 1.4, "awfully": 1.4,
}  # fmt: skip
DOWNTONERS: Mapping[str, float] = {
    "litt": 0.6, "lite": 0.6, "noe": 0.8, "noko": 0.8, "ganske": 0.8, "nokso": 0.8,
    "lidt": 0.6, "nogenlunde": 0.6, "lagom": 0.7, "nagot": 0.8, "ganska": 0.8,
    "relativt": 0.8, "slightly": 0.6, "somewhat": 0.7, "bit": 0.7, "fairly": 0.8,
    "rather": 0.8, "kinda": 0.7, "pretty": 0.9, "delvis": 0.7,
}  # fmt: skip
CONTRAST = frozenset(
    {"men", "but", "however", "likevel", "likevael", "allikevel", "ellers", "dog", "fast",
     "although", "though", "yet", "tross", "trots", "alikevel", "imidlertid", "derimot",
     "anyway", "samtidig", "bortsett"}
)  # fmt: skip

_NEG_SCOPE = 3
NEGATED_CONTENT = 0.6
# function words that do not carry the complaint after a negator ("ikke noe å klage på")
_FUNCTION = frozenset(
    [
        "noe",
        "noko",
        "nogen",
        "noget",
        "nagot",
        "nagon",
        "anything",
        "any",
        "a",
        "an",
        "the",
        "i",
        "to",
        "of",
        "for",
        "at",
        "og",
        "och",
        "and",
        "det",
        "den",
        "de",
        "that",
        "it",
        "this",
        "er",
        "ar",
        "is",
        "are",
        "was",
        "var",
        "har",
        "have",
        "has",
        "hade",
        "had",
        "jeg",
        "eg",
        "jag",
        "je",
        "you",
        "du",
        "me",
        "mig",
        "meg",
        "vi",
        "we",
        "they",
        "dei",
        "dem",
        "de",
        "so",
        "sa",
        "alt",
        "all",
        "allt",
        "alls",
        "helt",
        "heilt",
        "just",
        "bare",
        "berre",
        "bara",
        "only",
        "even",
        "engang",
        "ein",
        "en",
        "et",
        "eit",
        "ett",
        "one",
        "mer",
        "meir",
        "mere",
        "more",
        "ga",
    ]
)


def lang_word_features(word: str) -> list[str]:
    """Language-id features of one lowercased (unfolded) word: the word itself and the
    character 1- to 4-grams of ``<word>`` (words longer than 24 chars are cut)."""
    w = word[:24]
    padded = "<" + w + ">"
    n = len(padded)
    feats = ["w:" + w]
    for k in (1, 2, 3, 4):
        for i in range(n - k + 1):
            g = padded[i : i + k]
            if g != "<" and g != ">":
                feats.append(g)
    return feats


def sentiment_features(folded: Sequence[str]) -> list[str]:
    """Token features for the learned sentiment model: unigrams (prefixed ``!`` inside a
    negation scope of three tokens after a negator), bigrams ``a_b`` and ``^``+first token
    after a contrast word (``men``, ``but`` ...) so the model can weight the second clause."""
    return sentiment_keys(folded)


def sentiment_keys(folded: Sequence[str], pairs: bool = False) -> list[Any]:
    """``sentiment_features`` in the same order; with ``pairs`` each bigram is the tuple
    ``(a, b)`` instead of the string ``a_b`` (``sentiment.score_many`` looks weights up by
    token pair without building the strings)."""
    n = len(folded)
    if n > 1 and NEGATORS.isdisjoint(folded) and CONTRAST.isdisjoint(folded) and "" not in folded:
        # no negator and no contrast word (most texts): unigram, bigram, unigram, ... built
        # with C-level list operations; the same list as the loop below
        feats: list[Any] = [""] * (2 * n - 1)
        feats[0::2] = folded
        feats[1::2] = pairwise(folded) if pairs else map("_".join, pairwise(folded))
        return feats
    feats = []
    append = feats.append
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
            append((prev, t) if pairs else prev + "_" + t)
        prev = t
    return feats


class Lexicon:
    """A sentiment lexicon with two keys per entry: the exact lowercased word and its
    ``fold()`` key. The folded key is only tried for ASCII tokens that are not common
    words (``common``), so "darlig" finds "dårlig" but "stod" never finds "stöd"."""

    __slots__ = ("common", "exact", "folded", "memo")

    def __init__(
        self, exact: Mapping[str, float], folded: Mapping[str, float], common: frozenset[str]
    ) -> None:
        self.exact = exact
        self.folded = folded
        self.common = common
        # token -> (its key, what lexicon_scan does with it), see _token_role
        self.memo: dict[str, tuple[str, int, float]] = {}

    def get(self, tok: str, key: str) -> float | None:
        v = self.exact.get(tok)
        if v is None and tok.isascii() and tok not in self.common:
            v = self.folded.get(key)
        return v


# What a token does in lexicon_scan (looked up once per token and lexicon, then memoised)
_NEGATOR, _CONTRAST, _VALENCE, _VALENCE_FIXED, _BOOST, _CONTENT, _OTHER = range(7)
_MEMO_MAX = 100_000


def _token_role(tok: str, t: str, lex: Lexicon) -> tuple[str, int, float]:
    """(key, role, value) of a token: a negator, a contrast word, a valence (negatable, or
    fixed for emoji/emoticons), an intensifier/downtoner factor, a content word or a
    function word."""
    if t in NEGATORS:
        return (t, _NEGATOR, 0.0)
    if t in CONTRAST:
        return (t, _CONTRAST, 0.0)
    v = lex.exact.get(tok)
    if v is None and tok.isascii() and tok not in lex.common:
        v = lex.folded.get(t)
    if v is not None:
        return (t, _VALENCE if t[0].isalnum() else _VALENCE_FIXED, v)
    b = INTENSIFIERS.get(t) or DOWNTONERS.get(t)
    if b is not None:
        return (t, _BOOST, b)
    return (t, _OTHER if t in _FUNCTION else _CONTENT, 0.0)


def lexicon_scan(tokens: Sequence[str], folded: Sequence[str], lex: Lexicon) -> tuple[float, float]:
    """VADER-style lexicon pass: returns (positive sum, negative sum as a positive number).

    * a negator flips (x -0.74) the valence of the next three tokens;
    * an intensifier/downtoner multiplies the next sentiment word;
    * after a contrast word ("men", "but") valences count 1.5x, before it 0.5x.
    """
    pos_a = neg_a = 0.0  # before the last contrast
    pos_b = neg_b = 0.0  # after it
    contrast = False
    neg = 0
    boost = 1.0
    memo = lex.memo
    for tok, t in zip(tokens, folded, strict=False):
        role = memo.get(tok)
        if role is None or role[0] != t:
            role = _token_role(tok, t, lex)
            if len(memo) < _MEMO_MAX:
                memo[tok] = role
        kind = role[1]
        if kind >= _CONTENT:  # most tokens: a word without valence
            if neg:
                if neg == _NEG_SCOPE and kind == _CONTENT:
                    # a negated content word without valence ("ikke fått svar",
                    # "ingen kom"): a mild complaint signal, once per negation
                    neg_b += NEGATED_CONTENT
                neg -= 1
            continue
        if kind == _NEGATOR:
            neg = _NEG_SCOPE
            continue
        if kind == _CONTRAST:
            contrast = True
            pos_a += pos_b
            neg_a += neg_b
            pos_b = neg_b = 0.0
            neg = 0
            boost = 1.0
            continue
        if kind == _BOOST:
            boost *= role[2]
            continue
        v = role[2] * boost
        boost = 1.0
        if neg and kind == _VALENCE:  # emoji/emoticons are never negated
            v *= -0.74
            neg -= 1
        if v > 0:
            pos_b += v
        else:
            neg_b -= v
    if contrast:
        return pos_a * 0.5 + pos_b * 1.5, neg_a * 0.5 + neg_b * 1.5
    return pos_b, neg_b
