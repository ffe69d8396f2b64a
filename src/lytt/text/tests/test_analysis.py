"""Property and example tests of lytt.text.analyze (no Django, no database)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lytt.text import Analysis, analyze, analyze_many, compile_themes

KEYS = {
    "text",
    "language",
    "language_confidence",
    "sentiment",
    "emotions",
    "strategy",
    "needs",
    "themes",
    "root_causes",
    "churn_risk",
}


def _check(a: Analysis) -> None:
    d = a.to_dict()
    assert set(d) == KEYS
    json.dumps(d)
    assert 0.0 <= d["churn_risk"] <= 1.0
    assert 0.0 <= d["language_confidence"] <= 1.0
    assert d["strategy"]["label"] in {"irritation", "passivity", "relation", "none"}
    assert set(d["sentiment"]) == {"label", "score"}
    for n in d["needs"]:
        assert n["label"] in {"confirmation", "control", "influence"}
        assert isinstance(n["evidence"], list)
    for v in d["emotions"].values():
        assert 0.0 <= v <= 1.0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_gives_a_valid_analysis(text: str) -> None:
    _check(analyze(text))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "ikke",
                "aldri",
                "mer",
                "!!",
                "😡",
                "heeeelt",
                "daarlig",
                "kø",
                "venta",
                "app",
                "sa",
                "noe",
                "gikk",
                "bare",
                "bytter",
                "til",
                "\x00",
                "\u202e",
                "ё",
                "字",
                " ",
            ]
        ),
        max_size=40,
    )
)
def test_lexicon_word_soup_never_raises(words: list[str]) -> None:
    _check(analyze(" ".join(words)))


def test_odd_inputs() -> None:
    for t in [
        "",
        " ",
        "\x00\x01\x02",
        "😡😡😡",
        "🙂",
        "а б в",
        "你好世界",
        "x" * 100_000,
        "Aldri mer! " * 10_000,
        "\ud800",
        None,
        b"bytes \xff",
        12345,
    ]:
        _check(analyze(t))


def test_analyze_many_keeps_order() -> None:
    texts = ["Aldri mer!", "Takk, veldig bra", "", "Sa ikke noe, gikk bare."]
    out = analyze_many(texts)
    assert [a.text for a in out] == texts
    assert out[0].strategy == "irritation"
    assert out[3].strategy == "passivity"


def test_irritation_per_language() -> None:
    for t in [
        "Helt uakseptabelt, ekspeditøren var frekk!",
        "Heilt uakseptabelt, ho var frekk!",
        "Helt oacceptabelt, expediten var otrevlig!",
        "Helt uacceptabelt, ekspedienten var uhøflig!",
        "Totally unacceptable, the cashier was rude!",
    ]:
        assert analyze(t).strategy == "irritation", t


def test_passivity_and_churn() -> None:
    for t in [
        "Sa ikke noe til servitøren, orket ikke. Kommer ikke tilbake.",
        "Eg sa ikkje noko, orka ikkje. Kjem ikkje tilbake.",
        "Sa inget, orkade inte. Kommer inte tillbaka.",
        "Sagde ikke noget, gad ikke. Kommer ikke tilbage.",
        "Didn't say anything, couldn't be bothered. Won't be back.",
    ]:
        a = analyze(t)
        assert a.strategy == "passivity", t
        assert a.churn_risk >= 0.5, t


def test_relation() -> None:
    a = analyze("Hun var sur, men jeg var ekstra blid og skrøt av butikken, så fikk jeg hjelp")
    assert a.strategy == "relation"
    assert "ekstra blid" in a.strategy_evidence


def test_negation_flips_return_into_churn() -> None:
    assert analyze("Vi kommer gjerne tilbake!").churn_risk < 0.5
    assert analyze("Vi kommer ikke tilbake.").churn_risk >= 0.5
    assert analyze("We will come back").churn_risk < 0.5
    assert analyze("We will not come back").churn_risk >= 0.5


def test_negated_complaint_word_is_not_irritation() -> None:
    assert analyze("Ikke frekk i det hele tatt, tvert imot.").strategy == "none"
    assert analyze("Servitøren var frekk.").strategy == "irritation"


def test_misspelt_and_ascii_forms() -> None:
    # ae/oe/aa for æ/ø/å, repeated letters, a dropped letter
    assert analyze("HEEEELT uakseptaabelt!!").strategy == "irritation"
    assert "waiting_time" in analyze("altfor lang ventetid i koeen").themes
    assert "under_capacity" in analyze("det var altfor faa ansatte").root_causes
    assert (
        "system_error" in analyze("appen krasjr hele tiden").root_causes
    )  # 'krasjer' minus a letter


def test_mixed_language() -> None:
    a = analyze("Appen funker ikke, får bare error hele tida. So annoying!")
    assert "app_website" in a.themes
    assert a.strategy == "irritation"


def test_needs() -> None:
    assert [n for n, _ in analyze("Når kommer pakken? Ingen har sagt noe.").needs] == ["control"]
    assert "confirmation" in [
        n for n, _ in analyze("Ingen lyttet til meg, følte meg oversett").needs
    ]
    assert "influence" in [
        n for n, _ in analyze("Jeg har sendt inn et forslag, skjer det noe med det?").needs
    ]


def test_root_causes() -> None:
    assert analyze(
        "Sengebunnen fulgte ikke med, ingen sa at den måtte kjøpes separat"
    ).root_causes == ("unclarified_expectations",)
    assert (
        "insufficient_training" in analyze("Den nye ansatte hadde ikke fått opplæring").root_causes
    )


def test_custom_themes_tolerate_spelling() -> None:
    ct = compile_themes(
        {"parking": ["parkering", "parkeringsplass", "parking"], "": ["x"], "kids": []}
    )
    assert ct.names == ("parking",)
    for t in [
        "Fant ingen PARKERING",
        "parkerng var umulig",
        "ingen parkeringsplasser",
        "no parking at all",
    ]:
        assert "parking" in analyze(t, custom_themes=ct).themes, t
    assert "parking" not in analyze("Maten var god", custom_themes=ct).themes


NEGATION_CASES = [
    # (text, expected strategy, churn high?)
    ("Betjeningen var ikke frekk i det hele tatt, tvert imot", "none", False),
    ("Betjeninga var ikkje frekk i det heile, tvert om", "none", False),
    ("Personalen var inte otrevlig alls", "none", False),
    ("Personalet var slet ikke uhøfligt", "none", False),
    ("The staff were not rude at all", "none", False),
    ("Vi kommer ikke tilbake", "none", True),
    ("Vi kjem ikkje tilbake", "none", True),
    ("Vi kommer inte tillbaka", "none", True),
    ("Vi kommer ikke tilbage", "none", True),
    ("We won't be back", "none", True),
]


def test_negation_per_language() -> None:
    for text, strat, high in NEGATION_CASES:
        a = analyze(text)
        if strat == "none":
            assert a.strategy != "irritation" or high, text
        assert (a.churn_risk >= 0.5) == high, text


MISSPELT_CASES = [
    ("Heeelt uakseptabeltt, ventet en time i koeen!!", "nb"),
    ("Heilt uakseptabelt, venta ein time i koen!!", "nn"),
    ("Helt oacceptabelt, vaentade en timme i koen!!", "sv"),
    ("Helt uacceptabelt, ventede en time i koeen!!", "da"),
    ("Totaly unaceptable, waited an hour in the queu!!", "en"),
]


def test_misspelt_complaints_per_language() -> None:
    for text, _lang in MISSPELT_CASES:
        a = analyze(text)
        assert a.strategy == "irritation", text
        assert "waiting_time" in a.themes, text


def test_cached_results_are_equal_and_not_shared() -> None:
    from lytt.text.analysis import _analyze_fields, cache_clear

    text = "Betjeningen var frekk. Aldri mer! 😡"
    cache_clear()
    first = analyze(text)
    first.emotions["anger"] = -1.0  # a caller's change must not reach the cache
    second = analyze(text)
    fields = _analyze_fields(text, None)
    assert second == Analysis(*fields)  # the fast constructor builds the same object
    assert second.emotions["anger"] != -1.0
    assert analyze_many([text, text])[1] == second
    assert analyze(text * 200) == Analysis(*_analyze_fields(text * 200, None))  # not cached


_ITEMS = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["Aldri mer!!", "Bra :)", "ikke frekk", "", "😡", "Fant ingen parkerng"]),
    st.none(),
    st.binary(max_size=8),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ITEMS, max_size=300), st.booleans())
def test_analyze_many_in_batches_equals_one_by_one(texts: list[object], custom: bool) -> None:
    from lytt.text.analysis import cache_clear

    texts = texts + texts[: len(texts) // 2]  # repeats, and more than one batch of 256
    ct = compile_themes({"parking": ["parkering"]}) if custom else None
    cache_clear()
    many = analyze_many(texts, custom_themes=ct)
    cache_clear()
    assert many == [analyze(t, custom_themes=ct) for t in texts]
