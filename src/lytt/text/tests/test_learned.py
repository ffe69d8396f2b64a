"""The learned layer over the rules (``learned.py``, ``models/feedback_learned.json``)."""

from __future__ import annotations

import json
import math

import pytest

from lytt.text import analyze, learned
from lytt.text.modelfiles import load_model
from lytt.text.normalize import prepare


def test_model_file_loads_and_is_complete() -> None:
    m = load_model(learned.MODEL_NAME)
    assert m["version"] and m["attribution"]
    assert set(m["use"]) == {"strategy", "needs", "root_causes", "churn"}
    n = len(m["outputs"])
    assert n == 4 + 3 + 6 + 1
    assert len(m["bias"]) == n
    assert len(m["weights"]) > 1000
    for name, vec in m["weights"].items():
        assert name[:2] in {"w:", "b:", "c:", "r:"}
        assert len(vec) == n
        assert all(math.isfinite(x) for x in vec)
    for key, t in m["thresholds"].items():
        assert key in m["outputs"]
        assert 0.0 < t < 1.0
    # the decision to use the model rests on held-out figures stored beside it
    fig = m["evaluation"]["macro_f1"]
    for task, used in m["use"].items():
        assert used == (fig["learned + rule features"][task] > fig["rules alone"][task])


@pytest.mark.parametrize(
    "text",
    [
        "Ventet i 45 minutter!! Helt uakseptabelt.",
        "Sa ikke noe til servitøren, orket ikke. Kommer ikke tilbake.",
        "Hvor er pakken min? Ingen svarer på e-post.",
        "",
        "🙂",
    ],
)
def test_run_time_scores_equal_the_training_features(text: str) -> None:
    """``raw_scores`` (memoised per word) = the dot product the trainer optimised."""
    m = load_model(learned.MODEL_NAME)
    p = prepare(text)
    rules = {"r:strategy=irritation": 1.0, "r:sentiment": -0.5, "r:question": 1.0}
    feats = learned.feature_counts(p.folded, rules, m["features"]["char_ngrams"])
    expected = list(m["bias"])
    for name, val in feats.items():
        vec = m["weights"].get(name)
        if vec is not None:
            expected = [e + val * w for e, w in zip(expected, vec, strict=True)]
    got = learned.raw_scores(p.folded, rules)
    assert got == pytest.approx(expected, abs=1e-9)


def test_clear_examples() -> None:
    a = analyze("Ventet i 45 minutter i kassa!!! Helt uakseptabelt. Aldri mer hos dere.")
    assert a.strategy == "irritation"
    assert a.churn_risk >= 0.5
    a = analyze("Jeg sa ingenting og gikk bare. Orket ikke å klage. Kommer ikke tilbake.")
    assert a.strategy == "passivity"
    assert a.churn_risk >= 0.5
    a = analyze("Tusen takk for god hjelp i dag, veldig hyggelig betjening!")
    assert a.strategy == "none"
    assert a.needs == ()
    assert a.churn_risk < 0.5
    a = analyze("Når kommer pakken min? Ingen svarer på e-post og ingen vet status.")
    assert "control" in [n for n, _ in a.needs]
    a = analyze("Kassasystemet krasjet igjen, så de kunne ikke ta betalt med kort.")
    assert "system_error" in a.root_causes


def test_evidence_comes_from_the_rule_matches() -> None:
    a = analyze("Ekspeditøren var frekk og himlet med øynene. Uakseptabelt!")
    assert a.strategy == "irritation"
    assert a.strategy_evidence
    folded = " ".join(prepare(a.text).tokens)
    for ev in a.strategy_evidence:
        assert ev in folded or ev == "!!"


def test_disabled_gives_the_rules_alone() -> None:
    text = "Sofaen skulle leveres i forrige uke. Ingen vet noe. Dette er ikke seriøst."
    with learned.disabled():
        rules = analyze(text)
    both = analyze(text)
    assert rules.text == both.text == text
    assert rules.language == both.language
    assert rules.sentiment_score == both.sentiment_score
    assert rules.themes == both.themes


@pytest.mark.parametrize(
    "text",
    [
        "Sofaen skulle leveres i forrige uke. Ingen vet noe. Dette er ikke seriøst.",
        "Sa ikke noe til servitøren, orket ikke. Kommer ikke tilbake.",
        "Kassasystemet var nede igjen, og ingen visste når det var oppe. Bytter bank!!",
        "",
    ],
)
def test_trainer_rule_stage_is_the_analysis(text: str) -> None:
    """The trainer rebuilds the rule decisions itself (to feed them held-out sentiment);
    given the shipped sentiment they must equal what ``analyze`` does without the layer."""
    from lytt.text import langid, sentiment
    from lytt.text import train_feedback as tf

    p = prepare(text)
    s_label, s_score = sentiment.score(p, langid.detect(p)[0])
    pred, _rules, _words = tf.rule_stage(text, s_label, s_score)
    with learned.disabled():
        a = analyze(text)
    assert pred == {
        "strategy": a.strategy,
        "needs": [n for n, _ in a.needs],
        "root_causes": list(a.root_causes),
        "churn": "high" if a.churn_risk >= 0.5 else "low",
    }


def test_training_is_deterministic() -> None:
    pytest.importorskip("sklearn")
    from lytt.text import train_feedback as tf

    rows = tf.load_rows()
    # a small slice keeps the test quick; the full run is the same code
    sample = [r for i, r in enumerate(rows) if i % 6 == 0]
    exs = tf.examples(sample)
    out = []
    for _ in range(2):
        model = tf.export(tf.fit(exs), dict.fromkeys(tf.TASKS, True), {})
        out.append(json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    assert out[0] == out[1]
    assert len(json.loads(out[0])["weights"]) > 100
