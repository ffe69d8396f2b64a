"""Tests of the statistical models (language id, sentiment, emotions) and their files.

They use only the shipped model files, never ../shared/data.
"""

import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lytt.text import emotions, langid, sentiment
from lytt.text.normalize import prepare

LANG_CODES = {"nb", "nn", "sv", "da", "en", "und"}
EMOS = {"anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust"}


def lang(text: str) -> str:
    return langid.detect(prepare(text))[0]


def sent(text: str) -> tuple[str, float]:
    p = prepare(text)
    return sentiment.score(p, langid.detect(p)[0])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Jeg er veldig fornøyd med hjelpen jeg fikk i butikken i dag", "nb"),
        ("Eg er ikkje nøgd med kva dei gjorde, og ingen svara meg", "nn"),
        ("Jag är jättenöjd med personalen, de var så trevliga", "sv"),
        ("Jeg er meget tilfreds med betjeningen, de var søde og hjælpsomme", "da"),
        ("The staff were friendly and the food was excellent", "en"),
        ("", "und"),
        ("😡😡😡", "und"),
        ("Привет, как дела у тебя сегодня", "und"),
        ("12345 !!! ???", "und"),
    ],
)
def test_language(text: str, code: str) -> None:
    assert lang(text) == code


def test_language_robust_to_missing_diacritics_and_case() -> None:
    assert lang("JAG AR JATTENOJD MED PERSONALEN, DE VAR SA TREVLIGA") == "sv"
    assert lang("Eg er ikkje noegd med kva dei gjorde") == "nn"


def test_mixed_language_gives_dominant() -> None:
    assert lang("Maten var veldig god og betjeningen hyggelig, kommer igjen. Thanks!") == "nb"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Veldig hyggelig betjening, takk for hjelpen!", "positive"),
        ("Elendig service og frekk ekspeditør.", "negative"),
        ("Hyggjeleg betjening, eg er nøgd", "positive"),
        ("Jättebra bemötande, supertrevlig personal", "positive"),
        ("Otrevlig personal och lång kö", "negative"),
        ("Super god service, meget venlig personale", "positive"),
        ("Elendig kundeservice, uhøflig og langsom", "negative"),
        ("Great service, really friendly staff", "positive"),
        ("Rude staff and terrible food", "negative"),
        ("Ventet i en time, ingen svarte.", "negative"),
        ("heeelt DAARLIG service :(", "negative"),
        ("👍👍", "positive"),
        ("😡", "negative"),
    ],
)
def test_sentiment_labels(text: str, label: str) -> None:
    assert sent(text)[0] == label


def test_negation_flips() -> None:
    assert sent("ikke dårlig")[1] > sent("dårlig")[1]
    assert sent("Maten var inte särskilt bra")[0] == "negative"
    assert sent("Maden var slet ikke god")[0] == "negative"
    assert sent("The food was not good")[0] == "negative"
    assert sent("not bad at all")[1] > sent("bad")[1]


def test_emoji_after_negation_is_not_flipped() -> None:
    assert sent("Servitøren var ikkje særleg god. 😡")[0] == "negative"
    assert sent("The food was not good 😡")[0] == "negative"


def test_contrast_weights_second_clause() -> None:
    assert sent("Bra mat, men servitøren var frekk og uhøflig")[0] == "negative"
    assert sent("The food was bad but the staff were amazing and helpful")[0] == "positive"


def test_intensifier_strengthens() -> None:
    assert sent("The staff were very rude")[1] < sent("The staff were rude")[1]


def test_neutral_without_sentiment_words() -> None:
    assert sent("Vilka tider har ni öppet på lördag")[0] == "neutral"
    assert sent("")[0] == "neutral"


def test_nynorsk_word_list_splits_norwegian_without_marker_words() -> None:
    # "tenesta" and "seint" are in no hand-written marker list and have no marker ending:
    # the nynorsk-only forms of models/nynorsk.json decide (the markers alone said "nb");
    # the bokmål twin of the sentence stays bokmål
    assert "tenesta" in langid.nynorsk_words() and "tenesta" not in langid.NN_ONLY
    assert lang("Tenesta var treg og svaret kom seint") == "nn"
    assert lang("Tjenesten var treg og svaret kom sent") == "nb"
    assert not langid.nynorsk_words() & langid.NB_ONLY


def test_emotions_distribution() -> None:
    e = emotions.predict(prepare("Jeg er så glad og takknemlig!"), "nb")
    assert set(e) == EMOS
    assert abs(sum(e.values()) - 1.0) < 1e-9
    assert max(e, key=e.__getitem__) == "joy"
    angry = emotions.predict(prepare("Hold kjeft, din idiot! Jeg hater dette"), "nb")
    assert angry["anger"] > angry["joy"]


@pytest.mark.parametrize("name", ["langid", "sentiment", "emotions", "lexicon", "nynorsk"])
def test_model_files_are_plain_json_with_version_and_attribution(name: str) -> None:
    raw = resources.files("lytt.text").joinpath("models").joinpath(f"{name}.json").read_bytes()
    data = json.loads(raw)
    assert data["version"]
    assert len(data["attribution"]) > 40
    names = [f.name for f in resources.files("lytt.text").joinpath("models").iterdir()]
    assert not [n for n in names if n.endswith((".pkl", ".pickle", ".joblib"))]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_and_valid_ranges(s: str) -> None:
    p = prepare(s)
    code, conf = langid.detect(p)
    assert code in LANG_CODES
    assert 0.0 <= conf <= 1.0
    for lg in ("nb", "nn", "sv", "da", "en", "und"):
        label, score = sentiment.score(p, lg)
        assert label in {"positive", "negative", "neutral"}
        assert -1.0 <= score <= 1.0
    e = emotions.predict(p, code)
    assert set(e) == EMOS
    assert all(0.0 <= v <= 1.0 for v in e.values())
    assert abs(sum(e.values()) - 1.0) < 1e-6


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["bra", "ikke", "dårlig", "men", "😡", ":)", "veldig", "inte", "not", "aldri"]
        ),
        max_size=60,
    )
)
def test_sentiment_score_bounded_on_word_soup(words: list[str]) -> None:
    p = prepare(" ".join(words))
    label, score = sentiment.score(p, "nb")
    assert -1.0 <= score <= 1.0
    assert label in {"positive", "negative", "neutral"}


def test_huge_and_odd_inputs() -> None:
    for s in ["a" * 100_000, "\x00\x01\x02", "ok " * 40_000, "🙂" * 5000, "\ud800x", "ᚠᚢᚦ"]:
        p = prepare(s)
        assert langid.detect(p)[0] in LANG_CODES
        assert sentiment.score(p, "nb")[0] in {"positive", "negative", "neutral"}
        assert len(emotions.predict(p, "en")) == 8
