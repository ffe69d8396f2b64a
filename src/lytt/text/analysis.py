"""``analyze(text)``: the full analysis of one customer text.

Language, sentiment and emotions come from the statistical models (``langid``,
``sentiment``, ``emotions``); customer strategy, needs, themes, root causes and churn risk
come from the rule lexicons (``strategy``, ``needs``, ``themes``, ``churn``). Every text is
normalised and tokenised once (``normalize.prepare``) and every part reads the same tokens.
Never raises: any input (``None``, bytes, 100 kB, control characters, emoji only) gives a
valid :class:`Analysis`.
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import churn, emotions, langid, learned, needs, sentiment, strategy, themes
from .matching import main_index
from .normalize import Prepared, prepare
from .scoring import TaskScores, score_tokens, score_tokens_id
from .themes import CompiledThemes

__all__ = ["Analysis", "analyze", "analyze_many", "analyze_prepared", "cache_clear"]

# Whole results of recent texts are kept (survey answers repeat: "Bra", "Veldig fornøyd").
# Only texts up to CACHEABLE_CHARS long, so the cache stays small (~1 kB an entry).
CACHE_SIZE = 50_000
CACHEABLE_CHARS = 1_000
# texts per stage-by-stage batch in analyze_many: with the numpy stages (batching.py),
# 1,024 measured ~4% faster than 256 (and 2,048 no faster); a batch holds ~1 MB of arrays
BATCH = 1024


@dataclass(frozen=True, slots=True)
class Analysis:
    text: str
    language: str
    language_confidence: float
    sentiment: str
    sentiment_score: float
    emotions: dict[str, float] = field(default_factory=dict)
    strategy: str = "none"
    strategy_evidence: tuple[str, ...] = ()
    needs: tuple[tuple[str, tuple[str, ...]], ...] = ()
    themes: tuple[str, ...] = ()
    root_causes: tuple[str, ...] = ()
    churn_risk: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``lytt analyze`` (one object per text)."""
        return {
            "text": self.text,
            "language": self.language,
            "language_confidence": self.language_confidence,
            "sentiment": {"label": self.sentiment, "score": self.sentiment_score},
            "emotions": dict(self.emotions),
            "strategy": {"label": self.strategy, "evidence": list(self.strategy_evidence)},
            "needs": [{"label": n, "evidence": list(ev)} for n, ev in self.needs],
            "themes": list(self.themes),
            "root_causes": list(self.root_causes),
            "churn_risk": self.churn_risk,
        }


def _safe_text(text: object) -> str:
    if isinstance(text, str):
        return text
    if text is None:
        return ""
    if isinstance(text, bytes | bytearray):
        return bytes(text).decode("utf-8", errors="replace")
    try:
        return str(text)
    except Exception:
        return ""


# One analysis as a plain tuple of the Analysis fields, in field order: what the cache keeps.
_Fields = tuple[
    str,
    str,
    float,
    str,
    float,
    dict[str, float],
    str,
    tuple[str, ...],
    tuple[tuple[str, tuple[str, ...]], ...],
    tuple[str, ...],
    tuple[str, ...],
    float,
]


def _fields(p: Prepared, original: str, custom_themes: CompiledThemes | None) -> _Fields:
    lang, conf = langid.detect(p)
    s_label, s_score = sentiment.score(p, lang)
    emo = emotions.predict(p, lang)
    toks, scores = score_tokens(p.folded, p.tokens, main_index())
    return _decide(p, original, custom_themes, lang, conf, s_label, s_score, emo, toks, scores)


def _fields_many(originals: list[str], custom_themes: CompiledThemes | None) -> list[_Fields]:
    """``_fields`` for a batch, one stage at a time over all its texts.

    Each stage walks its own tables (language vectors, sentiment weights, emotion rows,
    lexicon index); running one stage over a few hundred texts before the next keeps
    those tables and that code in the CPU caches, which makes the whole analysis about a
    quarter faster than running every stage on one text before the next text.
    """
    try:
        ps = [prepare(s) for s in originals]
        langs = langid.detect_many(ps)
        sents = sentiment.score_many(ps, [lang for lang, _c in langs])
        emos = emotions.predict_many(ps)
        index = main_index()
        rules = [score_tokens_id(p.folded, p.tokens, index) for p in ps]
        ruled = [
            _rule_decisions(p, custom_themes, s_label, toks, scores, scores_id)
            for p, (s_label, _s), (toks, scores, scores_id) in zip(ps, sents, rules, strict=True)
        ]
        # the learned layer over the whole batch (learned.decide_many)
        revised = learned.decide_many(
            [
                (p, scores, s_score, strat, strat_ev, need_list, roots, risk)
                for p, (_l, s_score), (_t, scores, _id), (strat, strat_ev, need_list, _th, roots, risk)
                in zip(ps, sents, rules, ruled, strict=True)
            ],
            [scores_id for _t, _s, scores_id in rules],
        )  # fmt: skip
        return [
            _assemble(original, lang, conf, s_label, s_score, emo, decision, rd[3])
            for original, (lang, conf), (s_label, s_score), emo, decision, rd in zip(
                originals, langs, sents, emos, revised, ruled, strict=True
            )
        ]
    except Exception:  # pragma: no cover - one text at a time, each with its own guard
        return [_analyze_fields(s, custom_themes) for s in originals]


# scores id -> (themes, root causes), see _rule_decisions
_THEMES_BY_SCORES: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
_THEMES_MEMO_MAX = 100_000

_RuleDecisions = tuple[str, list[str], list[tuple[str, list[str]]], list[str], list[str], float]


def _rule_decisions(
    p: Prepared,
    custom_themes: CompiledThemes | None,
    s_label: str,
    toks: list[str],
    scores: TaskScores,
    scores_id: int = 0,
) -> _RuleDecisions:
    """The rule decisions: (strategy, its evidence, needs, themes, root causes, churn).

    Themes and root causes depend on the cue scores alone, so with a ``scores_id``
    (``scoring.score_tokens_id``: equal ids, equal score values) they are memoised by it.
    """
    strat, strat_ev = strategy.decide(scores, p, s_label)
    need_list = needs.decide(scores, p)
    if scores_id:
        known = _THEMES_BY_SCORES.get(scores_id)
        if known is None:
            if len(_THEMES_BY_SCORES) >= _THEMES_MEMO_MAX:
                _THEMES_BY_SCORES.clear()
            t, r = themes.decide(scores)
            known = _THEMES_BY_SCORES[scores_id] = (tuple(t), tuple(r))
        theme_list, roots = list(known[0]), list(known[1])
    else:
        theme_list, roots = themes.decide(scores)
    if custom_themes is not None and custom_themes.names:
        for name in themes.decide_custom(p.folded, custom_themes):
            if name not in theme_list:
                theme_list.append(name)
    risk = churn.score(scores, strat, toks)
    return strat, strat_ev, need_list, theme_list, roots, risk


def _assemble(
    original: str,
    lang: str,
    conf: float,
    s_label: str,
    s_score: float,
    emo: dict[str, float],
    decision: learned.Decision,
    theme_list: list[str],
) -> _Fields:
    strat, strat_ev, need_list, roots, risk = decision
    return (
        original,
        lang,
        float(conf),
        s_label,
        float(s_score),
        emo,  # a dict of floats from emotions.predict
        strat,
        tuple(strat_ev),
        tuple([(n, tuple(ev)) for n, ev in need_list]) if need_list else (),
        tuple(theme_list),
        tuple(roots),
        risk,
    )


def _decide(
    p: Prepared,
    original: str,
    custom_themes: CompiledThemes | None,
    lang: str,
    conf: float,
    s_label: str,
    s_score: float,
    emo: dict[str, float],
    toks: list[str],
    scores: TaskScores,
) -> _Fields:
    """The rule decisions on top of the models' outputs, as the Analysis fields."""
    strat, strat_ev, need_list, theme_list, roots, risk = _rule_decisions(
        p, custom_themes, s_label, toks, scores
    )
    # the learned layer decides where it beat the rules on held-out sets (learned.py)
    decision = learned.decide(p, scores, s_score, strat, strat_ev, need_list, roots, risk)
    return _assemble(original, lang, conf, s_label, s_score, emo, decision, theme_list)


# The frozen dataclass's own __init__ sets each of the 12 fields through
# object.__setattr__; calling the slot descriptors directly builds the same object in
# half the time (tests/test_analysis.py checks that the two are equal).
_new = object.__new__
(_s0, _s1, _s2, _s3, _s4, _s5, _s6, _s7, _s8, _s9, _s10, _s11) = (
    getattr(Analysis, f).__set__
    for f in (
        "text",
        "language",
        "language_confidence",
        "sentiment",
        "sentiment_score",
        "emotions",
        "strategy",
        "strategy_evidence",
        "needs",
        "themes",
        "root_causes",
        "churn_risk",
    )
)


def _make(v: _Fields) -> Analysis:
    """An Analysis with these fields and its own copy of the emotions (the only mutable
    field; the fields may be shared with the cache)."""
    a: Analysis = _new(Analysis)
    _s0(a, v[0])
    _s1(a, v[1])
    _s2(a, v[2])
    _s3(a, v[3])
    _s4(a, v[4])
    _s5(a, dict(v[5]))
    _s6(a, v[6])
    _s7(a, v[7])
    _s8(a, v[8])
    _s9(a, v[9])
    _s10(a, v[10])
    _s11(a, v[11])
    return a


def analyze_prepared(
    p: Prepared, original: str, custom_themes: CompiledThemes | None = None
) -> Analysis:
    """Analyse an already prepared text (``original`` is echoed back as ``text``)."""
    return _make(_fields(p, original, custom_themes))


def _empty_fields(original: str) -> _Fields:
    return (original, "und", 0.0, "neutral", 0.0, {}, "none", (), (), (), (), 0.0)


def _analyze_fields(original: str, custom_themes: CompiledThemes | None) -> _Fields:
    try:
        return _fields(prepare(original), original, custom_themes)
    except Exception:  # pragma: no cover - last line of defence; covered by property tests
        return _empty_fields(original)


# text -> fields, least recently used first; guarded by _LOCK (analyze may run in threads)
_CACHE: OrderedDict[str, _Fields] = OrderedDict()
_LOCK = threading.Lock()


def cache_clear() -> None:
    """Forget the cached results (after swapping a model or lexicon at run time)."""
    with _LOCK:
        _CACHE.clear()


def _cache_get(texts: Iterable[str]) -> list[_Fields | None]:
    out: list[_Fields | None] = []
    with _LOCK:
        get = _CACHE.get
        to_end = _CACHE.move_to_end
        for s in texts:
            v = get(s)
            if v is not None:
                to_end(s)
            out.append(v)
    return out


def _cache_put(items: Iterable[tuple[str, _Fields]]) -> None:
    with _LOCK:
        for s, v in items:
            if len(s) <= CACHEABLE_CHARS:
                _CACHE[s] = v
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)


def _one(original: str, custom_themes: CompiledThemes | None) -> _Fields:
    if custom_themes is not None or len(original) > CACHEABLE_CHARS:
        return _analyze_fields(original, custom_themes)
    v = _cache_get((original,))[0]
    if v is None:
        v = _analyze_fields(original, None)
        _cache_put(((original, v),))
    return v


def analyze(text: object, *, custom_themes: CompiledThemes | None = None) -> Analysis:
    """Analyse one text. Never raises."""
    return _make(_one(text if type(text) is str else _safe_text(text), custom_themes))


def iter_analyze(
    texts: Iterable[object], *, custom_themes: CompiledThemes | None = None
) -> Iterator[Analysis]:
    """Lazily analyse texts in order (for streams and big files)."""
    for t in texts:
        yield analyze(t, custom_themes=custom_themes)


def _analyze_batch(originals: list[str], custom_themes: CompiledThemes | None) -> list[Analysis]:
    use_cache = custom_themes is None
    found: list[_Fields | None] = _cache_get(originals) if use_cache else [None] * len(originals)
    todo: dict[str, list[int]] = {}  # each text still to analyse -> where it occurs
    for i, (s, v) in enumerate(zip(originals, found, strict=True)):
        if v is None:
            todo.setdefault(s, []).append(i)
    if todo:
        new = _fields_many(list(todo), custom_themes)
        for at, v in zip(todo.values(), new, strict=True):
            for i in at:
                found[i] = v
        if use_cache:
            _cache_put(zip(todo, new, strict=True))
    return [_make(v) for v in found]  # type: ignore[arg-type]  # all filled in above


def analyze_many(
    texts: Iterable[object], *, custom_themes: CompiledThemes | None = None
) -> list[Analysis]:
    """Analyse many texts, in input order.

    Texts go in batches of ``BATCH`` through one stage at a time (see ``_fields_many``).
    The cyclic garbage collector is paused meanwhile: the results hold no reference
    cycles, and with it on every few thousand results it walks all results made so far
    (about 7% of the time for 100,000 texts).
    """
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        out: list[Analysis] = []
        batch: list[str] = []
        for t in texts:
            batch.append(t if type(t) is str else _safe_text(t))
            if len(batch) == BATCH:
                out += _analyze_batch(batch, custom_themes)
                batch = []
        if batch:
            out += _analyze_batch(batch, custom_themes)
        return out
    finally:
        if gc_was_enabled:
            gc.enable()
