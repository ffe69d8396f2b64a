"""Grouping of cue hits per task and label (shared by strategy, needs, themes, churn)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count
from operator import itemgetter
from typing import Any

from .matching import MAX_TERM_TOKENS, Cue, CueIndex, Hit

__all__ = ["LabelScore", "TaskScores", "group_hits", "score_tokens"]


@dataclass(slots=True)
class LabelScore:
    score: float = 0.0
    negated: float = 0.0
    evidence: list[str] = field(default_factory=list)
    negated_evidence: list[str] = field(default_factory=list)


TaskScores = dict[str, dict[str, LabelScore]]


def group_hits(hits: Sequence[Hit], tokens: Sequence[str]) -> TaskScores:
    """Sum cue weights per task and label, collecting the original words as evidence.

    Overlapping hits of the same label count once (the longest/strongest wins), so
    "aldri mer" and "aldri" do not double-count.
    """
    out: TaskScores = {}
    if not hits:
        return out
    taken: dict[tuple[str, str], list[tuple[int, int]]] = {}
    if len(hits) > 1:
        # longer spans first so that a phrase claims its tokens before its parts
        hits = sorted(hits, key=_order)
    for cue, start, end, negated in hits:
        key = (cue.task, cue.label)
        spans = taken.get(key)
        if spans is None:
            taken[key] = [(start, end)]
        else:
            clash = False
            for s, e in spans:
                if start < e and s < end:
                    clash = True
                    break
            if clash:
                continue
            spans.append((start, end))
        task = out.get(cue.task)
        if task is None:
            task = out[cue.task] = {}
        ls = task.get(cue.label)
        if ls is None:
            ls = task[cue.label] = LabelScore()
        words = tokens[start] if end == start + 1 else " ".join(tokens[start:end])
        if negated:
            ls.negated += cue.weight
            ls.negated_evidence.append(words)
        else:
            ls.score += cue.weight
            if words not in ls.evidence:
                ls.evidence.append(words)
    return out


def _order(h: Hit) -> tuple[int, float]:
    return (h[1] - h[2], -h[0].weight)


_BY_SPAN_THEN_WEIGHT = itemgetter(0, 1)


# score_tokens keeps the results of this many hit patterns per index (~2 kB an entry, so
# ~85 MB when full; the 66,434 distinct bench texts have 29,766 patterns). When full it
# starts over. The ids of score values (_value_id) survive that: the learned layer's and
# the themes' memos by id keep hitting for patterns scored again.
_MEMO_MAX = 40_000


def score_tokens(
    folded: Sequence[str], tokens: Sequence[str], index: CueIndex
) -> tuple[list[str], TaskScores]:
    """``group_hits(match(canonical(folded, index), index), tokens)`` in one pass.

    Returns the canonical tokens too (churn reads them). The hot path of ``analyze``:
    the hits are built with their sort key (longest span first, then the strongest cue,
    in match order otherwise) so that sorting needs no Python key function.

    Grouping the hits (spans, overlaps, sums, evidence) costs far more than finding
    them, and depends only on the text's *hit pattern*: each hit's cue, whether it is
    negated, the words it covers, and the hits' positions relative to each other (gaps
    between hits capped at ``MAX_TERM_TOKENS``: hits further apart never overlap). Texts
    share patterns ("Maten var frekk." and "Kassadamen var frekk!" have the same one), so
    the grouped scores of recent patterns are kept per index and shared: callers only
    read them. ``tests/test_rules.py`` checks the result against the three separate
    steps.
    """
    toks = list(map(index.variants.get, folded, folded))
    return toks, _score_hits(toks, tokens, index)[0]


def score_tokens_id(
    folded: Sequence[str], tokens: Sequence[str], index: CueIndex
) -> tuple[list[str], TaskScores, int]:
    """``score_tokens`` and an id of the scores' values: texts with equal ids (> 0) have
    the same tasks and labels with the same scores and negated sums, in the same order
    (their evidence may differ); 0 when there are no hits. Ids are never reused in a
    process."""
    toks = list(map(index.variants.get, folded, folded))
    return (toks, *_score_hits(toks, tokens, index))


# the values of grouped scores (score_tokens_id) -> their id; ids never reused
_VALUE_IDS: dict[tuple[Any, ...], int] = {}
_NEXT_ID = count(1)


def _value_id(out: TaskScores) -> int:
    """The id of the values of ``out`` (computed once per new hit pattern)."""
    key = tuple(
        [(task, label, ls.score, ls.negated) for task, labels in out.items()
         for label, ls in labels.items()]
    )  # fmt: skip
    vid = _VALUE_IDS.get(key)
    if vid is None:
        if len(_VALUE_IDS) >= _MEMO_MAX:
            _VALUE_IDS.clear()
        vid = _VALUE_IDS[key] = next(_NEXT_ID)
    return vid


def _score_hits(toks: list[str], tokens: Sequence[str], index: CueIndex) -> tuple[TaskScores, int]:
    """Match the canonical tokens ``toks`` and group the hits (see ``score_tokens``);
    with the id of their pattern (0 without hits)."""
    heads = index.heads
    negators = index.negators
    window = index.window
    n = len(toks)
    hits: list[tuple[int, float, Cue, int, int, bool]] = []
    append = hits.append
    last_neg = -100
    multi = False
    i = 0
    for t in toks:
        entry = heads.get(t)
        if entry is not None:
            neg = i - last_neg <= window
            single, longer = entry
            for cue in single:
                append((-1, -cue.weight, cue, i, i + 1, neg and not cue.has_negator))
            if longer and i + 1 < n:
                cands = longer.get(toks[i + 1])
                if cands is not None:
                    for rest, cues in cands:
                        k = len(rest)
                        if k and toks[i + 2 : i + 2 + k] != rest:
                            continue
                        end = i + 2 + k
                        multi = True
                        for cue in cues:
                            append((i - end, -cue.weight, cue, i, end, neg and not cue.has_negator))
        if t in negators:
            last_neg = i
        i += 1
    out: TaskScores = {}
    if not hits:
        return out, 0
    # the hit pattern (see score_tokens); hits are in position order here
    pattern: list[tuple[Any, ...]] = []
    last = hits[0][3]
    at = 0
    for _len, _w, cue, start, end, negated in hits:
        gap = start - last
        at += gap if gap < MAX_TERM_TOKENS else MAX_TERM_TOKENS
        last = start
        pattern.append(
            (id(cue), at, end - start, negated, tokens[start] if end == start + 1 else
             tuple(tokens[start:end]))
        )  # fmt: skip
    key = tuple(pattern)
    memo = index.score_memo
    known = memo.get(key)
    if known is not None:
        return known  # type: ignore[no-any-return]  # a (TaskScores, id) stored below
    if len(memo) >= _MEMO_MAX:
        memo.clear()
    if len(hits) > 1:
        hits.sort(key=_BY_SPAN_THEN_WEIGHT)
    if not multi:
        # one-word hits only: each sits on its own token with its own (task, label), so no
        # two of a label overlap and there are no spans to check
        by_key: dict[tuple[str, str], LabelScore] = {}
        for _len, _w, cue, start, _end, negated in hits:
            ls = by_key.get(cue.key)
            if ls is None:
                task = out.get(cue.task)
                if task is None:
                    task = out[cue.task] = {}
                ls = by_key[cue.key] = task[cue.label] = LabelScore(0.0, 0.0, [], [])
            _add_hit(ls, cue.weight, tokens[start], negated)
        done = memo[key] = (out, _value_id(out))  # complete: stored only now
        return done
    found: dict[tuple[str, str], tuple[LabelScore, list[tuple[int, int]]]] = {}
    for _len, _w, cue, start, end, negated in hits:
        got = found.get(cue.key)
        if got is None:
            task = out.get(cue.task)
            if task is None:
                task = out[cue.task] = {}
            ls = task[cue.label] = LabelScore(0.0, 0.0, [], [])
            found[cue.key] = (ls, [(start, end)])
        else:
            ls, spans = got
            clash = False
            for s, e in spans:
                if start < e and s < end:
                    clash = True
                    break
            if clash:
                continue
            spans.append((start, end))
        words = tokens[start] if end == start + 1 else " ".join(tokens[start:end])
        _add_hit(ls, cue.weight, words, negated)
    done = memo[key] = (out, _value_id(out))
    return done


def _add_hit(ls: LabelScore, weight: float, words: str, negated: bool) -> None:
    if negated:
        ls.negated += weight
        ls.negated_evidence.append(words)
    else:
        ls.score += weight
        if words not in ls.evidence:
            ls.evidence.append(words)
