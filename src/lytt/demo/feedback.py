"""Demo feedback: twelve months of visits, answers and invitations for the Nordhavn chain.

What the data shows (so every page has something true to say):
- **Volume and rhythm**: at least 50,000 responses, more for busy shops and the
  customer-service centre; shops peak on weekday afternoons and Saturdays (Norwegian
  shops are closed on Sundays), cafés at lunch and dinner and on weekends, the centre on
  Monday mornings; December is busy for shops, summer for cafés. Busy hours are a little
  worse (under-capacity).
- **Consistency**: each employee has a perceived competence around the unit's level;
  some units have a narrow spread (Storo, Strøget, Södermalm), some a wide one (Byporten,
  Triangeln, Voss), so the consistency figures differ.
- **Text**: ~25 % of answers have a comment in the customer's language (bokmål, nynorsk
  in western Norway, Swedish, Danish, some English), composed by
  `lytt.demo.feedback_text` in the tone the scores say: irritated, passive, "relation",
  neutral or praise.
- **Customers**: loyalty customers are recognised across visits (keyed hash); a few are
  unlucky and fail twice or more (repeat failures); many stop coming back after a bad
  experience (silent churn: their visits simply end).
- **Invitations**: the last weeks' loyalty visits got e-mail invitations: answered,
  sent, reminded, expired, and a few unsubscribed customers.

Speed: responses go through feedback's documented bulk action
`lytt.feedback.actions.do_import_responses_bulk`. Feedback has no bulk action for
customers and visits (only `do_identify_customer`/`do_record_visit`, one audit event per
row, far too slow for ~80,000 visits), so `do_import_demo_visits_bulk` below creates
customers and visits with `bulk_create` in one transaction and writes one audit event.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from lytt.accounts.audit import record
from lytt.accounts.models import Employee, Organisation, Unit
from lytt.demo.feedback_text import comment_language, compose_comment
from lytt.feedback.customers import customer_key
from lytt.feedback.models import Customer, Response, ResponseSource, Visit, VisitSource
from lytt.surveys import definition as sdef
from lytt.surveys.models import Survey, Touchpoint

if TYPE_CHECKING:
    from lytt.demo.organisation import DemoChain

TARGET_RESPONSES = 52000
DAYS = 365
CUSTOMER_DOMAIN = "kunder.nordhavn.example"

# name -> (busy factor, mean perceived quality 0..1, spread between employees)
PROFILES: dict[str, tuple[float, float, float]] = {
    "Nordhavn Storo": (1.7, 0.80, 0.04),
    "Nordhavn Byporten": (1.4, 0.64, 0.20),
    "Nordhavn Kafé Grünerløkka": (1.1, 0.72, 0.10),
    "Nordhavn Bergen Sentrum": (1.0, 0.70, 0.09),
    "Nordhavn Kafé Voss": (0.6, 0.66, 0.19),
    "Nordhavn Kundesenter": (2.3, 0.62, 0.12),
    "Nordhavn Göteborg Nordstan": (1.4, 0.74, 0.08),
    "Nordhavn Malmö Triangeln": (1.0, 0.60, 0.21),
    "Nordhavn Café Södermalm": (1.0, 0.79, 0.05),
    "Nordhavn Uppsala": (0.7, 0.69, 0.10),
    "Nordhavn København Strøget": (1.2, 0.78, 0.04),
    "Nordhavn Café Aarhus": (0.8, 0.71, 0.11),
    "Nordhavn Odense": (0.6, 0.67, 0.13),
}
DEFAULT_PROFILE = (1.0, 0.70, 0.10)

CENTRE_CHANNELS = [("phone", 0.5), ("chat", 0.25), ("email", 0.15), ("web", 0.10)]


# Rhythm ------------------------------------------------------------------------------


def hour_weights(kind: str, language: str, weekday: int) -> list[float]:
    """Relative traffic per hour 0..23 for a unit kind on a weekday (0 = Monday)."""
    w = [0.0] * 24
    if kind == "restaurant":
        for h in range(8, 21):
            w[h] = 1.0
        for h, extra in ((12, 2.5), (13, 2.0), (11, 1.0), (17, 1.5), (18, 2.5), (19, 2.0)):
            w[h] += extra
        scale = 1.4 if weekday in (4, 5) else 1.1 if weekday == 6 else 1.0
    elif kind == "contact_centre":
        if weekday == 6:
            return w
        last = 15 if weekday == 5 else 20
        for h in range(8 if weekday < 5 else 10, last):
            w[h] = 1.0
        for h, extra in ((9, 1.2), (10, 1.0), (13, 0.5)):
            if w[h]:
                w[h] += extra
        scale = 1.6 if weekday == 0 else 0.5 if weekday == 5 else 1.0
    else:  # shop
        if weekday == 6:
            if language == "nb":
                return w  # Norwegian shops are closed on Sundays
            for h in range(11, 17):
                w[h] = 0.6
            return w
        last = 18 if weekday == 5 else 20
        for h in range(10, last):
            w[h] = 1.0
        if weekday == 5:
            for h in (12, 13, 14):
                w[h] += 1.5
        else:
            for h, extra in ((16, 1.2), (17, 1.5), (18, 0.8)):
                w[h] += extra
        scale = 1.8 if weekday == 5 else 1.0
    return [x * scale for x in w]


def season(kind: str, month: int) -> float:
    if kind == "shop":
        return {12: 1.6, 11: 1.2, 7: 0.8, 1: 0.8}.get(month, 1.0)
    if kind == "restaurant":
        return {6: 1.3, 7: 1.4, 8: 1.2, 1: 0.8}.get(month, 1.0)
    return {1: 1.3, 12: 0.9, 7: 0.7}.get(month, 1.0)


@dataclass
class Rhythm:
    """Precomputed (day offset, hour) slots with weights for one unit."""

    slots: list[tuple[int, int]]
    cum: list[float]
    peak: set[tuple[int, int]] = field(default_factory=set)

    def pick(self, rng: random.Random) -> tuple[int, int]:
        return rng.choices(self.slots, cum_weights=self.cum, k=1)[0]


def build_rhythm(unit: Unit, start: datetime) -> Rhythm:
    slots: list[tuple[int, int]] = []
    weights: list[float] = []
    for day in range(DAYS):
        date = start + timedelta(days=day)
        factor = season(unit.kind, date.month)
        for hour, w in enumerate(hour_weights(unit.kind, unit.language, date.weekday())):
            if w > 0:
                slots.append((day, hour))
                weights.append(w * factor)
    top = sorted(weights)[int(len(weights) * 0.9)] if weights else 0
    peak = {s for s, w in zip(slots, weights, strict=True) if w >= top}
    cum: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    return Rhythm(slots, cum, peak)


# Experience, scores and text -------------------------------------------------------------


def tone_for(quality: float, rng: random.Random) -> str:
    r = rng.random()
    if quality < 0.3:
        return "irritated" if r < 0.6 else "passive"
    if quality < 0.5:
        return "passive" if r < 0.45 else "irritated" if r < 0.7 else "neutral"
    if quality < 0.7:
        return "neutral" if r < 0.45 else "relation" if r < 0.7 else "praise"
    return "praise" if r < 0.8 else "relation"


def _scale_value(q: dict[str, Any], level: float, rng: random.Random) -> int:
    low, high = sdef.scale_of(q) or (1, 5)
    value = low + (high - low) * level + rng.gauss(0, 0.45)
    return max(low, min(high, round(value)))


def answers_for(
    questions: list[dict[str, Any]],
    *,
    quality: float,
    competence: float,
    tone: str,
    comment: str,
    rng: random.Random,
) -> dict[str, Any]:
    """Raw answers to a survey's questions consistent with the visit's quality and tone."""
    answers: dict[str, Any] = {}
    # Tone pulls the overall scores: irritated low, relation/praise high.
    pull = {"irritated": -0.2, "passive": -0.08, "relation": 0.08, "praise": 0.08}.get(tone, 0)
    overall = max(0.0, min(1.0, quality + pull))
    # "Relation": the customer charmed the help out of them; competence felt lower.
    perceived = max(0.0, min(1.0, competence - (0.15 if tone == "relation" else 0)))
    text_used = False
    for q in questions:
        if not sdef.is_visible(q, answers):
            continue
        kind = q.get("type")
        if kind == "nps":
            answers[q["key"]] = max(0, min(10, round(overall * 10 + rng.gauss(0, 0.8))))
        elif kind in ("csat", "rating", "ces"):
            answers[q["key"]] = _scale_value(q, overall, rng)
        elif kind == "competency":
            if rng.random() < 0.8:  # optional: some skip them
                answers[q["key"]] = _scale_value(q, perceived, rng)
        elif kind == "yes_no":
            answers[q["key"]] = rng.random() < 0.25 + 0.7 * overall
        elif kind == "single_choice":
            options = [o["key"] for o in q.get("options") or []]
            if options and rng.random() < 0.6:
                answers[q["key"]] = rng.choice(options)
        elif kind == "multiple_choice":
            options = [o["key"] for o in q.get("options") or []]
            if options and rng.random() < 0.4:
                answers[q["key"]] = rng.sample(options, k=rng.randint(1, min(2, len(options))))
        elif kind == "text" and comment and not text_used:
            answers[q["key"]] = comment
            text_used = True
    return answers


# The bulk action for customers and visits --------------------------------------------------


@dataclass
class DemoVisit:
    unit: Unit
    channel: str
    employee: Employee | None
    occurred_at: datetime
    customer_index: int
    external_id: str
    obj: Visit | None = None


@transaction.atomic
def do_import_demo_visits_bulk(
    actor: Any, organisation: Organisation, emails: list[str], visits: list[DemoVisit]
) -> list[Customer]:
    """Create the demo's loyalty customers (by the keyed hash of their address, nothing
    else is stored) and their visits with `bulk_create`; one audit event for all.

    Why here and not in feedback: feedback offers only one-row actions for customers and
    visits (each with its own audit event); the demo needs ~80,000 visits in seconds."""
    first: dict[int, datetime] = {}
    last: dict[int, datetime] = {}
    for v in visits:
        i = v.customer_index
        first[i] = min(first.get(i, v.occurred_at), v.occurred_at)
        last[i] = max(last.get(i, v.occurred_at), v.occurred_at)
    now = timezone.now()
    customers = [
        Customer(
            organisation=organisation,
            key_hash=customer_key(organisation, email=email) or "",
            first_seen_at=first.get(i, now),
            last_seen_at=last.get(i, now),
        )
        for i, email in enumerate(emails)
    ]
    Customer.objects.bulk_create(customers, batch_size=2000)
    objs = [
        Visit(
            organisation=organisation,
            unit=v.unit,
            channel=v.channel,
            employee=v.employee,
            customer=customers[v.customer_index],
            occurred_at=v.occurred_at,
            source=VisitSource.DEMO,
            external_id=v.external_id,
        )
        for v in visits
    ]
    Visit.objects.bulk_create(objs, batch_size=2000)
    for v, obj in zip(visits, objs, strict=True):
        v.obj = obj
    record(
        actor,
        organisation.pk,
        "visit.imported",
        None,
        source="demo",
        customers=len(customers),
        visits=len(objs),
    )
    return customers


# Loading -----------------------------------------------------------------------------------


@dataclass
class UnitModel:
    unit: Unit
    busy: float
    quality: float
    spread: float
    staff: list[Employee]
    staff_weights: list[float]
    competence: dict[int, float]
    survey: Survey
    touchpoints: dict[str, Touchpoint]
    questions: list[dict[str, Any]]
    rhythm: Rhythm


def _unit_models(chain: DemoChain, start: datetime, rng: random.Random) -> list[UnitModel]:
    models: list[UnitModel] = []
    touchpoints = Touchpoint.objects.filter(
        organisation=chain.organisation, employee__isnull=True, active=True
    ).select_related("survey__current_version", "unit", "organisation")
    by_unit: dict[int, dict[str, Touchpoint]] = {}
    for tp in touchpoints.order_by("pk"):
        if tp.survey.kind == "complaint_follow_up" or tp.survey.status != "live":
            continue
        by_unit.setdefault(tp.unit_id, {}).setdefault(tp.channel, tp)
    for unit in chain.units:
        tps = by_unit.get(unit.pk)
        if not tps:
            continue
        busy, quality, spread = PROFILES.get(unit.name, DEFAULT_PROFILE)
        staff = [e for e in chain.employees if e.unit_id == unit.pk]
        competence = {e.pk: max(0.12, min(0.97, rng.gauss(quality, spread))) for e in staff}
        survey = next(iter(tps.values())).survey
        assert survey.current_version is not None
        models.append(
            UnitModel(
                unit=unit,
                busy=busy,
                quality=quality,
                spread=spread,
                staff=staff,
                staff_weights=[rng.uniform(0.5, 1.5) for _ in staff],
                competence=competence,
                survey=survey,
                touchpoints=tps,
                questions=sdef.questions(survey.current_version.definition),
                rhythm=build_rhythm(unit, start),
            )
        )
    return models


def _channel(m: UnitModel, rng: random.Random) -> str:
    if m.unit.kind == "contact_centre":
        options = [(c, w) for c, w in CENTRE_CHANNELS if c in m.touchpoints]
        if options:
            return rng.choices([c for c, _w in options], weights=[w for _c, w in options])[0]
    return next(iter(m.touchpoints))


@dataclass
class Experience:
    employee: Employee | None
    competence: float
    quality: float
    tone: str


def _experience(m: UnitModel, rng: random.Random, peak: bool, unlucky: bool = False) -> Experience:
    employee = rng.choices(m.staff, weights=m.staff_weights)[0] if m.staff else None
    competence = m.competence.get(employee.pk, m.quality) if employee else m.quality
    quality = competence + rng.gauss(0, 0.13) - (0.08 if peak else 0) - (0.3 if unlucky else 0)
    quality = max(0.0, min(1.0, quality))
    return Experience(employee, competence, quality, tone_for(quality, rng))


def _response_row(
    m: UnitModel,
    rng: random.Random,
    when: datetime,
    exp: Experience,
    channel: str,
    index: int,
    customer: Customer | None = None,
    visit: Visit | None = None,
) -> dict[str, Any]:
    language = comment_language(rng, m.unit.language, m.unit.city)
    # Unhappy customers write more often than happy ones.
    p_text = {"irritated": 0.6, "passive": 0.3, "relation": 0.35, "neutral": 0.2}.get(
        exp.tone, 0.17
    )
    comment = ""
    if rng.random() < p_text:
        comment = compose_comment(
            rng,
            lang=language,
            tone=exp.tone,
            kind=m.unit.kind,
            employee_name=exp.employee.name if exp.employee and rng.random() < 0.4 else "",
        )
    answers = answers_for(
        m.questions,
        quality=exp.quality,
        competence=exp.competence,
        tone=exp.tone,
        comment=comment,
        rng=rng,
    )
    return {
        "touchpoint": m.touchpoints.get(channel) or next(iter(m.touchpoints.values())),
        "channel": channel,
        "employee": exp.employee,
        "answers": answers,
        "language": language,
        "started_at": when - timedelta(minutes=rng.randint(1, 6)),
        "completed_at": when,
        "customer": customer,
        "visit": visit,
        "external_id": f"demo-{index}",
    }


# The chain's own themes (any language; the demo's comments mention both)
DEMO_THEMES = {
    "Chat": ["chat*", "chatbot", "chattbot", "live chat"],
    "Telefonkø": ["telefonkø", "telefonkö", "telefonkøen", "phone queue", "on hold"],
}


def load_demo_feedback(chain: DemoChain, rng: random.Random, echo: Callable[[str], None]) -> None:
    from lytt.feedback.actions import do_import_responses_bulk, do_save_custom_theme

    tz = timezone.get_current_timezone()
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    start = today - timedelta(days=DAYS)
    models = _unit_models(chain, start, rng)
    if not models:
        echo("Feedback: no live surveys with touchpoints; skipped")
        return
    total_busy = sum(m.busy for m in models)
    for name, keywords in DEMO_THEMES.items():
        do_save_custom_theme(None, chain.organisation, name=name, keywords=keywords)
    echo(f"Own themes: {', '.join(DEMO_THEMES)}")

    def at(day: int, hour: int) -> datetime:
        local = start + timedelta(days=day)
        naive = datetime(local.year, local.month, local.day, hour, rng.randint(0, 59))
        return timezone.make_aware(naive, tz)

    # Loyalty customers: visits over the year, some answered; bad experiences end some.
    emails: list[str] = []
    visits: list[DemoVisit] = []
    visit_exp: list[tuple[UnitModel, Experience, bool]] = []  # per visit: answered?
    churned = 0
    for m in models:
        target = TARGET_RESPONSES * m.busy / total_busy
        for _ in range(int(target * 0.08)):
            index = len(emails)
            emails.append(f"kunde{index:05d}@{CUSTOMER_DOMAIN}")
            per_month = rng.choice((0.5, 1, 1, 1.5, 2, 3))
            answer_rate = rng.uniform(0.15, 0.8)
            unlucky = rng.random() < 0.05
            day, _h = m.rhythm.pick(rng)
            day = min(day, int(DAYS * 0.7 * rng.random()))
            while day < DAYS:
                hour_slot = m.rhythm.pick(rng)
                hour = hour_slot[1]
                peak = (day, hour) in m.rhythm.peak
                exp = _experience(m, rng, peak, unlucky and rng.random() < 0.6)
                channel = _channel(m, rng)
                visits.append(
                    DemoVisit(
                        m.unit,
                        channel,
                        exp.employee,
                        at(day, hour),
                        index,
                        f"demo-visit-{len(visits)}",
                    )
                )
                answered = rng.random() < answer_rate
                visit_exp.append((m, exp, answered))
                # After a bad experience, passive customers mostly just stop coming
                # (silent churn); irritated ones complain and more often come back.
                leaves = 0.6 if exp.tone == "passive" else 0.25
                if exp.quality < 0.35 and rng.random() < leaves:
                    churned += 1
                    break
                day += max(1, round(rng.expovariate(per_month / 30.0)))
    customers = do_import_demo_visits_bulk(None, chain.organisation, emails, visits)

    rows: list[dict[str, Any]] = []
    per_unit: dict[int, int] = {}
    for v, (m, exp, answered) in zip(visits, visit_exp, strict=True):
        if not answered:
            continue
        when = v.occurred_at + timedelta(minutes=rng.randint(20, 60 * 30))
        if when > timezone.now():
            continue
        rows.append(
            _response_row(
                m, rng, when, exp, v.channel, len(rows), customers[v.customer_index], v.obj
            )
        )
        per_unit[m.unit.pk] = per_unit.get(m.unit.pk, 0) + 1
    # Anonymous answers (QR codes, receipts, kiosks) fill up to each unit's volume.
    for m in models:
        target = math.ceil(TARGET_RESPONSES * m.busy / total_busy)
        for _ in range(max(0, target - per_unit.get(m.unit.pk, 0))):
            day, hour = m.rhythm.pick(rng)
            exp = _experience(m, rng, (day, hour) in m.rhythm.peak)
            rows.append(_response_row(m, rng, at(day, hour), exp, _channel(m, rng), len(rows)))
    # Stored in the order they happened, so the newest answers have the highest ids,
    # as they would in a live system (lists page by id).
    rows.sort(key=lambda row: row["completed_at"])
    result = do_import_responses_bulk(None, rows, source=ResponseSource.DEMO)
    if result.errors:
        echo(f"Feedback: {len(result.errors)} demo rows rejected, first: {result.errors[0]}")
    echo(
        f"Feedback: {len(customers)} loyalty customers, {len(visits)} visits "
        f"({churned} customers stopped coming after a bad experience), "
        f"{len(result.created)} responses"
    )
    _demo_invitations(chain, models, visits, customers, rng, echo)


def _demo_invitations(
    chain: DemoChain,
    models: list[UnitModel],
    visits: list[DemoVisit],
    customers: list[Customer],
    rng: random.Random,
    echo: Callable[[str], None],
) -> None:
    """Invitations after the last five weeks' loyalty visits to some shops."""
    from lytt.invitations import actions as inv
    from lytt.invitations.models import Invitation

    now = timezone.now()
    by_unit = {m.unit.pk: m for m in models}
    chosen = [
        v
        for v in visits
        if v.occurred_at > now - timedelta(days=35) and by_unit[v.unit.pk].unit.kind == "shop"
    ]
    rng.shuffle(chosen)
    chosen = sorted(chosen[:260], key=lambda x: x.occurred_at)
    answered = {
        r.visit_id: r
        for r in Response.objects.filter(visit__in=[v.obj for v in chosen if v.obj is not None])
    }
    created = 0
    for n, v in enumerate(chosen):
        m = by_unit[v.unit.pk]
        email = f"kunde{v.customer_index:05d}@{CUSTOMER_DOMAIN}"
        sent_at = v.occurred_at + timedelta(hours=2)
        if sent_at > now:
            continue
        result = inv.do_create_invitation(
            None,
            survey=m.survey,
            unit=m.unit,
            email=email,
            channel=v.channel,
            employee=v.employee,
            visited_at=v.occurred_at,
            visit=v.obj,
            touchpoint=m.touchpoints.get(v.channel),
            dedupe_key=f"demo-{v.external_id}",
            send=False,
            now=sent_at,
        )
        if result.invitation is None or not result.created:
            continue
        created += 1
        invitation = inv.do_send_invitation(None, result.invitation, deliver=False, now=sent_at)
        if n % 23 == 5:
            inv.do_unsubscribe(None, invitation)
            continue
        response = answered.get(v.obj.pk if v.obj else None)
        done_at = response.completed_at if response is not None else None
        if done_at and done_at > sent_at and inv.answerable(invitation, done_at):
            inv.do_mark_invitation_answered(None, invitation, response, now=done_at)
    inv.do_send_due_reminders(None, now=now, deliver=False, limit=5000)
    inv.do_expire_invitations(None, now=now)
    statuses: dict[str, int] = {}
    for status in Invitation.objects.filter(organisation=chain.organisation).values_list(
        "status", flat=True
    ):
        statuses[status] = statuses.get(status, 0) + 1
    summary = ", ".join(f"{k} {n}" for k, n in sorted(statuses.items()))
    echo(f"Invitations: {created} created ({summary})")
