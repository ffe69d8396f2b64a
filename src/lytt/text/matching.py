"""Lexicon compilation and matching for the rule half of the text engine.

Lexicons are plain JSON files in ``lexicons/`` (see ``docs/text-rules.md``). At load time
every term is tokenised and folded with :func:`lytt.text.normalize.prepare`, so matching is
done on the same spelling-insensitive keys the rest of the engine uses ("dårlig",
"daarlig", "DÅÅRLIG" all fold to "darlig").

Compilation produces three dicts, so that matching a text is a handful of dict lookups per
token and no regular expressions:

* ``heads``: first folded token of a term -> (cues of that one-word term, second token ->
  list of (rest of the term, cues)), so a text token costs one or two dict lookups;
* ``variants``: a misspelt folded token -> the lexicon word it is one edit away from
  (deletions and adjacent transpositions for words of 5+ letters, substitutions of
  any letter but the first for words of 7+ letters), generated at
  load time for every lexicon word of five or more letters;
* the term syntax: ``"word*"`` expands ``word`` with the inflection suffixes from
  ``config.json`` ("vente*" -> vente, venter, ventet, ventetid is its own term ...);
  ``"term|1.5"`` gives the cue weight 1.5 (default 1).

A cue is *negated* when a negator ("ikke", "inte", "not", "never", ...) occurs within the
negation window before it and the term does not itself contain a negator.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from .normalize import fold, prepare

__all__ = [
    "Cue",
    "CueIndex",
    "Hit",
    "build_index",
    "lexicon_versions",
    "load_config",
    "load_lexicon",
    "main_index",
    "match",
]

_SUB_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
MAX_TERM_TOKENS = 6


@dataclass(frozen=True, slots=True)
class Cue:
    """One lexicon term: which task and label it signals, and how strongly."""

    task: str
    label: str
    weight: float
    has_negator: bool
    # (task, label), built once so that scoring a hit does not build the tuple again
    key: tuple[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", (self.task, self.label))


# One match of a cue in a text: (cue, start, end, negated), token span [start, end).
# A plain tuple: this is the hot path, and tuples are much cheaper to build than objects.
Hit = tuple[Cue, int, int, bool]


@dataclass(slots=True)
class CueIndex:
    # first token -> (cues of the one-word term, {second token -> [(rest, cues)]})
    heads: dict[str, tuple[tuple[Cue, ...], dict[str, list[tuple[list[str], tuple[Cue, ...]]]]]] = (
        field(default_factory=dict)
    )
    vocab: set[str] = field(default_factory=set)
    variants: dict[str, str] = field(default_factory=dict)
    negators: frozenset[str] = frozenset()
    window: int = 3
    # scoring.score_tokens: the grouped scores of recent hit patterns (see there)
    score_memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)


@lru_cache(maxsize=1)
def load_config() -> dict[str, Any]:
    return _read_json("config.json")


def _read_json(name: str) -> dict[str, Any]:
    ref = resources.files("lytt.text").joinpath("lexicons", name)
    data: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=16)
def load_lexicon(name: str) -> dict[str, Any]:
    """The parsed JSON of ``lexicons/<name>.json``."""
    return _read_json(f"{name}.json")


def lexicon_versions() -> dict[str, str]:
    """Version of every shipped lexicon file, for provenance in reports."""
    names = ("config", "strategy", "needs", "themes", "root_causes", "churn")
    return {n: str(load_lexicon(n).get("version", "?")) for n in names}


def _term_tokens(term: str) -> list[str]:
    """Fold a lexicon term the same way texts are folded; keeps '*' markers."""
    out: list[str] = []
    for raw in term.split():
        star = raw.endswith("*") and len(raw) > 1
        word = raw[:-1] if star else raw
        p = prepare(word)
        if not p.folded:
            continue
        toks = list(p.folded)
        if star:
            toks[-1] = toks[-1] + "*"
        out.extend(toks)
    return out


def _parse_term(raw: str) -> tuple[str, float]:
    term, sep, w = raw.rpartition("|")
    if sep and term:
        try:
            return term, float(w)
        except ValueError:
            return raw, 1.0
    return raw, 1.0


def _edits(word: str) -> set[str]:
    """Edit-distance-1 variants of a folded word worth indexing."""
    n = len(word)
    out: set[str] = set()
    if n < 5:
        return out
    for i in range(n):
        out.add(word[:i] + word[i + 1 :])
    for i in range(n - 1):
        if word[i] != word[i + 1]:
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    if n >= 7:
        for i in range(1, n):
            for c in _SUB_ALPHABET:
                if c != word[i]:
                    out.add(word[:i] + c + word[i + 1 :])
    # the fold collapses runs, so a deletion or swap that creates a run must be folded too
    return {fold(v) for v in out}


def build_index(
    entries: Iterable[tuple[str, str, str]],
    *,
    negatable_tasks: Iterable[str] = (),
    extra_vocab: Iterable[str] = (),
) -> CueIndex:
    """Compile (task, label, raw term) entries into a :class:`CueIndex`."""
    cfg = load_config()
    suffixes = [str(s) for s in cfg.get("suffixes", [""])]
    negators = frozenset(fold(w) for w in cfg.get("negators", []))
    protected = {fold(w) for w in cfg.get("protected", [])}
    negatable = set(negatable_tasks)
    index = CueIndex(negators=negators, window=int(cfg.get("negation_window", 3)))
    table: dict[tuple[str, ...], list[Cue]] = {}
    base_words: set[str] = set()
    for task, label, raw in entries:
        term, weight = _parse_term(raw)
        toks = _term_tokens(term)
        if not toks or len(toks) > MAX_TERM_TOKENS:
            continue
        has_neg = task not in negatable or any(t.rstrip("*") in negators for t in toks)
        cue = Cue(task, label, weight, has_neg)
        forms: list[list[str]] = [[]]
        for t in toks:
            if t.endswith("*"):
                stem = t[:-1]
                base_words.add(stem)
                # short stems only match as written: "dam*" would swallow "dame"
                opts = [stem]
                if len(stem) >= 4:
                    opts += [w for s in suffixes if (w := fold(stem + s)) not in protected]
                opts = list(dict.fromkeys(opts))
            else:
                base_words.add(t)
                opts = [t]
            forms = [[*form, o] for form in forms for o in opts]
        for f in forms:
            table.setdefault(tuple(f), []).append(cue)
    singles: dict[str, tuple[Cue, ...]] = {}
    longer: dict[str, dict[str, list[tuple[list[str], tuple[Cue, ...]]]]] = {}
    for key, cues in table.items():
        index.vocab.update(key)
        if len(key) == 1:
            singles[key[0]] = tuple(_dedupe(cues))
        else:
            nxt = longer.setdefault(key[0], {})
            nxt.setdefault(key[1], []).append((list(key[2:]), tuple(_dedupe(cues))))
    for head in singles.keys() | longer.keys():
        index.heads[head] = (singles.get(head, ()), longer.get(head, {}))
    index.vocab.update(extra_vocab)
    for w in sorted(base_words):
        if not w.isalpha():
            continue
        for v in _edits(w):
            if v in index.vocab or v in protected or len(v) < 4:
                continue
            # first (alphabetical) lexicon word wins when two are one edit from the same
            # string; both usually carry the same cue ("krasjer"/"krasjar" <- "krasjr")
            index.variants.setdefault(v, w)
    return index


def _dedupe(cues: Sequence[Cue]) -> list[Cue]:
    """One cue per (task, label) per term form: keep the strongest."""
    best: dict[tuple[str, str], Cue] = {}
    for c in cues:
        k = (c.task, c.label)
        if k not in best or c.weight > best[k].weight:
            best[k] = c
    return list(best.values())


def canonical(tokens: Sequence[str], index: CueIndex) -> list[str]:
    """Map each folded token to a lexicon word when it is a known misspelling of one."""
    # variants never contain a lexicon word (see build_index), so a plain lookup suffices
    return list(map(index.variants.get, tokens, tokens))


def match(tokens: list[str], index: CueIndex) -> list[Hit]:
    """All cue hits in a sequence of folded (ideally canonicalised) tokens."""
    heads = index.heads
    negators = index.negators
    window = index.window
    n = len(tokens)
    hits: list[Hit] = []
    last_neg = -100
    append = hits.append
    for i in range(n):
        t = tokens[i]
        entry = heads.get(t)
        if entry is not None:
            neg = i - last_neg <= window
            single, longer = entry
            for cue in single:
                append((cue, i, i + 1, neg and not cue.has_negator))
            if longer and i + 1 < n:
                cands = longer.get(tokens[i + 1])
                if cands is not None:
                    for rest, cues in cands:
                        k = len(rest)
                        if k and tokens[i + 2 : i + 2 + k] != rest:
                            continue
                        end = i + 2 + k
                        for cue in cues:
                            append((cue, i, end, neg and not cue.has_negator))
        if t in negators:
            last_neg = i
    return hits


_TASK_FILES = ("strategy", "needs", "themes", "root_causes", "churn")
NEGATABLE_TASKS = ("strategy", "churn")


def _lexicon_entries(names: Iterable[str]) -> Iterable[tuple[str, str, str]]:
    for name in names:
        data = load_lexicon(name)
        labels: Mapping[str, list[str]] = data.get("labels", {})
        for label, terms in labels.items():
            for term in terms:
                yield name, label, str(term)


@lru_cache(maxsize=1)
def main_index() -> CueIndex:
    """The compiled index of all shipped lexicons (built once per process)."""
    return build_index(_lexicon_entries(_TASK_FILES), negatable_tasks=NEGATABLE_TASKS)
