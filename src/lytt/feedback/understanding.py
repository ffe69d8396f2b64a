"""What the text engine read in an answer, in words a person reads.

The engine (`lytt.text`) names its labels in English snake case; these are their names
in the user's language. An organisation's own themes are shown as they were written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lytt.feedback.models import CustomTheme, TextAnalysis

if TYPE_CHECKING:
    from lytt.text import Analysis, CompiledThemes

NEEDS: dict[str, Promise] = {
    "confirmation": _("to be heard and taken seriously"),
    "control": _("to know what happens next"),
    "influence": _("to change something"),
}
THEMES: dict[str, Promise] = {
    "waiting_time": _("waiting time"),
    "staff_attitude": _("staff attitude"),
    "competence": _("competence"),
    "price": _("price"),
    "product_quality": _("product quality"),
    "cleanliness": _("cleanliness"),
    "delivery": _("delivery"),
    "booking": _("booking"),
    "billing": _("billing"),
    "app_website": _("app or website"),
    "opening_hours": _("opening hours"),
}
ROOT_CAUSES: dict[str, Promise] = {
    "system_error": _("system error"),
    "growing_pains": _("growing pains"),
    "insufficient_training": _("insufficient training"),
    "misunderstanding": _("misunderstanding"),
    "under_capacity": _("under-capacity"),
    "unclarified_expectations": _("unclarified expectations"),
}
HIGH_CHURN_RISK = 0.5  # the engine's own line between low and high (lytt.text.churn)


@dataclass(frozen=True)
class Need:
    label: str
    name: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Reading:
    """One analysis, ready for a template."""

    analysis: TextAnalysis
    needs: tuple[Need, ...]
    themes: tuple[str, ...]
    root_causes: tuple[str, ...]

    @property
    def high_churn_risk(self) -> bool:
        return self.analysis.churn_risk >= HIGH_CHURN_RISK


def own_themes(organisation_id: int) -> CompiledThemes | None:
    """The organisation's own themes, compiled for the engine (None when it has none).
    Read from the database on each call: a batch of the worker makes one such call per
    organisation in it, and a change made on any web node counts at once."""
    from lytt.text import compile_themes

    themes = dict(
        CustomTheme.objects.filter(organisation_id=organisation_id).values_list("name", "keywords")
    )
    return compile_themes(themes) if themes else None


def analysis_fields(found: Analysis) -> dict[str, Any]:
    """The `TextAnalysis` columns (and the API's fields) for one result of the engine."""
    return {
        "language": found.language,
        "sentiment": found.sentiment,
        "sentiment_score": found.sentiment_score,
        "emotions": {k: round(v, 4) for k, v in found.emotions.items()},
        "strategy": found.strategy,
        "strategy_evidence": list(found.strategy_evidence),
        "needs": [{"label": n, "evidence": list(ev)} for n, ev in found.needs],
        "themes": list(found.themes),
        "root_causes": list(found.root_causes),
        "churn_risk": found.churn_risk,
    }


def reading(analysis: TextAnalysis) -> Reading:
    return Reading(
        analysis=analysis,
        needs=tuple(
            Need(n["label"], str(NEEDS.get(n["label"], n["label"])), tuple(n["evidence"]))
            for n in analysis.needs
        ),
        themes=tuple(str(THEMES.get(t, t)) for t in analysis.themes),
        root_causes=tuple(str(ROOT_CAUSES.get(c, c)) for c in analysis.root_causes),
    )
