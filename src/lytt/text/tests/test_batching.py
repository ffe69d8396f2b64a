"""The batched stages (numpy over a batch of texts) give exactly what the one-text
functions give: the same labels and the same floats, bit for bit."""

from __future__ import annotations

import math
import random
from itertools import repeat

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lytt.text import emotions, langid, sentiment
from lytt.text.batching import PAD_MAX, row_sums
from lytt.text.features import sentiment_features
from lytt.text.normalize import prepare

_WORDS = st.sampled_from(
    ["ikkje", "eg", "heilt", "dårleg", "jeg", "ikke", "inte", "mycket", "not", "very", "😡",
     ":)", "мир", "40", "hyggeleg", "tidlegare", "bra", "men", "the", "og", "kjempegod", "!!",
     "Ærlig", "e-post", "ﬁne", "x", "Då"]
)  # fmt: skip
_TEXTS = st.lists(
    st.one_of(st.text(max_size=80), st.lists(_WORDS, max_size=20).map(" ".join)), max_size=12
)


def test_row_sums_add_in_token_order() -> None:
    rng = random.Random(3)
    matrix = np.array([[0.0] * 5] + [[rng.gauss(0, 1) for _ in range(5)] for _ in range(300)])
    seqs = [[rng.randrange(1, 301) for _ in range(rng.randrange(0, 40))] for _ in range(200)]
    got = row_sums(matrix, [i for s in seqs for i in s], [len(s) for s in seqs]).tolist()
    rows = matrix.tolist()
    for s, g in zip(seqs, got, strict=True):
        want = [sum(col) for col in zip(*(rows[i] for i in s), strict=True)] if s else [0.0] * 5
        assert g == want


@settings(max_examples=150)
@given(_TEXTS)
def test_batched_stages_equal_one_text_ones(texts: list[str]) -> None:
    ps = [prepare(t) for t in texts]
    assert emotions.predict_many(ps) == [emotions.predict(p) for p in ps]
    assert langid.detect_many(ps) == [langid.detect(p) for p in ps]


def test_long_texts_take_the_one_text_path() -> None:
    long = "veldig bra " * PAD_MAX
    ps = [prepare(t) for t in ("Maten var god", long, "", "😡", "Eg likar ikkje dette")]
    assert emotions.predict_many(ps) == [emotions.predict(p) for p in ps]
    assert langid.detect_many(ps) == [langid.detect(p) for p in ps]


_SENT_WORDS = st.sampled_from(
    ["ikke", "not", "men", "but", "bra", "dårlig", "veldig", "litt", "mat", "kom", ":)", "😡",
     "svar", "noe", "helt", "good", "bad", "so", "fantastisk", "inte", "aldri", "var", "?",
     "!", "45", "kjempegod", "treg", "slet", "god", "særlig"]
)  # fmt: skip


@settings(max_examples=200)
@given(
    st.lists(st.one_of(st.text(max_size=60), st.lists(_SENT_WORDS, max_size=16).map(" ".join))),
    st.sampled_from(["nb", "nn", "sv", "da", "en", "und"]),
)
def test_sentiment_score_many_equals_score(texts: list[str], lang: str) -> None:
    ps = [prepare(t) for t in texts]
    assert sentiment.score_many(ps, [lang] * len(ps)) == [sentiment.score(p, lang) for p in ps]
    for p in ps:
        names = dict.fromkeys(sentiment_features(p.folded))
        # the same complex number: the same weights added in the same order
        assert sentiment._feedback_sum(p.folded) == sum(
            map(sentiment._TF.get, names, repeat(0j)), 0j
        )


def test_learned_decide_many_equals_decide() -> None:
    from lytt.text import analysis, learned
    from lytt.text.matching import main_index
    from lytt.text.scoring import score_tokens_id

    texts = [
        "Ventet i 45 minutter i kassa!!! Bare én ansatt på jobb, helt uakseptabelt.",
        "Jeg var ekstra blid og skrøt av ham, så fikk jeg hjelp til slutt.",
        "Sa ikke noe, gikk bare. Kommer ikke tilbake.",
        "Appen krasjer hver gang jeg skal betale, hvor er pengene mine?",
        "Personalen var otrevlig och ingen svarade. Aldrig mer!",
        "The staff had no idea what they were doing, nobody trained them?",
        "Kort tekst",
        "",
    ]
    ps = [prepare(t) for t in texts * 2]
    index = main_index()
    items = []
    ids = []
    for p in ps:
        label, score = sentiment.score(p, langid.detect(p)[0])
        toks, scores, scores_id = score_tokens_id(p.folded, p.tokens, index)
        ids.append(scores_id)
        strat, ev, need_list, _themes, roots, risk = analysis._rule_decisions(
            p, None, label, toks, scores
        )
        items.append((p, scores, score, strat, ev, need_list, roots, risk))
    one_by_one = [learned.decide(*it) for it in items]
    assert learned.decide_many(items) == one_by_one
    assert learned.decide_many(items, ids) == one_by_one  # rule vectors memoised by id
    # churn scores far below the logistic's cut-off take the same path as decide's
    assert learned._risks(np.array([-1000.0, -60.0, 0.0, 3.0]), 0.3) == [
        learned._risk(0.0, 0.3),
        learned._risk(0.0, 0.3),
        learned._risk(0.5, 0.3),
        learned._risk(1.0 / (1.0 + math.exp(-3.0)), 0.3),
    ]


_RULE_WORDS = st.sampled_from(
    ["ikke", "aldri", "mer", "frekk", "ventet", "lenge", "kø", "i", "kassa", "bytter", "til",
     "konkurrenten", "kommer", "tilbake", "ikke", "svarte", "ingen", "appen", "krasjer",
     "never", "again", "rude", "var", "Maten", "FREKK", "frek", "lang", "kø", "e-post"]
)  # fmt: skip


@settings(max_examples=300)
@given(st.lists(_RULE_WORDS, max_size=24).map(" ".join))
def test_shared_hit_patterns_score_as_fresh(text: str) -> None:
    """score_tokens reuses the grouped scores of an earlier text with the same hit
    pattern (scoring.py); they equal what grouping this text's own hits gives."""
    from lytt.text.matching import canonical, main_index, match
    from lytt.text.scoring import group_hits, score_tokens

    idx = main_index()
    for t in (text, "x y " + text, text.upper()):
        p = prepare(t)
        toks = canonical(p.folded, idx)
        assert score_tokens(p.folded, p.tokens, idx) == (
            toks,
            group_hits(match(toks, idx), p.tokens),
        )


def test_batches_in_threads_give_the_one_text_results() -> None:
    """The batched stages keep shared tables (langid's token rows, scoring's patterns);
    batches running in several threads at once still give what one text at a time gives."""
    from concurrent.futures import ThreadPoolExecutor

    rng = random.Random(11)
    letters = "abcdefghijklmnopqrstuvwxyzæøå"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(3000)]
    words += ["ikke", "bra", "dårlig", "aldri", "mer", "veldig", "frekk", "men", "?", "!"]
    chunks = [
        [" ".join(rng.choice(words) for _ in range(rng.randint(1, 14))) for _ in range(600)]
        for _ in range(4)
    ]
    ps = [[prepare(t) for t in chunk] for chunk in chunks]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda b: (langid.detect_many(b), emotions.predict_many(b)), ps))
    for b, (langs, emos) in zip(ps, got, strict=True):
        assert langs == [langid.detect(p) for p in b]
        assert emos == [emotions.predict(p) for p in b]
