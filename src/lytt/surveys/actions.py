"""Every write to surveys, their versions, the competency model and touchpoints."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lytt.accounts.access import scope_of
from lytt.accounts.audit import record
from lytt.accounts.models import Channel, Employee, Organisation, Unit
from lytt.surveys import catalogue
from lytt.surveys.builder import new_key
from lytt.surveys.definition import KEY_RE, validate_definition
from lytt.surveys.models import (
    CompetencyItem,
    CompetencyModel,
    Survey,
    SurveyKind,
    SurveyStatus,
    SurveyVersion,
    Touchpoint,
    TouchpointKind,
)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _check_actor_org(actor: Any, organisation_id: int) -> None:
    """Actions are called with objects already fetched through scoped access; as a
    last line of defence an actor with a scope may not write in another organisation.
    (actor None is the system: demo data, migrations, tests.)"""
    scope = scope_of(actor)
    if actor is not None and scope is not None and scope.organisation_id != organisation_id:
        raise PermissionDenied("organisation")


# Competency model -----------------------------------------------------------------


@transaction.atomic
def do_ensure_competency_model(actor: Any, organisation: Organisation) -> CompetencyModel:
    """The organisation's competency model, created with the default items if missing."""
    _check_actor_org(actor, organisation.pk)
    model = CompetencyModel.objects.filter(organisation=organisation).first()
    if model is not None:
        return model
    model = CompetencyModel.objects.create(
        organisation=organisation, name=_("Service competencies")
    )
    CompetencyItem.objects.bulk_create(
        CompetencyItem(organisation=organisation, model=model, key=key, text=dict(text), order=n)
        for n, (key, text) in enumerate(catalogue.DEFAULT_COMPETENCY_ITEMS, start=1)
    )
    record(
        actor,
        organisation.pk,
        "competency_model.created",
        model,
        items=len(catalogue.DEFAULT_COMPETENCY_ITEMS),
    )
    return model


def _clean_item_text(text: Any) -> dict[str, str]:
    if not isinstance(text, dict):
        raise ValidationError(_("Give the statement's text per language."))
    out: dict[str, str] = {}
    for lang, value in text.items():
        if lang not in LANGUAGE_CODES:
            raise ValidationError(_("Unknown language: %(code)s") % {"code": lang})
        if not isinstance(value, str):
            raise ValidationError(_("A text must be a string."))
        value = value.strip()
        if len(value) > 300:
            raise ValidationError(_("A statement may have at most 300 characters."))
        if value:
            out[lang] = value
    if not out:
        raise ValidationError(_("The statement needs a text in at least one language."))
    return out


@transaction.atomic
def do_update_competency_item(
    actor: Any,
    item: CompetencyItem,
    *,
    text: dict[str, str] | None = None,
    active: bool | None = None,
    order: int | None = None,
) -> CompetencyItem:
    """Change an item's texts, activity or position. The key never changes: answers and
    evaluations refer to it."""
    _check_actor_org(actor, item.organisation_id)
    changed: dict[str, Any] = {}
    if text is not None:
        merged = {**item.text, **text}
        item.text = _clean_item_text({k: v for k, v in merged.items() if k in text or v})
        changed["text"] = item.text
    if active is not None:
        item.active = bool(active)
        changed["active"] = item.active
    if order is not None:
        if order < 0:
            raise ValidationError(_("The position must be zero or more."))
        item.order = order
        changed["order"] = order
    if changed:
        item.save()
        record(actor, item.organisation_id, "competency_item.updated", item, **changed)
    return item


@transaction.atomic
def do_create_competency_item(
    actor: Any, organisation: Organisation, *, text: dict[str, str], key: str | None = None
) -> CompetencyItem:
    """Add a statement to the competency model. Without a key one is made from the text."""
    _check_actor_org(actor, organisation.pk)
    model = do_ensure_competency_model(actor, organisation)
    clean = _clean_item_text(text)
    taken = set(CompetencyItem.objects.filter(model=model).values_list("key", flat=True))
    key = (key or "").strip().lower()
    if not key:
        base = (
            clean.get("en")
            or clean.get(organisation.default_language)
            or next(iter(clean.values()))
        )
        key = new_key({}, base, taken)
    if not KEY_RE.match(key):
        raise ValidationError(
            _("The key must be 1-40 lower-case letters, digits, hyphens or underscores.")
        )
    if key in taken:
        raise ValidationError(_("An item with this key already exists."))
    last = CompetencyItem.objects.filter(model=model).aggregate(m=Max("order"))["m"] or 0
    item = CompetencyItem.objects.create(
        organisation=organisation, model=model, key=key, text=clean, order=last + 1
    )
    record(actor, organisation.pk, "competency_item.created", item, key=key)
    return item


def competency_texts(
    organisation: Organisation, *, active_only: bool = True
) -> dict[str, dict[str, str]]:
    qs = CompetencyItem.objects.filter(organisation=organisation)
    if active_only:
        qs = qs.filter(active=True)
    return {i.key: i.text for i in qs}


# Surveys --------------------------------------------------------------------------


def _check_languages(languages: list[str], default_language: str) -> list[str]:
    if not isinstance(languages, list) or not languages:
        raise ValidationError(_("Choose at least one language."))
    bad = [code for code in languages if code not in LANGUAGE_CODES]
    if bad:
        raise ValidationError(_("Unknown language: %(code)s") % {"code": ", ".join(map(str, bad))})
    languages = list(dict.fromkeys(languages))
    if default_language not in languages:
        raise ValidationError(_("The default language must be one of the survey's languages."))
    return languages


def _lock(survey: Survey) -> None:
    """Lock the survey's row for this transaction and bring the caller's instance up to
    date, so the caller sees the change the action makes."""
    Survey.objects.select_for_update().filter(pk=survey.pk).values_list("pk", flat=True).first()
    survey.refresh_from_db()


def has_responses(version: SurveyVersion | None) -> bool:
    """Whether any response was given on this version (False until the feedback app's
    Response model exists)."""
    if version is None or version.pk is None:
        return False
    try:
        response_model = apps.get_model("feedback", "Response")
    except LookupError:
        return False
    return response_model.objects.filter(version=version).exists()


def _validate(
    survey: Survey, definition: Any, languages: list[str], default_language: str
) -> dict[str, Any]:
    keys = CompetencyItem.objects.filter(organisation_id=survey.organisation_id).values_list(
        "key", flat=True
    )
    return validate_definition(
        definition,
        languages=languages,
        default_language=default_language,
        competency_keys=list(keys),
    )


@transaction.atomic
def do_create_survey(
    actor: Any,
    organisation: Organisation,
    *,
    name: str,
    kind: str = SurveyKind.CUSTOM,
    languages: list[str] | None = None,
    default_language: str | None = None,
    unit: Unit | None = None,
    definition: dict[str, Any] | None = None,
) -> Survey:
    """A draft survey with version 1, from `definition` or else from the kind's template."""
    _check_actor_org(actor, organisation.pk)
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("The survey needs a name."))
    if len(name) > 200:
        raise ValidationError(_("The name may have at most 200 characters."))
    if kind not in SurveyKind.values:
        raise ValidationError(_("Unknown survey type: %(kind)s") % {"kind": kind})
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError(_("The unit belongs to another organisation."))
    default_language = default_language or (
        unit.language if unit else organisation.default_language
    )
    languages = languages or [default_language]
    languages = _check_languages(languages, default_language)
    do_ensure_competency_model(actor, organisation)
    if definition is None:
        definition = catalogue.template_definition(kind, languages, competency_texts(organisation))
    survey = Survey.objects.create(
        organisation=organisation,
        name=name,
        kind=kind,
        unit=unit,
        languages=languages,
        default_language=default_language,
    )
    clean = _validate(survey, definition, languages, default_language)
    version = SurveyVersion.objects.create(survey=survey, number=1, definition=clean)
    survey.current_version = version
    survey.save(update_fields=["current_version"])
    record(actor, organisation.pk, "survey.created", survey, name=name, kind=kind)
    return survey


@transaction.atomic
def do_update_survey(
    actor: Any,
    survey: Survey,
    *,
    name: str | None = None,
    languages: list[str] | None = None,
    default_language: str | None = None,
) -> Survey:
    """Rename, or change the offered languages (the definition is re-checked: every
    question must still have a text in the default language)."""
    _check_actor_org(actor, survey.organisation_id)
    _lock(survey)
    changed: dict[str, Any] = {}
    if name is not None:
        name = name.strip()
        if not name:
            raise ValidationError(_("The survey needs a name."))
        if len(name) > 200:
            raise ValidationError(_("The name may have at most 200 characters."))
        survey.name = name
        changed["name"] = name
    if languages is not None or default_language is not None:
        langs = _check_languages(
            languages if languages is not None else survey.languages,
            default_language or survey.default_language,
        )
        definition = survey.current_version.definition if survey.current_version else {"pages": []}
        _validate(
            survey, _restrict(definition, langs), langs, default_language or survey.default_language
        )
        survey.languages = langs
        survey.default_language = default_language or survey.default_language
        changed["languages"] = langs
        changed["default_language"] = survey.default_language
        if survey.current_version:
            _new_or_same_version(actor, survey, _restrict(definition, langs))
    if changed:
        survey.updated_at = timezone.now()
        survey.save()
        record(actor, survey.organisation_id, "survey.updated", survey, **changed)
    return survey


def _restrict(definition: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    """The definition with texts in languages no longer offered dropped."""
    keep = set(languages)

    def only(texts: Any) -> Any:
        return {k: v for k, v in texts.items() if k in keep} if isinstance(texts, dict) else texts

    pages = []
    for page in definition.get("pages", []):
        qs = []
        for q in page.get("questions", []):
            q = dict(q)
            q["text"] = only(q.get("text"))
            q["help"] = only(q.get("help") or {})
            if q.get("options"):
                q["options"] = [{**o, "text": only(o.get("text"))} for o in q["options"]]
            if q.get("scale"):
                q["scale"] = {
                    **q["scale"],
                    "low": only(q["scale"].get("low") or {}),
                    "high": only(q["scale"].get("high") or {}),
                }
            qs.append(q)
        pages.append({**page, "questions": qs})
    return {"pages": pages}


def _new_or_same_version(actor: Any, survey: Survey, clean: dict[str, Any]) -> SurveyVersion:
    current = survey.current_version
    if current is not None and current.definition == clean:
        return current
    if current is not None and not has_responses(current):
        current.definition = clean
        current.save(update_fields=["definition"])
        record(
            actor, survey.organisation_id, "survey_version.changed", current, number=current.number
        )
        return current
    number = (SurveyVersion.objects.filter(survey=survey).aggregate(m=Max("number"))["m"] or 0) + 1
    version = SurveyVersion.objects.create(survey=survey, number=number, definition=clean)
    survey.current_version = version
    survey.updated_at = timezone.now()
    survey.save(update_fields=["current_version", "updated_at"])
    record(actor, survey.organisation_id, "survey_version.created", version, number=number)
    return version


@transaction.atomic
def do_update_survey_definition(actor: Any, survey: Survey, definition: Any) -> SurveyVersion:
    """Replace the survey's questions. When the current version already has responses a
    new version is made (the old one stays as it was, with its answers); otherwise the
    current version is changed in place."""
    _check_actor_org(actor, survey.organisation_id)
    _lock(survey)
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("A closed survey cannot be changed."))
    clean = _validate(survey, definition, survey.languages, survey.default_language)
    return _new_or_same_version(actor, survey, clean)


@transaction.atomic
def do_publish_survey(actor: Any, survey: Survey) -> Survey:
    _check_actor_org(actor, survey.organisation_id)
    _lock(survey)
    if survey.current_version is None:
        raise ValidationError(_("The survey has no questions yet."))
    # Re-check: competency items may have been removed since the last edit.
    _validate(survey, survey.current_version.definition, survey.languages, survey.default_language)
    if survey.status != SurveyStatus.LIVE:
        survey.status = SurveyStatus.LIVE
        survey.updated_at = timezone.now()
        survey.save(update_fields=["status", "updated_at"])
        record(
            actor,
            survey.organisation_id,
            "survey.published",
            survey,
            version=survey.current_version.number,
        )
    return survey


@transaction.atomic
def do_close_survey(actor: Any, survey: Survey) -> Survey:
    _check_actor_org(actor, survey.organisation_id)
    _lock(survey)
    if survey.status != SurveyStatus.CLOSED:
        survey.status = SurveyStatus.CLOSED
        survey.updated_at = timezone.now()
        survey.save(update_fields=["status", "updated_at"])
        record(actor, survey.organisation_id, "survey.closed", survey)
    return survey


# Touchpoints ----------------------------------------------------------------------


@transaction.atomic
def do_create_touchpoint(
    actor: Any,
    survey: Survey,
    *,
    unit: Unit,
    channel: str,
    employee: Employee | None = None,
    kind: str = TouchpointKind.LINK,
) -> Touchpoint:
    """Distribute a survey for a unit and channel (and optionally one employee)."""
    _check_actor_org(actor, survey.organisation_id)
    if unit.organisation_id != survey.organisation_id:
        raise ValidationError(_("The unit belongs to another organisation."))
    if survey.unit_id is not None and survey.unit is not None and not unit.is_within(survey.unit):
        raise ValidationError(
            _("This survey belongs to %(unit)s; choose a unit inside it.")
            % {"unit": survey.unit.name}
        )
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel: %(name)s") % {"name": channel})
    if kind not in TouchpointKind.values:
        raise ValidationError(_("Unknown touchpoint type: %(kind)s") % {"kind": kind})
    if employee is not None and (
        employee.organisation_id != survey.organisation_id or not employee.unit.is_within(unit)
    ):
        raise ValidationError(_("The employee does not work at this unit."))
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("A closed survey cannot be distributed."))
    touchpoint = Touchpoint.objects.create(
        organisation_id=survey.organisation_id,
        survey=survey,
        unit=unit,
        channel=channel,
        employee=employee,
        kind=kind,
    )
    record(
        actor,
        survey.organisation_id,
        "touchpoint.created",
        touchpoint,
        survey=survey.pk,
        unit=unit.pk,
        channel=channel,
        kind=kind,
        employee=employee.pk if employee else None,
    )
    return touchpoint


@transaction.atomic
def do_set_touchpoint_active(actor: Any, touchpoint: Touchpoint, *, active: bool) -> Touchpoint:
    _check_actor_org(actor, touchpoint.organisation_id)
    if touchpoint.active != bool(active):
        touchpoint.active = bool(active)
        touchpoint.save(update_fields=["active"])
        record(
            actor,
            touchpoint.organisation_id,
            "touchpoint.activated" if active else "touchpoint.deactivated",
            touchpoint,
        )
    return touchpoint
