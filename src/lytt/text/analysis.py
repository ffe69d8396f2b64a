"""``analyze(text)``: the full analysis of one customer text.

Language, sentiment and emotions come from the statistical models (``langid``,
``sentiment``, ``emotions``); customer strategy, needs, themes, root causes and churn risk
come from the rule lexicons (``strategy``, ``needs``, ``themes``, ``churn``). Every text is
normalised and tokenised once (``normalize.prepare``) and every part reads the same tokens.
Never raises: any input (``None``, bytes, 100 kB, control characters, emoji only) gives a
valid :class:`Analysis`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from . import churn, emotions, langid, needs, sentiment, strategy, themes
from .matching import main_index
from .normalize import Prepared, prepare
from .scoring import score_tokens
from .themes import CompiledThemes

__all__ = ["Analysis", "analyze", "analyze_many", "analyze_prepared", "cache_clear"]

# Whole results of recent texts are kept (survey answers repeat: "Bra", "Veldig fornøyd").
# Only texts up to CACHEABLE_CHARS long, so the cache stays small (~1 kB an entry).
CACHE_SIZE = 50_000
CACHEABLE_CHARS = 1_000


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


def analyze_prepared(
    p: Prepared, original: str, custom_themes: CompiledThemes | None = None
) -> Analysis:
    """Analyse an already prepared text (``original`` is echoed back as ``text``)."""
    lang, conf = langid.detect(p)
    s_label, s_score = sentiment.score(p, lang)
    emo = emotions.predict(p, lang)
    toks, scores = score_tokens(p.folded, p.tokens, main_index())
    strat, strat_ev = strategy.decide(scores, p, s_label)
    need_list = needs.decide(scores, p)
    theme_list, roots = themes.decide(scores)
    if custom_themes is not None and custom_themes.names:
        for name in themes.decide_custom(p.folded, custom_themes):
            if name not in theme_list:
                theme_list.append(name)
    risk = churn.score(scores, strat, toks)
    return Analysis(
        original,
        lang,
        float(conf),
        s_label,
        float(s_score),
        emo,  # a fresh dict of floats from emotions.predict
        strat,
        tuple(strat_ev),
        tuple([(n, tuple(ev)) for n, ev in need_list]) if need_list else (),
        tuple(theme_list),
        tuple(roots),
        risk,
    )


def _empty(original: str) -> Analysis:
    return Analysis(original, "und", 0.0, "neutral", 0.0)


def _analyze_str(original: str, custom_themes: CompiledThemes | None) -> Analysis:
    try:
        return analyze_prepared(prepare(original), original, custom_themes)
    except Exception:  # pragma: no cover - last line of defence; covered by property tests
        return _empty(original)


@lru_cache(maxsize=CACHE_SIZE)
def _cached(original: str) -> Analysis:
    return _analyze_str(original, None)


def cache_clear() -> None:
    """Forget the cached results (after swapping a model or lexicon at run time)."""
    _cached.cache_clear()


def _copy(a: Analysis) -> Analysis:
    # a cached result is shared: hand out its only mutable part, the emotions, as a copy
    return Analysis(
        a.text,
        a.language,
        a.language_confidence,
        a.sentiment,
        a.sentiment_score,
        dict(a.emotions),
        a.strategy,
        a.strategy_evidence,
        a.needs,
        a.themes,
        a.root_causes,
        a.churn_risk,
    )


def analyze(text: object, *, custom_themes: CompiledThemes | None = None) -> Analysis:
    """Analyse one text. Never raises."""
    original = text if type(text) is str else _safe_text(text)
    if custom_themes is None and len(original) <= CACHEABLE_CHARS:
        return _copy(_cached(original))
    return _analyze_str(original, custom_themes)


def iter_analyze(
    texts: Iterable[object], *, custom_themes: CompiledThemes | None = None
) -> Iterator[Analysis]:
    """Lazily analyse texts in order (for streams and big files)."""
    for t in texts:
        yield analyze(t, custom_themes=custom_themes)


def analyze_many(
    texts: Iterable[object], *, custom_themes: CompiledThemes | None = None
) -> list[Analysis]:
    """Analyse many texts, in input order."""
    if custom_themes is not None:
        return [_analyze_str(t if type(t) is str else _safe_text(t), custom_themes) for t in texts]
    cached = _cached
    copy = _copy
    out: list[Analysis] = []
    append = out.append
    for t in texts:
        original = t if type(t) is str else _safe_text(t)
        if len(original) <= CACHEABLE_CHARS:
            append(copy(cached(original)))
        else:
            append(_analyze_str(original, None))
    return out
