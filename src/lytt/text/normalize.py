"""Text normalisation shared by every part of the text engine.

``prepare(text)`` is run once per text; every model (language id, sentiment, emotions,
and the rule-based strategy/needs/themes/churn detectors) reads the same ``Prepared``.

What ``prepare`` does, in order:

1. ``text``: the original input, cut to ``MAX_CHARS`` (20,000) characters.
2. ``norm``: lone surrogates and control/format characters removed (tab and newline
   become spaces), Unicode NFKC, lowercased, any character repeated three or more times
   cut to two ("heeeelt" -> "heelt", "!!!!" -> "!!"), whitespace collapsed and stripped.
3. ``tokens``: the word tokens of ``norm`` in order. A token is one of

   * an emoticon, written canonically without a nose and without repeats
     (":-)", ":))", "=)" -> ":)"; ":-(", ":((" -> ":("; ":d", ";)", ":p", ":/", ":'(", "<3"),
   * a single emoji (skin-tone modifiers, variation selectors and joiners dropped),
   * a word: letters/digits, with inner apostrophes or hyphens ("don't", "e-post").

4. ``folded``: ``fold(t)`` for every token (emoticons and emoji are kept as they are).

``fold(word)`` is the spelling-insensitive matching key. For a lowercased word:

   a. ``æ``/``ä`` -> ``a``, ``ø``/``ö`` -> ``o``, ``å`` -> ``a``, ``é``/``è``/``ê`` -> ``e``,
      ``ü`` -> ``u``, ``á``/``à``/``â`` -> ``a``, ``ó``/``ò``/``ô`` -> ``o``;
   b. the ASCII spellings ``ae`` -> ``a``, ``oe`` -> ``o``, ``aa`` -> ``a``
      (applied left to right, so ``"daarlig"`` -> ``"darlig"``);
   c. every run of the same letter is cut to one (``"ikke"`` -> ``"ike"``).

So "dårlig", "daarlig", "darlig", "DÅÅÅRLIG" all give ``"darlig"``; "ikkje" -> "ikje";
"bøker", "boeker", "boker" -> "boker"; "være"/"vaere"/"vare" -> "vare".
The key is lossy on purpose: match lexicons by ``fold(entry) == fold(token)``.

Nothing here raises on any ``str`` input.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["MAX_CHARS", "Prepared", "fold", "is_emoji", "prepare"]

MAX_CHARS = 20_000

_CONTROL_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_SPACE_CTRL_RE = re.compile("[\t\n\r]")
_REPEAT_RE = re.compile(r"(.)\1\1+", re.DOTALL)

# Emoji: the main pictographic blocks; modifiers/selectors are dropped before tokenising.
_EMOJI_CLASS = (
    "\U0001f000-\U0001f02f\U0001f0a0-\U0001f0ff\U0001f100-\U0001f1ff"
    "\U0001f200-\U0001f2ff\U0001f300-\U0001f5ff\U0001f600-\U0001f64f"
    "\U0001f680-\U0001f6ff\U0001f700-\U0001f7ff\U0001f800-\U0001f8ff"
    "\U0001f900-\U0001f9ff\U0001fa00-\U0001faff\u2600-\u27bf\u2b00-\u2bff"
    "\u2300-\u23ff"
)
_EMOJI_MOD_RE = re.compile("[\U0001f3fb-\U0001f3ff\ufe0e\ufe0f\u200d\u20e3]")
_EMOJI_RE = re.compile(f"[{_EMOJI_CLASS}]")

# Emoticons (on lowercased text). Order matters: longer first.
_EMOTICON_PAT = (
    r"(?:(?<![\w])(?:"
    r"[:;=8][\-o^']?[)\]}dDpP(\[{/\\|*3oO]+"  # :) :-) ;) :d :p :( :/ :| :* :3 :o
    r"|[:;=][\-']?\(+"  # :'( :((
    r"|<3+"
    r"|\^_*\^"
    r")(?![\w]))"
)
_WORD_PAT = r"[^\W_]+(?:['’\-][^\W_]+)*"
_TOKEN_RE = re.compile(_WORD_PAT + "|" + _EMOTICON_PAT + f"|[{_EMOJI_CLASS}]")
_WORD_RE = re.compile(_WORD_PAT)


_MOUTH = {")": ")", "]": ")", "}": ")", "(": "(", "[": "(", "{": "(", "\\": "/", "3": "3"}


@lru_cache(maxsize=256)
def _canon_emoticon(tok: str) -> str:
    if tok.startswith("<3"):
        return "<3"
    if tok.startswith("^"):
        return "^^"
    eyes = ";" if tok[0] == ";" else ":"
    body = tok[1:]
    if "'" in body and "(" in body:
        return ":'("
    body = body.lstrip("-^'")
    if len(body) > 1 and body[0] == "o" and body[1] in ")(][":
        body = body[1:]
    if not body:
        return tok
    return eyes + _MOUTH.get(body[0], body[0])


_FOLD_TABLE = str.maketrans(
    {
        "æ": "a",
        "ä": "a",
        "ø": "o",
        "ö": "o",
        "å": "a",
        "é": "e",
        "è": "e",
        "ê": "e",
        "ë": "e",
        "ü": "u",
        "á": "a",
        "à": "a",
        "â": "a",
        "ó": "o",
        "ò": "o",
        "ô": "o",
        "í": "i",
        "ï": "i",
        "ú": "u",
    }
)
_DIGRAPH_RE = re.compile("ae|oe|aa")
_DIGRAPH_MAP = {"ae": "a", "oe": "o", "aa": "a"}
_RUN_RE = re.compile(r"(.)\1+", re.DOTALL)


_FOLD_MEMO: dict[str, str] = {}
_FOLD_MEMO_MAX = 200_000


def fold(word: str) -> str:
    """Spelling-insensitive key of a lowercased word (see module docstring)."""
    k = _FOLD_MEMO.get(word)
    if k is not None:
        return k
    try:
        w = word.translate(_FOLD_TABLE)
        if "ae" in w or "oe" in w or "aa" in w:
            w = _DIGRAPH_RE.sub(lambda m: _DIGRAPH_MAP[m.group(0)], w)
        k = _RUN_RE.sub(r"\1", w)
    except Exception:  # pragma: no cover - defensive; str ops above do not raise
        return word
    if len(_FOLD_MEMO) < _FOLD_MEMO_MAX:
        _FOLD_MEMO[word] = k
    return k


def is_emoji(tok: str) -> bool:
    """True for a single-emoji token."""
    return len(tok) == 1 and _EMOJI_RE.match(tok) is not None


@dataclass(frozen=True, slots=True)
class Prepared:
    text: str
    norm: str
    tokens: tuple[str, ...]
    folded: tuple[str, ...]


_EMPTY = Prepared("", "", (), ())
_new = object.__new__
_set_text, _set_norm, _set_tokens, _set_folded = (
    getattr(Prepared, f).__set__ for f in ("text", "norm", "tokens", "folded")
)


_ODD_RE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
    "\ufe0e\ufe0f\u20e3\ufff9-\ufffb\ud800-\udfff\U0001f3fb-\U0001f3ff]"
)


def _normalise(text: str) -> str:
    t = text
    if _ODD_RE.search(t) is not None:
        t = _CONTROL_RE.sub("", _SPACE_CTRL_RE.sub(" ", t))
        t = _EMOJI_MOD_RE.sub("", t)
    if not t.isascii() and not unicodedata.is_normalized("NFKC", t):
        t = unicodedata.normalize("NFKC", t)
    t = t.lower()
    if _REPEAT_RE.search(t) is not None:
        t = _REPEAT_RE.sub(r"\1\1", t)
    # Whitespace left by now is " " or U+1680 (the rest was removed or NFKC'd to " "), so
    # text without a double space, an outer space or U+1680 is already collapsed.
    if "  " in t or t[:1] == " " or t[-1:] == " " or "\u1680" in t:
        return " ".join(t.split())
    return t


# Size overhead of a one-byte-per-char (Latin-1) str: such a str cannot hold emoji, so
# the cheap word-only tokeniser is enough when it also lacks emoticon characters.
_LATIN1_OVERHEAD = sys.getsizeof("é" * 8) - 8


# sentence punctuation that ends a word ("kassa.", "frekk!!") and starts no token
_END_PUNCT = ".,!?"


def _tokens(norm: str) -> list[str]:
    # No token spans a space and the emoticon look-arounds treat a space like the ends of
    # the string, so the tokens of ``norm`` are those of its space-separated pieces: a
    # piece of letters and digits only (``isalnum``, the same test as ``[^\W_]``) is one
    # token, so is one followed only by ".,!?" ("kassa."), and only the rest (":-)",
    # "e-post", "(sic)") goes through a regex.
    out: list[str] = []
    append = out.append
    if (
        sys.getsizeof(norm) - len(norm) <= _LATIN1_OVERHEAD
        and ":" not in norm
        and ";" not in norm
        and "=" not in norm
        and "<" not in norm
        and "^" not in norm
    ):
        words = _WORD_RE.findall
        for piece in norm.split(" "):
            if piece.isalnum():
                append(piece)
            elif (w := piece.rstrip(_END_PUNCT)).isalnum():
                append(w)
            else:
                out += words(piece)
        return out
    find = _TOKEN_RE.findall
    for piece in norm.split(" "):
        if piece.isalnum():
            append(piece)
            continue
        w = piece.rstrip(_END_PUNCT)
        if w.isalnum():
            append(w)
            continue
        for t in find(piece):
            append(_canon_emoticon(t) if len(t) > 1 and not t[0].isalnum() else t)
    return out


# token -> its matching key: fold(token) for words, the token itself for emoji/emoticons
_KEY_MEMO: dict[str, str] = {}


def _keys(toks: list[str]) -> tuple[str, ...]:
    keys = tuple(map(_KEY_MEMO.get, toks))
    if None not in keys:
        return keys  # type: ignore[return-value]  # None is not in it
    out = []
    for t in toks:
        k = _KEY_MEMO.get(t)
        if k is None:
            k = fold(t) if t[0].isalnum() else t
            if len(_KEY_MEMO) < _FOLD_MEMO_MAX:
                _KEY_MEMO[t] = k
        out.append(k)
    return tuple(out)


def prepare(text: object) -> Prepared:
    """Normalise and tokenise ``text``; never raises (non-str input gives an empty result
    unless it converts to str cleanly)."""
    try:
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        if not text:
            return _EMPTY
        if len(text) > MAX_CHARS:
            text = text[:MAX_CHARS]
        norm = _normalise(text)
        toks = _tokens(norm)
        # Prepared(text, norm, tokens, folded), without the frozen dataclass's four
        # object.__setattr__ calls (test_normalize checks both give equal objects)
        p: Prepared = _new(Prepared)
        _set_text(p, text)
        _set_norm(p, norm)
        _set_tokens(p, tuple(toks))
        _set_folded(p, _keys(toks))
        return p
    except Exception:  # pragma: no cover - last line of defence
        return _EMPTY
