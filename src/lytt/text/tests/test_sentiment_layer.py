"""The customer-feedback sentiment layer: run time agrees with training, and it reads
implicit complaints (no sentiment word) that the lexicon alone called neutral/positive."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lytt.text import sentiment
from lytt.text.features import lexicon_scan
from lytt.text.modelfiles import load_model, sentiment_lexicon
from lytt.text.normalize import prepare
from lytt.text.train import LEX_FOR_LANG, feedback_features, predict_feedback


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Pakken skulle komme tirsdag. Nå er det fredag, hvor er den??", "nb"),
        ("Eg har venta på svar i tre veker no.", "nn"),
        ("Fjärde gången paketet är försenat. Nu beställer jag från någon annan.", "sv"),
        ("Lørdag formiddag og kun én kasse åben. Køen gik helt ned til frostvarerne.", "da"),
        (
            "Booked a table for eight, no record of it when we arrived. Stood at the door 20 min.",
            "en",
        ),
    ],
)
def test_implicit_complaints_are_negative(text: str, lang: str) -> None:
    assert sentiment.score(prepare(text), lang)[0] == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "Veldig hyggelig betjening, takk for hjelpen!",
        "Personalen var supertrevlig och allt gick snabbt.",
        "The cleaners turned up on time and the flat was spotless.",
    ],
)
def test_praise_is_positive(text: str) -> None:
    p = prepare(text)
    label, score = sentiment.score(p, "nb" if "hyggelig" in text else "en")
    assert label == "positive"
    assert score > 0


def test_run_time_equals_the_training_computation() -> None:
    fb = load_model("sentiment")["feedback"]
    texts = [
        ("Ventet i 45 minutter i kassa!!! Helt uakseptabelt.", "nb"),
        ("Kan I bekræfte at min tid på fredag stadig gælder?", "da"),
        ("Inte särskilt bra, men personalen var trevlig :)", "sv"),
        ("not bad at all, would come again", "en"),
    ]
    rows = [{"text": t, "language": lg, "sentiment": "neutral"} for t, lg in texts]
    lexicons = {code: sentiment_lexicon(code) for code in set(LEX_FOR_LANG.values())}
    feats, dense, _y = feedback_features(rows, lexicons)
    for (t, lg), f, d in zip(texts, feats, dense, strict=True):
        want = predict_feedback(fb, f, d)
        got = sentiment.feedback_probabilities(prepare(t), lg)
        assert all(math.isclose(a, b, abs_tol=1e-9) for a, b in zip(got, want, strict=True))


def test_cues() -> None:
    cues = sentiment.cue_features(prepare("hvor er pakken?? 3 dager!"))
    assert cues == ["#?", "#??", "#!", "#num"]
    assert sentiment.cue_features(prepare("Har dere åpent på søndag?")) == ["#?"]
    assert "#??" in sentiment.cue_features(prepare("Seriously?! Two hours"))
    assert sentiment.cue_features(prepare("Kom, spiste, dro")) == []


def _cues(text: str, lang: str) -> list[str]:
    p = prepare(text)
    lex = sentiment_lexicon(LEX_FOR_LANG[lang])
    pos, neg = lexicon_scan(p.tokens, p.folded, lex)
    return sentiment.cue_features(p, pos, neg, lex)


@pytest.mark.parametrize(
    ("text", "lang", "cue"),
    [
        ("Helt ok, greit nok.", "nb", "#lukewarm"),
        ("Inget speciellt alls.", "sv", "#nothing_special"),
        ("Grei frisør. 3/5", "nb", "#rate_mid"),
        ("Terningkast 2.", "nn", "#rate_lo"),
        ("Fem stjerner herfra", "da", "#rate_hi"),
        ("seven out of ten", "en", "#rate_hi"),
        # emoji stars are counted in the original text (normalising squeezes the repeats)
        ("⭐⭐ Fint nok.", "nb", "#rate_lo"),
        ("★★★☆☆ Helt greit hotell", "da", "#rate_mid"),
        ("⭐️⭐️⭐️⭐️⭐️ Bästa frisören!", "sv", "#rate_hi"),
        ("Takk for at jeg fikk vente i kø en time, topp", "nb", "#sarcasm"),
        ("Thanks for making me wait, lovely", "en", "#sarcasm"),
        ("Elendig og treg service, virkelig flott 👏", "nb", "#sarcasm"),
        ("Maten var kald og servitøren var sur. Flott.", "nb", "#sarcasm"),
        ("Leveransen 🙄", "sv", "#irony"),
        ("Feil på fakturaen, men de ordnet det med en gang.", "nb", "#fixed"),
    ],
)
def test_word_cues_fire(text: str, lang: str, cue: str) -> None:
    assert cue in _cues(text, lang)


def test_decorative_stars_are_no_rating() -> None:
    assert not {"#rate_lo", "#rate_mid", "#rate_hi"} & set(_cues("⭐" * 8 + " takk!", "nb"))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Takk for at dere ringte tilbake, det satte jeg pris på.", "nb"),
        ("Kort kø og blid dame i kassa. Topp!", "nb"),
        ("The food was great and the staff were lovely 👍", "en"),
    ],
)
def test_genuine_praise_is_not_sarcasm(text: str, lang: str) -> None:
    assert "#sarcasm" not in _cues(text, lang)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_label_agrees_with_score_sign(s: str) -> None:
    p = prepare(s)
    label, score = sentiment.score(p, "sv")
    pn, pu, pp = sentiment.feedback_probabilities(p, "sv") if p.folded else (0.0, 1.0, 0.0)
    assert abs(pn + pu + pp - 1.0) < 1e-9
    if label == "positive":
        assert score >= 0
    if label == "negative":
        assert score <= 0
