"""The run-time path of the learned layer (``learned._packed_scores``, memoised packed vectors,
no feature names) gives the scores of the reference path ``raw_scores(rule_features(...))``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lytt.text import churn as churn_rules
from lytt.text import langid, learned, needs, sentiment, strategy, themes
from lytt.text.matching import main_index
from lytt.text.normalize import prepare
from lytt.text.scoring import score_tokens

DATA = Path(__file__).parent / "data"


def _both(text: str) -> tuple[list[float], list[float]]:
    p = prepare(text)
    lang, _c = langid.detect(p)
    s_label, s_score = sentiment.score(p, lang)
    toks, scores = score_tokens(p.folded, p.tokens, main_index())
    strat, _ev = strategy.decide(scores, p, s_label)
    need_labels = [n for n, _ in needs.decide(scores, p)]
    _themes, roots = themes.decide(scores)
    risk = churn_rules.score(scores, strat, toks)
    rules = learned.rule_features(p, scores, s_score, strat, need_labels, roots, risk)
    ref = learned.raw_scores(p.folded, rules)
    m = learned._model()
    packed = learned._packed_scores(
        m, p, set(p.folded), scores, s_score, strat, need_labels, roots, risk
    )
    return ref, m.packing.floats(packed)


def _texts() -> list[str]:
    out = []
    for f in sorted(DATA.glob("*.jsonl")) + sorted((DATA / "written").glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["text"])
    return out


def test_fast_scores_equal_the_reference_on_the_labelled_texts() -> None:
    texts = _texts()
    assert len(texts) > 300
    for text in texts + texts[:50]:  # the second time from the memos
        ref, fast = _both(text)
        assert fast == pytest.approx(ref, rel=1e-12, abs=1e-12), text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_fast_scores_equal_the_reference_on_any_text(text: str) -> None:
    ref, fast = _both(text)
    assert fast == pytest.approx(ref, rel=1e-12, abs=1e-12)
