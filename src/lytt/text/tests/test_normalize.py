import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from lytt.text.normalize import MAX_CHARS, Prepared, fold, prepare


def test_spelling_variants_share_one_key() -> None:
    assert fold("dårlig") == fold("daarlig") == fold("darlig") == "darlig"
    assert fold("bøker") == fold("boeker") == fold("boker")
    assert fold("ikkje") == "ikje"
    assert fold("ikke") == fold("ike")
    assert fold("jättebra") == fold("jaettebra") == fold("jattebra")


def test_prepare_normalises_case_repeats_and_space() -> None:
    p = prepare("  Heeeelt   DÅÅÅRLIG\tservice!!!!  ")
    assert p.norm == "heelt dåårlig service!!"
    assert p.tokens == ("heelt", "dåårlig", "service")
    assert p.folded == ("helt", "darlig", "service")
    assert p.text.startswith("  Heeeelt")


def test_emoticons_and_emoji_are_tokens() -> None:
    p = prepare("Bra mat :-)) men treg :( 😡👍🏽 <3")
    assert p.tokens == ("bra", "mat", ":)", "men", "treg", ":(", "😡", "👍", "<3")
    assert prepare("ok ;-) :D :'(").tokens == ("ok", ";)", ":d", ":'(")


def test_words_with_apostrophes_and_hyphens_stay_whole() -> None:
    assert prepare("I don't like e-post.").tokens == ("i", "don't", "like", "e-post")


def test_control_chars_and_surrogates_removed() -> None:
    p = prepare("a\x00b\u200b c\ud800 d")
    assert p.norm == "ab c d"


def test_long_text_truncated() -> None:
    p = prepare("ord " * 20_000)
    assert len(p.text) == MAX_CHARS
    assert len(p.tokens) == MAX_CHARS // 4


def test_non_str_and_empty() -> None:
    assert prepare("") == Prepared("", "", (), ())
    assert prepare(None) == Prepared("", "", (), ())  # type: ignore[arg-type]
    assert prepare("😀").tokens == ("😀",)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_prepare_never_raises_and_is_consistent(s: str) -> None:
    p = prepare(s)
    assert isinstance(p, Prepared)
    assert len(p.tokens) == len(p.folded)
    assert p.norm == p.norm.strip()
    assert "  " not in p.norm
    assert all(t for t in p.tokens)
    assert len(p.text) <= MAX_CHARS


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1))
def test_fold_key_has_no_nordic_letters_or_letter_runs(s: str) -> None:
    k = fold(s.lower())
    assert isinstance(k, str)
    assert not set(k) & set("æøåäö")
    assert all(a != b for a, b in itertools.pairwise(k))


def _tokens_by_regex(norm: str) -> list[str]:
    """The tokeniser's definition: one regex over the whole normalised text."""
    from lytt.text.normalize import _TOKEN_RE, _canon_emoticon

    return [
        _canon_emoticon(t) if len(t) > 1 and not t[0].isalnum() else t
        for t in _TOKEN_RE.findall(norm)
    ]


_PIECES = st.sampled_from(
    ["kassa", "kassa.", "frekk!!", "e-post", "don't", ":-)", ":((", "8)", "<3", "^_^", "=)",
     "😡", "👍🏽", "(sic)", "word8.", "ÆØÅ", "ß", "١٢٣", "_x_", "a.b", "?!", ":d", ";p", ".", ""]
)  # fmt: skip


@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=12))
def test_piecewise_tokeniser_equals_the_regex(parts: list[str]) -> None:
    from lytt.text.normalize import _normalise, _tokens

    norm = _normalise(" ".join(parts))
    assert _tokens(norm) == _tokens_by_regex(norm)


@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
    | st.text(" \t\u1680\u3000a.", max_size=12)
)
def test_whitespace_shortcut_collapses_like_split_and_join(s: str) -> None:
    from lytt.text.normalize import _normalise

    norm = _normalise(s)
    assert norm == " ".join(norm.split())


@given(st.text(max_size=40))
def test_prepare_builds_the_same_object_as_the_dataclass(s: str) -> None:
    p = prepare(s)
    assert p == Prepared(p.text, p.norm, p.tokens, p.folded)
    assert type(p) is Prepared
