"""The shape of a survey definition and the helpers that read it.

A definition (stored in `SurveyVersion.definition`)::

    {"pages": [{"key": "p1", "questions": [{
        "key": "q1",
        "type": "nps|csat|ces|rating|yes_no|single_choice|multiple_choice|text|competency",
        "required": bool,
        "text": {lang: str}, "help": {lang: str},
        "options": [{"key": str, "text": {lang: str}}],          # choice types
        "scale": {"min": int, "max": int, "low": {lang}, "high": {lang}},  # scales
        "competency_item": key or None,                           # competency type
        "show_if": {"question": key, "op": "eq|neq|lte|gte|in", "value": ...} or None,
    }]}]}

Validated answer values (what `validate_answer` returns):
numbers (int) for nps, csat, ces, rating and competency; bool for yes_no; an option
key (str) for single_choice; a list of option keys for multiple_choice; str for text;
None for an unanswered optional question.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)

QUESTION_TYPES: tuple[str, ...] = (
    "nps",
    "csat",
    "ces",
    "rating",
    "yes_no",
    "single_choice",
    "multiple_choice",
    "text",
    "competency",
)
SCALE_TYPES = frozenset({"nps", "csat", "ces", "rating", "competency"})
CHOICE_TYPES = frozenset({"single_choice", "multiple_choice"})
# Fixed scales; rating and competency may choose their own within SCALE_LIMITS.
FIXED_SCALES: dict[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
DEFAULT_SCALES: dict[str, tuple[int, int]] = {"rating": (1, 5), "competency": (1, 5)}
SCALE_LIMITS = (0, 10)
OPS = ("eq", "neq", "lte", "gte", "in")
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
TEXT_MAX = 5000
QUESTION_FIELDS = frozenset(
    {"key", "type", "required", "text", "help", "options", "scale", "competency_item", "show_if"}
)
MAX_QUESTIONS = 100
MAX_OPTIONS = 50

_TRUE = {"1", "true", "yes", "ja", "y", "on"}
_FALSE = {"0", "false", "no", "nei", "nej", "n", "off"}


# Reading ---------------------------------------------------------------------------


def questions(definition: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """All questions of a definition, in order, across pages."""
    if not definition:
        return []
    out: list[dict[str, Any]] = []
    for page in definition.get("pages") or []:
        out.extend(page.get("questions") or [])
    return out


def question_map(definition: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    return {q["key"]: q for q in questions(definition)}


def text_for(
    mapping: Mapping[str, str] | str | None, language: str, default: str | None = None
) -> str:
    """The text in `language`, else in `default`, else in any language ("" if none)."""
    if not mapping:
        return ""
    if isinstance(mapping, str):
        return mapping
    for lang in (language, default):
        if lang and mapping.get(lang):
            return str(mapping[lang])
    for lang in (*LANGUAGE_CODES, *mapping.keys()):
        if mapping.get(lang):
            return str(mapping[lang])
    return ""


def scale_of(question: Mapping[str, Any]) -> tuple[int, int] | None:
    """(min, max) of a scale question, None for other types."""
    qtype = question.get("type")
    if qtype in FIXED_SCALES:
        return FIXED_SCALES[qtype]
    if qtype in DEFAULT_SCALES:
        scale = question.get("scale") or {}
        lo, hi = DEFAULT_SCALES[qtype]
        return int(scale.get("min", lo)), int(scale.get("max", hi))
    return None


def option_keys(question: Mapping[str, Any]) -> list[str]:
    return [o["key"] for o in question.get("options") or []]


def is_visible(question: Mapping[str, Any], answers_so_far: Mapping[str, Any]) -> bool:
    """Whether a question is shown given the (validated) answers given so far.

    A question whose condition refers to an unanswered question is hidden.
    """
    cond = question.get("show_if")
    if not cond:
        return True
    ref = cond.get("question")
    answer = answers_so_far.get(ref) if isinstance(ref, str) else None
    if answer is None or answer == "" or answer == []:
        return False
    op = cond.get("op")
    value = cond.get("value")
    if op in ("eq", "neq"):
        hit = value in answer if isinstance(answer, list) else _same(answer, value)
        return hit if op == "eq" else not hit
    if op in ("lte", "gte"):
        try:
            a, v = float(answer), float(value)
        except (TypeError, ValueError):
            return False
        return a <= v if op == "lte" else a >= v
    if op == "in":
        values = value if isinstance(value, list) else [value]
        if isinstance(answer, list):
            return any(a in values for a in answer)
        return any(_same(answer, v) for v in values)
    return False


def _same(answer: Any, value: Any) -> bool:
    if isinstance(answer, bool) or isinstance(value, bool):
        return _as_bool(answer) == _as_bool(value)
    if isinstance(answer, int | float) and not isinstance(value, str | list | dict):
        try:
            return float(answer) == float(value)
        except (TypeError, ValueError):
            return False
    return answer == value


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
    return None


# Answers ---------------------------------------------------------------------------


def _is_empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str) and not raw.strip():
        return True
    return isinstance(raw, list | tuple) and not [r for r in raw if not _is_empty(r)]


def validate_answer(question: Mapping[str, Any], raw: Any) -> Any:
    """Turn a raw answer (form string, JSON value) into its validated value.

    Returns None for an unanswered optional question; raises ValidationError (with a
    translated message) for a missing required answer or an invalid one.
    """
    qtype = question.get("type")
    if _is_empty(raw):
        if question.get("required"):
            raise ValidationError(_("This question needs an answer."), code="required")
        return None
    if qtype in SCALE_TYPES:
        lo, hi = scale_of(question) or (0, 10)
        value: Any = raw
        if isinstance(value, str):
            value = value.strip()
        if isinstance(value, bool):
            raise ValidationError(_("Choose a number on the scale."), code="invalid")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValidationError(_("Choose a number on the scale."), code="invalid") from None
        if not math.isfinite(number) or number != int(number) or not lo <= number <= hi:
            raise ValidationError(
                _("Choose a whole number from %(min)s to %(max)s.") % {"min": lo, "max": hi},
                code="out_of_range",
            )
        return int(number)
    if qtype == "yes_no":
        flag = _as_bool(raw)
        if flag is None:
            raise ValidationError(_("Answer yes or no."), code="invalid")
        return flag
    if qtype == "single_choice":
        if isinstance(raw, list | tuple):
            if len(raw) != 1:
                raise ValidationError(_("Choose one option."), code="invalid")
            raw = raw[0]
        key = str(raw).strip()
        if key not in option_keys(question):
            raise ValidationError(_("Choose one of the options shown."), code="invalid")
        return key
    if qtype == "multiple_choice":
        items = list(raw) if isinstance(raw, list | tuple) else [raw]
        keys = [str(r).strip() for r in items if not _is_empty(r)]
        allowed = option_keys(question)
        if any(k not in allowed for k in keys):
            raise ValidationError(_("Choose among the options shown."), code="invalid")
        return [k for k in allowed if k in set(keys)]
    if qtype == "text":
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            raise ValidationError(_("Write your answer as text."), code="invalid")
        text = str(raw).strip()
        if len(text) > TEXT_MAX:
            raise ValidationError(
                _("Please keep your answer under %(n)s characters.") % {"n": TEXT_MAX},
                code="too_long",
            )
        return text
    raise ValidationError(_("Unknown question type: %(type)s") % {"type": qtype}, code="invalid")


def validate_answers(
    definition: Mapping[str, Any], raw_answers: Mapping[str, Any], *, partial: bool = False
) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate all answers in order, honouring show_if.

    Returns (values, errors): values for visible questions that were answered, and an
    error message per question key. Answers to hidden or unknown questions are dropped.
    With `partial`, missing required answers are not errors (a half-finished response).
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for q in questions(definition):
        if not is_visible(q, values):
            continue
        raw = raw_answers.get(q["key"])
        try:
            value = validate_answer(q, raw)
        except ValidationError as exc:
            if partial and exc.code == "required":
                continue
            errors[q["key"]] = exc.messages[0]
            continue
        if value is not None:
            values[q["key"]] = value
    return values, errors


# Definitions -----------------------------------------------------------------------


def _texts(
    value: Any,
    where: str,
    errors: list[str],
    languages: Iterable[str],
    default_language: str,
    *,
    required: bool,
    max_len: int = 1000,
) -> dict[str, str]:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        errors.append(
            _('%(where)s: texts must be given per language, e.g. {"nb": "..."}.') % {"where": where}
        )
        return {}
    allowed = set(languages)
    out: dict[str, str] = {}
    for lang, text in value.items():
        if lang not in allowed:
            errors.append(
                _("%(where)s: the survey is not offered in language %(code)s.")
                % {"where": where, "code": lang}
            )
            continue
        if not isinstance(text, str):
            errors.append(_("%(where)s: a text must be a string.") % {"where": where})
            continue
        text = text.strip()
        if len(text) > max_len:
            errors.append(
                _("%(where)s: a text may have at most %(n)s characters.")
                % {"where": where, "n": max_len}
            )
            continue
        if text:
            out[lang] = text
    if required and not out.get(default_language):
        errors.append(
            _("%(where)s: the text in the default language (%(code)s) is missing.")
            % {"where": where, "code": default_language}
        )
    return out


def validate_definition(
    definition: Any,
    *,
    languages: Iterable[str],
    default_language: str,
    competency_keys: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Check a definition strictly and return its normalised form.

    Raises ValidationError with one translated message per problem found.
    """
    languages = list(languages)
    errors: list[str] = []
    known_items = set(competency_keys) if competency_keys is not None else None
    if not isinstance(definition, dict) or not isinstance(definition.get("pages"), list):
        raise ValidationError(_("A survey definition needs a list of pages."))
    extra = set(definition) - {"pages"}
    if extra:
        errors.append(
            _("Unknown field in the definition: %(name)s") % {"name": ", ".join(sorted(extra))}
        )
    pages_out: list[dict[str, Any]] = []
    page_keys: set[str] = set()
    seen: dict[str, dict[str, Any]] = {}
    total = 0
    if not definition["pages"]:
        errors.append(_("A survey needs at least one page."))
    for p_index, page in enumerate(definition["pages"], start=1):
        if not isinstance(page, dict):
            errors.append(_("Page %(n)s is not an object.") % {"n": p_index})
            continue
        pkey = str(page.get("key") or f"p{p_index}")
        if not KEY_RE.match(pkey):
            errors.append(_("Page %(n)s: invalid key %(key)s.") % {"n": p_index, "key": pkey})
        elif pkey in page_keys:
            errors.append(_("Duplicate page key: %(key)s") % {"key": pkey})
        page_keys.add(pkey)
        qs = page.get("questions")
        if not isinstance(qs, list):
            errors.append(_("Page %(key)s needs a list of questions.") % {"key": pkey})
            continue
        out_qs: list[dict[str, Any]] = []
        for question in qs:
            total += 1
            q = _validate_question(
                question, total, seen, errors, languages, default_language, known_items
            )
            if q is not None:
                out_qs.append(q)
                seen[q["key"]] = q
        pages_out.append({"key": pkey, "questions": out_qs})
    if total == 0 and definition["pages"]:
        errors.append(_("A survey needs at least one question."))
    if total > MAX_QUESTIONS:
        errors.append(_("A survey may have at most %(n)s questions.") % {"n": MAX_QUESTIONS})
    if errors:
        raise ValidationError(errors)
    return {"pages": pages_out}


def _validate_question(
    question: Any,
    index: int,
    seen: dict[str, dict[str, Any]],
    errors: list[str],
    languages: list[str],
    default_language: str,
    known_items: set[str] | None,
) -> dict[str, Any] | None:
    if not isinstance(question, dict):
        errors.append(_("Question %(n)s is not an object.") % {"n": index})
        return None
    key = question.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key):
        errors.append(
            _(
                "Question %(n)s: the key must be 1-40 lower-case letters, digits, "
                "hyphens or underscores."
            )
            % {"n": index}
        )
        return None
    where = _("Question %(key)s") % {"key": key}
    if key in seen:
        errors.append(_("Duplicate question key: %(key)s") % {"key": key})
        return None
    unknown = set(question) - QUESTION_FIELDS
    if unknown:
        errors.append(
            _("%(where)s: unknown field %(name)s.")
            % {"where": where, "name": ", ".join(sorted(unknown))}
        )
    qtype = question.get("type")
    if qtype not in QUESTION_TYPES:
        errors.append(
            _("%(where)s: unknown question type %(type)s (known: %(known)s).")
            % {"where": where, "type": qtype, "known": ", ".join(QUESTION_TYPES)}
        )
        return None
    required = question.get("required", False)
    if not isinstance(required, bool):
        errors.append(_("%(where)s: required must be true or false.") % {"where": where})
        required = False
    out: dict[str, Any] = {
        "key": key,
        "type": qtype,
        "required": required,
        "text": _texts(
            question.get("text"), where, errors, languages, default_language, required=True
        ),
        "help": _texts(
            question.get("help"), where, errors, languages, default_language, required=False
        ),
        "competency_item": None,
        "show_if": None,
    }
    if qtype in CHOICE_TYPES:
        out["options"] = _validate_options(
            question.get("options"), where, errors, languages, default_language
        )
    elif question.get("options"):
        errors.append(_("%(where)s: only choice questions have options.") % {"where": where})
    if qtype in SCALE_TYPES:
        scale = _validate_scale(
            qtype, question.get("scale"), where, errors, languages, default_language
        )
        if scale is not None:
            out["scale"] = scale
    elif question.get("scale"):
        errors.append(_("%(where)s: only scale questions have a scale.") % {"where": where})
    item = question.get("competency_item")
    if qtype == "competency":
        if not isinstance(item, str) or not item:
            errors.append(
                _("%(where)s: choose the competency item this question rates.") % {"where": where}
            )
        elif known_items is not None and item not in known_items:
            errors.append(
                _("%(where)s: unknown competency item %(item)s.") % {"where": where, "item": item}
            )
        else:
            out["competency_item"] = item
    elif item:
        errors.append(
            _("%(where)s: only competency questions refer to a competency item.") % {"where": where}
        )
    cond = question.get("show_if")
    if cond:
        out["show_if"] = _validate_show_if(cond, where, seen, errors)
    return out


def _validate_options(
    options: Any, where: str, errors: list[str], languages: list[str], default_language: str
) -> list[dict[str, Any]]:
    if not isinstance(options, list) or len(options) < 2:
        errors.append(
            _("%(where)s: a choice question needs at least two options.") % {"where": where}
        )
        return []
    if len(options) > MAX_OPTIONS:
        errors.append(_("%(where)s: at most %(n)s options.") % {"where": where, "n": MAX_OPTIONS})
    out: list[dict[str, Any]] = []
    keys: set[str] = set()
    for n, option in enumerate(options, start=1):
        if not isinstance(option, dict):
            errors.append(_("%(where)s: option %(n)s is not an object.") % {"where": where, "n": n})
            continue
        okey = option.get("key")
        if not isinstance(okey, str) or not KEY_RE.match(okey):
            errors.append(
                _("%(where)s: option %(n)s has an invalid key.") % {"where": where, "n": n}
            )
            continue
        if okey in keys:
            errors.append(
                _("%(where)s: duplicate option key %(key)s.") % {"where": where, "key": okey}
            )
            continue
        keys.add(okey)
        owhere = _("%(where)s, option %(key)s") % {"where": where, "key": okey}
        text = _texts(
            option.get("text"), owhere, errors, languages, default_language, required=True
        )
        out.append({"key": okey, "text": text})
    return out


def _validate_scale(
    qtype: str,
    scale: Any,
    where: str,
    errors: list[str],
    languages: list[str],
    default_language: str,
) -> dict[str, Any] | None:
    if scale is None:
        scale = {}
    if not isinstance(scale, dict):
        errors.append(_("%(where)s: the scale must be an object.") % {"where": where})
        return None
    unknown = set(scale) - {"min", "max", "low", "high"}
    if unknown:
        errors.append(
            _("%(where)s: unknown scale field %(name)s.")
            % {"where": where, "name": ", ".join(sorted(unknown))}
        )
    lo, hi = FIXED_SCALES.get(qtype) or DEFAULT_SCALES[qtype]
    smin, smax = scale.get("min", lo), scale.get("max", hi)
    if (
        not isinstance(smin, int)
        or not isinstance(smax, int)
        or isinstance(smin, bool)
        or isinstance(smax, bool)
    ):
        errors.append(_("%(where)s: the scale's ends must be whole numbers.") % {"where": where})
        return None
    if qtype in FIXED_SCALES and (smin, smax) != (lo, hi):
        errors.append(
            _("%(where)s: this question type always uses the scale %(min)s-%(max)s.")
            % {"where": where, "min": lo, "max": hi}
        )
        return None
    if not SCALE_LIMITS[0] <= smin < smax <= SCALE_LIMITS[1]:
        errors.append(
            _(
                "%(where)s: the scale must run upwards from a lowest value to a highest "
                "value between %(min)s and %(max)s."
            )
            % {"where": where, "min": SCALE_LIMITS[0], "max": SCALE_LIMITS[1]}
        )
        return None
    return {
        "min": smin,
        "max": smax,
        "low": _texts(scale.get("low"), where, errors, languages, default_language, required=False),
        "high": _texts(
            scale.get("high"), where, errors, languages, default_language, required=False
        ),
    }


def _validate_show_if(
    cond: Any, where: str, seen: dict[str, dict[str, Any]], errors: list[str]
) -> dict[str, Any] | None:
    if not isinstance(cond, dict):
        errors.append(_("%(where)s: the display condition must be an object.") % {"where": where})
        return None
    ref = cond.get("question")
    if not isinstance(ref, str) or ref not in seen:
        errors.append(
            _(
                "%(where)s: the display condition must refer to an earlier question "
                "(%(ref)s is unknown or comes later)."
            )
            % {"where": where, "ref": ref}
        )
        return None
    op = cond.get("op")
    if op not in OPS:
        errors.append(
            _("%(where)s: unknown condition operator %(op)s (known: %(known)s).")
            % {"where": where, "op": op, "known": ", ".join(OPS)}
        )
        return None
    target = seen[ref]
    value = cond.get("value")
    if op == "in":
        if not isinstance(value, list) or not value:
            errors.append(
                _('%(where)s: the condition "in" needs a list of values.') % {"where": where}
            )
            return None
        values = value
    else:
        values = [value]
    for v in values:
        try:
            validate_answer({**target, "required": True}, v)
        except ValidationError:
            errors.append(
                _("%(where)s: %(value)s is not a possible answer to %(ref)s.")
                % {"where": where, "value": v, "ref": ref}
            )
            return None
    if op in ("lte", "gte") and target["type"] not in SCALE_TYPES:
        errors.append(
            _('%(where)s: "lte" and "gte" compare numbers; %(ref)s is not a scale question.')
            % {"where": where, "ref": ref}
        )
        return None
    return {"question": ref, "op": op, "value": value}


def choose_language(
    offered: Iterable[str],
    default: str,
    *,
    requested: str | None = None,
    accept_language: str = "",
) -> str:
    """The language to show a respondent: an explicitly requested one (the switcher),
    else the first of the browser's Accept-Language the survey offers (nb/nn/no are
    matched on their base), else the survey's default."""
    offered = list(offered)
    if requested and requested in offered:
        return requested
    weighted: list[tuple[float, int, str]] = []
    for n, part in enumerate(accept_language.split(",")):
        tag, _sep, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag:
            weighted.append((-q, n, tag.strip().lower()))
    for _q, _n, tag in sorted(weighted):
        base = tag.split("-")[0]
        candidates = [tag, base] + (["nb", "nn"] if base == "no" else [])
        for code in candidates:
            if code in offered:
                return code
    return default
