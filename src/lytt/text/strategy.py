"""Customer strategy (DOMAIN.md section 2): irritation, passivity, relation or none.

* **irritation**: the customer shows and says they are unhappy (complaint words, demands,
  "never again", anger emoji, shouting in capitals, "!!").
* **passivity**: the customer puts up with it and says nothing ("sa ikke noe", "orket
  ikke", "gikk bare", "meh") and typically just does not come back.
* **relation**: the customer charms the employee into helping ("jeg var ekstra blid",
  "skrøt litt", "butter him up"): praise that is really about the customer's own effort.

Passivity and relation cues are specific, so they win over irritation when they reach the
threshold; otherwise the strongest label at or above the threshold wins, else "none".
"""

from __future__ import annotations

import re

from .normalize import Prepared
from .scoring import TaskScores

__all__ = ["LABELS", "decide"]

LABELS = ("irritation", "passivity", "relation", "none")
THRESHOLD = 1.0
SPECIFIC_THRESHOLD = 1.5
# a text the sentiment model calls negative is, by default, a complaint told to the provider
NEGATIVE_SENTIMENT_WEIGHT = 0.75
# words of four or more capitals: "HELT", "JÆVLIG", "NEVER"
_CAPS_RE = re.compile(r"\b[A-ZÆØÅÄÖÉÜ]{4,}\b")
# any such word holds four capitals in a row; without the \b this pattern starts with a
# character set, which the regex engine scans for quickly, so most texts skip _CAPS_RE
_FOUR_CAPS_RE = re.compile("[A-ZÆØÅÄÖÉÜ]{4}")


def _shouting(p: Prepared) -> float:
    """Extra irritation weight for '!!' and text written in capitals."""
    extra = 0.0
    text = p.text
    norm = p.norm
    if "!!" in norm or "?!" in norm:
        extra += 1.0
    if "??" in norm:
        extra += 0.5
    if text.islower():
        return extra
    head = text[:400]
    if (len(head) >= 8 and head.isupper()) or (
        _FOUR_CAPS_RE.search(head) is not None and len(_CAPS_RE.findall(head)) >= 2
    ):
        extra += 1.5
    return extra


def _voiced(scores: TaskScores, sentiment: str) -> float:
    """Irritation weight for a problem told to the provider.

    A customer who names what went wrong (a root cause) or asks for an answer or a change
    (the control/influence needs) is warning the provider, which is what the irritation
    strategy does (DOMAIN.md section 2), even without angry words.
    """
    extra = 0.0
    rc = scores.get("root_causes")  # +1.0: naming the cause is telling the provider
    if rc:
        for ls in rc.values():
            if ls.score >= 1.5:
                extra += 1.0
                break
    ch = scores.get("churn")
    leave = ch.get("leave") if ch else None
    if leave is not None and leave.score >= 2.0:
        # announcing that you leave is telling the provider; silent leavers are passive
        extra += 1.0
    nd = scores.get("needs")
    if nd:
        conf = nd.get("confirmation")
        if conf is not None and conf.score >= 1.5 and sentiment != "positive":
            extra += 0.75
        infl = nd.get("influence")
        ctrl = nd.get("control")
        if (infl is not None and infl.score >= 1.5) or (ctrl is not None and ctrl.score >= 1.5):
            # asking for an answer or a change: voiced, but a calm tip alone is not a complaint
            extra += 0.75
    if sentiment == "negative":
        extra += NEGATIVE_SENTIMENT_WEIGHT
    return extra


def decide(scores: TaskScores, p: Prepared, sentiment: str = "neutral") -> tuple[str, list[str]]:
    s = scores.get("strategy", {})
    irr = s.get("irritation")
    pas = s.get("passivity")
    rel = s.get("relation")
    irr_score = (irr.score if irr else 0.0) + _shouting(p) + _voiced(scores, sentiment)
    pas_score = pas.score if pas else 0.0
    rel_score = rel.score if rel else 0.0
    if rel is not None and rel_score >= SPECIFIC_THRESHOLD and rel_score >= pas_score:
        return "relation", list(rel.evidence)
    if pas is not None and pas_score >= SPECIFIC_THRESHOLD and pas_score + 2.5 >= irr_score:
        return "passivity", list(pas.evidence)
    if irr_score >= THRESHOLD:
        ev = list(irr.evidence) if irr else []
        if not ev and "!!" in p.norm:
            ev.append("!!")
        return "irritation", ev
    return "none", []
