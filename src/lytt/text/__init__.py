"""Lytt's text engine: language, sentiment, emotions, customer strategy, needs, themes,
root causes and churn risk for Scandinavian and English customer texts.

Pure Python (+ numpy for training only); never imports Django or any other Lytt package.

    >>> from lytt.text import analyze
    >>> analyze("Aldri mer! Ventet en time i kassa.").strategy
    'irritation'
"""

from __future__ import annotations

from .analysis import Analysis, analyze, analyze_many, iter_analyze
from .themes import CompiledThemes, compile_themes

__version__ = "1.0.0"

__all__ = [
    "Analysis",
    "CompiledThemes",
    "__version__",
    "analyze",
    "analyze_many",
    "compile_themes",
    "iter_analyze",
]
