"""The run-time fast paths of the feature code give what the plain definitions give."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lytt.text.features import CONTRAST, NEGATORS, Lexicon, lexicon_scan, sentiment_features
from lytt.text.modelfiles import sentiment_lexicon
from lytt.text.normalize import prepare

_WORDS = st.sampled_from(
    ["ike", "not", "men", "but", "bra", "darlig", "veldig", "litt", "mat", "kom", ":)", "😡",
     "svar", "noe", "helt", "good", "bad", "so", "fantastisk", "x"]
)  # fmt: skip


@given(st.lists(_WORDS, max_size=12))
def test_sentiment_features_without_negator_or_contrast_are_unigrams_and_bigrams(
    words: list[str],
) -> None:
    folded = tuple(w for w in words if w not in NEGATORS and w not in CONTRAST)
    expected: list[str] = []
    for i, t in enumerate(folded):
        expected.append(t)
        if i + 1 < len(folded):
            expected.append(t + "_" + folded[i + 1])
    assert sentiment_features(folded) == expected


@given(st.text(max_size=60), st.sampled_from(["nb", "sv", "da", "en"]))
def test_lexicon_scan_memo_changes_nothing(text: str, lang: str) -> None:
    p = prepare(text)
    shared = sentiment_lexicon(lang)
    fresh = Lexicon(shared.exact, shared.folded, shared.common)
    first = lexicon_scan(p.tokens, p.folded, fresh)  # fills fresh.memo
    assert lexicon_scan(p.tokens, p.folded, fresh) == first
    assert lexicon_scan(p.tokens, p.folded, shared) == first
