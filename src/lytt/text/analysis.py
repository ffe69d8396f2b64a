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
from typing import Any

from . import churn, emotions, langid, needs, sentiment, strategy, themes
from .matching import canonical, main_index, match
from .normalize import Prepared, prepare
from .scoring import group_hits
from .themes import CompiledThemes

__all__ = ["Analysis", "analyze", "analyze_many", "analyze_prepared"]


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
    index = main_index()
    toks = canonical(p.folded, index)
    scores = group_hits(match(toks, index), p.tokens)
    strat, strat_ev = strategy.decide(scores, p, s_label)
    need_list = needs.decide(scores, p)
    theme_list, roots = themes.decide(scores)
    if custom_themes is not None and custom_themes.names:
        for name in themes.decide_custom(p.folded, custom_themes):
            if name not in theme_list:
                theme_list.append(name)
    risk = churn.score(scores, strat, toks)
    return Analysis(
        text=original,
        language=lang,
        language_confidence=float(conf),
        sentiment=s_label,
        sentiment_score=float(s_score),
        emotions={k: float(v) for k, v in emo.items()},
        strategy=strat,
        strategy_evidence=tuple(strat_ev),
        needs=tuple((n, tuple(ev)) for n, ev in need_list),
        themes=tuple(theme_list),
        root_causes=tuple(roots),
        churn_risk=risk,
    )


def _empty(original: str) -> Analysis:
    return Analysis(original, "und", 0.0, "neutral", 0.0)


def analyze(text: object, *, custom_themes: CompiledThemes | None = None) -> Analysis:
    """Analyse one text. Never raises."""
    original = _safe_text(text)
    try:
        return analyze_prepared(prepare(original), original, custom_themes)
    except Exception:  # pragma: no cover - last line of defence; covered by property tests
        return _empty(original)


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
    return [analyze(t, custom_themes=custom_themes) for t in texts]
