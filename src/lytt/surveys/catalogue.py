"""Built-in content: the default competency model and the survey templates, written
in all five survey languages (nb, nn, sv, da, en)."""

from __future__ import annotations

import copy
from typing import Any

from lytt.surveys.definition import text_for

T = dict[str, str]

# The default competency model: statements about how the customer was treated.
DEFAULT_COMPETENCY_ITEMS: list[tuple[str, T]] = [
    (
        "greeted",
        {
            "nb": "Jeg ble hilst på og sett raskt",
            "nn": "Eg vart helsa på og sett raskt",
            "sv": "Jag blev hälsad på och uppmärksammad snabbt",
            "da": "Jeg blev hilst på og set hurtigt",
            "en": "I was greeted and noticed quickly",
        },
    ),
    (
        "first-impression",
        {
            "nb": "Førsteinntrykket var godt",
            "nn": "Førsteinntrykket var godt",
            "sv": "Första intrycket var bra",
            "da": "Førstehåndsindtrykket var godt",
            "en": "The first impression was good",
        },
    ),
    (
        "asked-needs",
        {
            "nb": "De spurte hva jeg trengte",
            "nn": "Dei spurde kva eg trong",
            "sv": "De frågade vad jag behövde",
            "da": "De spurgte ind til mine behov",
            "en": "They asked about my needs",
        },
    ),
    (
        "listened",
        {
            "nb": "De lyttet til meg",
            "nn": "Dei lytta til meg",
            "sv": "De lyssnade på mig",
            "da": "De lyttede til mig",
            "en": "They listened to me",
        },
    ),
    (
        "competent",
        {
            "nb": "De virket kompetente",
            "nn": "Dei verka kompetente",
            "sv": "De verkade kunniga",
            "da": "De virkede kompetente",
            "en": "They seemed competent",
        },
    ),
    (
        "solution-checked",
        {
            "nb": "De sjekket at løsningen fungerte for meg",
            "nn": "Dei sjekka at løysinga fungerte for meg",
            "sv": "De kontrollerade att lösningen fungerade för mig",
            "da": "De tjekkede, at løsningen virkede for mig",
            "en": "They checked that the solution worked for me",
        },
    ),
    (
        "next-steps",
        {
            "nb": "Det var tydelig hva som skjer videre",
            "nn": "Det var tydeleg kva som skjer vidare",
            "sv": "Det var tydligt vad som händer härnäst",
            "da": "Det var tydeligt, hvad der sker nu",
            "en": "It was clear what happens next",
        },
    ),
    (
        "offered-more",
        {
            "nb": "De foreslo noe mer som passet for meg",
            "nn": "Dei føreslo noko meir som passa for meg",
            "sv": "De föreslog något mer som passade mig",
            "da": "De foreslog noget mere, der passede til mig",
            "en": "They suggested something more that suited me",
        },
    ),
    (
        "thanked",
        {
            "nb": "Jeg ble takket for besøket",
            "nn": "Eg vart takka for besøket",
            "sv": "Jag blev tackad för besöket",
            "da": "Jeg blev takket for besøget",
            "en": "I was thanked for my visit",
        },
    ),
]

AGREE_LOW: T = {
    "nb": "Helt uenig",
    "nn": "Heilt usamd",
    "sv": "Instämmer inte alls",
    "da": "Helt uenig",
    "en": "Strongly disagree",
}
AGREE_HIGH: T = {
    "nb": "Helt enig",
    "nn": "Heilt samd",
    "sv": "Instämmer helt",
    "da": "Helt enig",
    "en": "Strongly agree",
}

NPS: T = {
    "nb": "Hvor sannsynlig er det at du vil anbefale oss til en venn eller kollega?",
    "nn": "Kor sannsynleg er det at du vil tilrå oss til ein ven eller kollega?",
    "sv": "Hur troligt är det att du skulle rekommendera oss till en vän eller kollega?",
    "da": "Hvor sandsynligt er det, at du vil anbefale os til en ven eller kollega?",
    "en": "How likely are you to recommend us to a friend or colleague?",
}
NPS_LOW: T = {
    "nb": "Svært lite sannsynlig",
    "nn": "Svært lite sannsynleg",
    "sv": "Inte alls troligt",
    "da": "Slet ikke sandsynligt",
    "en": "Not at all likely",
}
NPS_HIGH: T = {
    "nb": "Svært sannsynlig",
    "nn": "Svært sannsynleg",
    "sv": "Mycket troligt",
    "da": "Meget sandsynligt",
    "en": "Extremely likely",
}
SAT_LOW: T = {
    "nb": "Svært misfornøyd",
    "nn": "Svært misnøgd",
    "sv": "Mycket missnöjd",
    "da": "Meget utilfreds",
    "en": "Very dissatisfied",
}
SAT_HIGH: T = {
    "nb": "Svært fornøyd",
    "nn": "Svært nøgd",
    "sv": "Mycket nöjd",
    "da": "Meget tilfreds",
    "en": "Very satisfied",
}
REASON: T = {
    "nb": "Hva er den viktigste grunnen til svaret ditt?",
    "nn": "Kva er den viktigaste grunnen til svaret ditt?",
    "sv": "Vad är den viktigaste anledningen till ditt svar?",
    "da": "Hvad er den vigtigste grund til dit svar?",
    "en": "What is the main reason for your answer?",
}
BETTER: T = {
    "nb": "Hva kunne vi gjort bedre?",
    "nn": "Kva kunne vi gjort betre?",
    "sv": "Vad kunde vi ha gjort bättre?",
    "da": "Hvad kunne vi have gjort bedre?",
    "en": "What could we have done better?",
}
COMPETENCY_HELP: T = {
    "nb": "Hvor enig er du i utsagnet?",
    "nn": "Kor samd er du i utsegna?",
    "sv": "Hur väl instämmer du i påståendet?",
    "da": "Hvor enig er du i udsagnet?",
    "en": "How much do you agree with the statement?",
}


def _q(key: str, qtype: str, text: T, **extra: Any) -> dict[str, Any]:
    q: dict[str, Any] = {"key": key, "type": qtype, "required": False, "text": text}
    q.update(extra)
    return q


def _nps() -> dict[str, Any]:
    return _q(
        "nps",
        "nps",
        NPS,
        required=True,
        scale={"min": 0, "max": 10, "low": NPS_LOW, "high": NPS_HIGH},
    )


def _csat(key: str, text: T, *, required: bool = False) -> dict[str, Any]:
    return _q(
        key,
        "csat",
        text,
        required=required,
        scale={"min": 1, "max": 5, "low": SAT_LOW, "high": SAT_HIGH},
    )


def _competency(item: str) -> dict[str, Any]:
    """A competency question; its text is filled from the organisation's item."""
    return _q(
        f"c-{item}",
        "competency",
        {},
        competency_item=item,
        help=COMPETENCY_HELP,
        scale={"min": 1, "max": 5, "low": AGREE_LOW, "high": AGREE_HIGH},
    )


def _opt(key: str, text: T) -> dict[str, Any]:
    return {"key": key, "text": text}


def _retail() -> dict[str, Any]:
    return {
        "pages": [
            {
                "key": "p1",
                "questions": [
                    _nps(),
                    _q("reason", "text", REASON),
                    _q(
                        "found",
                        "yes_no",
                        {
                            "nb": "Fant du det du var ute etter?",
                            "nn": "Fann du det du var ute etter?",
                            "sv": "Hittade du det du letade efter?",
                            "da": "Fandt du det, du ledte efter?",
                            "en": "Did you find what you were looking for?",
                        },
                        required=True,
                    ),
                    _q(
                        "missing",
                        "text",
                        {
                            "nb": "Hva manglet du?",
                            "nn": "Kva mangla du?",
                            "sv": "Vad saknade du?",
                            "da": "Hvad manglede du?",
                            "en": "What were you missing?",
                        },
                        show_if={"question": "found", "op": "eq", "value": False},
                    ),
                ],
            },
            {
                "key": "p2",
                "questions": [
                    _competency("greeted"),
                    _competency("asked-needs"),
                    _competency("competent"),
                    _competency("offered-more"),
                    _q("better", "text", BETTER),
                ],
            },
        ]
    }


def _restaurant() -> dict[str, Any]:
    return {
        "pages": [
            {
                "key": "p1",
                "questions": [
                    _nps(),
                    _q(
                        "food",
                        "rating",
                        {
                            "nb": "Hvordan var maten?",
                            "nn": "Korleis var maten?",
                            "sv": "Hur var maten?",
                            "da": "Hvordan var maden?",
                            "en": "How was the food?",
                        },
                        required=True,
                        scale={"min": 1, "max": 5, "low": SAT_LOW, "high": SAT_HIGH},
                    ),
                    _q(
                        "service",
                        "rating",
                        {
                            "nb": "Hvordan var servicen?",
                            "nn": "Korleis var servicen?",
                            "sv": "Hur var servicen?",
                            "da": "Hvordan var betjeningen?",
                            "en": "How was the service?",
                        },
                        required=True,
                        scale={"min": 1, "max": 5, "low": SAT_LOW, "high": SAT_HIGH},
                    ),
                    _q(
                        "occasion",
                        "single_choice",
                        {
                            "nb": "Hva slags besøk var det?",
                            "nn": "Kva slags besøk var det?",
                            "sv": "Vad var det för besök?",
                            "da": "Hvilken slags besøg var det?",
                            "en": "What kind of visit was it?",
                        },
                        options=[
                            _opt(
                                "lunch",
                                {
                                    "nb": "Lunsj",
                                    "nn": "Lunsj",
                                    "sv": "Lunch",
                                    "da": "Frokost",
                                    "en": "Lunch",
                                },
                            ),
                            _opt(
                                "dinner",
                                {
                                    "nb": "Middag",
                                    "nn": "Middag",
                                    "sv": "Middag",
                                    "da": "Aftensmad",
                                    "en": "Dinner",
                                },
                            ),
                            _opt(
                                "takeaway",
                                {
                                    "nb": "Takeaway",
                                    "nn": "Takeaway",
                                    "sv": "Avhämtning",
                                    "da": "Takeaway",
                                    "en": "Takeaway",
                                },
                            ),
                        ],
                    ),
                ],
            },
            {
                "key": "p2",
                "questions": [
                    _competency("greeted"),
                    _competency("first-impression"),
                    _q(
                        "highlights",
                        "multiple_choice",
                        {
                            "nb": "Hva la du spesielt merke til?",
                            "nn": "Kva la du særleg merke til?",
                            "sv": "Vad lade du särskilt märke till?",
                            "da": "Hvad lagde du særligt mærke til?",
                            "en": "What stood out?",
                        },
                        options=[
                            _opt(
                                "taste",
                                {
                                    "nb": "Smaken",
                                    "nn": "Smaken",
                                    "sv": "Smaken",
                                    "da": "Smagen",
                                    "en": "The taste",
                                },
                            ),
                            _opt(
                                "waiting",
                                {
                                    "nb": "Ventetiden",
                                    "nn": "Ventetida",
                                    "sv": "Väntetiden",
                                    "da": "Ventetiden",
                                    "en": "The waiting time",
                                },
                            ),
                            _opt(
                                "atmosphere",
                                {
                                    "nb": "Stemningen",
                                    "nn": "Stemninga",
                                    "sv": "Stämningen",
                                    "da": "Stemningen",
                                    "en": "The atmosphere",
                                },
                            ),
                            _opt(
                                "price",
                                {
                                    "nb": "Prisen",
                                    "nn": "Prisen",
                                    "sv": "Priset",
                                    "da": "Prisen",
                                    "en": "The price",
                                },
                            ),
                        ],
                    ),
                    _q("better", "text", BETTER),
                ],
            },
        ]
    }


RESOLVED: T = {
    "nb": "Ble saken din løst?",
    "nn": "Vart saka di løyst?",
    "sv": "Blev ditt ärende löst?",
    "da": "Blev din sag løst?",
    "en": "Was your case resolved?",
}


def _customer_service() -> dict[str, Any]:
    return {
        "pages": [
            {
                "key": "p1",
                "questions": [
                    _q(
                        "effort",
                        "ces",
                        {
                            "nb": "Det var enkelt å få hjelp med saken min",
                            "nn": "Det var enkelt å få hjelp med saka mi",
                            "sv": "Det var enkelt att få hjälp med mitt ärende",
                            "da": "Det var nemt at få hjælp med min sag",
                            "en": "It was easy to get help with my case",
                        },
                        required=True,
                        scale={"min": 1, "max": 7, "low": AGREE_LOW, "high": AGREE_HIGH},
                    ),
                    _q("resolved", "yes_no", RESOLVED, required=True),
                    _q(
                        "still-missing",
                        "text",
                        {
                            "nb": "Hva gjenstår for at saken skal bli løst?",
                            "nn": "Kva står att for at saka skal bli løyst?",
                            "sv": "Vad återstår för att ärendet ska bli löst?",
                            "da": "Hvad mangler der, for at sagen bliver løst?",
                            "en": "What is still needed to resolve your case?",
                        },
                        show_if={"question": "resolved", "op": "eq", "value": False},
                    ),
                    _csat(
                        "csat",
                        {
                            "nb": "Hvor fornøyd er du med hjelpen du fikk?",
                            "nn": "Kor nøgd er du med hjelpa du fekk?",
                            "sv": "Hur nöjd är du med hjälpen du fick?",
                            "da": "Hvor tilfreds er du med den hjælp, du fik?",
                            "en": "How satisfied are you with the help you got?",
                        },
                        required=True,
                    ),
                ],
            },
            {
                "key": "p2",
                "questions": [
                    _competency("listened"),
                    _competency("competent"),
                    _competency("solution-checked"),
                    _competency("next-steps"),
                    _q("better", "text", BETTER),
                ],
            },
        ]
    }


def _complaint_follow_up() -> dict[str, Any]:
    return {
        "pages": [
            {
                "key": "p1",
                "questions": [
                    _csat(
                        "handling",
                        {
                            "nb": "Hvor fornøyd er du med hvordan vi behandlet klagen din?",
                            "nn": "Kor nøgd er du med korleis vi handsama klaga di?",
                            "sv": "Hur nöjd är du med hur vi hanterade ditt klagomål?",
                            "da": "Hvor tilfreds er du med, hvordan vi behandlede din klage?",
                            "en": "How satisfied are you with how we handled your complaint?",
                        },
                        required=True,
                    ),
                    _q(
                        "solved",
                        "yes_no",
                        {
                            "nb": "Er problemet løst nå?",
                            "nn": "Er problemet løyst no?",
                            "sv": "Är problemet löst nu?",
                            "da": "Er problemet løst nu?",
                            "en": "Is the problem solved now?",
                        },
                        required=True,
                    ),
                    _q(
                        "remaining",
                        "text",
                        {
                            "nb": "Hva er fortsatt ikke i orden?",
                            "nn": "Kva er framleis ikkje i orden?",
                            "sv": "Vad är fortfarande inte i ordning?",
                            "da": "Hvad er stadig ikke i orden?",
                            "en": "What is still not right?",
                        },
                        show_if={"question": "solved", "op": "eq", "value": False},
                    ),
                    _competency("listened"),
                    _competency("next-steps"),
                    _q(
                        "return",
                        "single_choice",
                        {
                            "nb": "Vil du handle hos oss igjen?",
                            "nn": "Vil du handle hjå oss igjen?",
                            "sv": "Kommer du att handla hos oss igen?",
                            "da": "Vil du handle hos os igen?",
                            "en": "Will you buy from us again?",
                        },
                        required=True,
                        options=[
                            _opt(
                                "yes", {"nb": "Ja", "nn": "Ja", "sv": "Ja", "da": "Ja", "en": "Yes"}
                            ),
                            _opt(
                                "maybe",
                                {
                                    "nb": "Kanskje",
                                    "nn": "Kanskje",
                                    "sv": "Kanske",
                                    "da": "Måske",
                                    "en": "Maybe",
                                },
                            ),
                            _opt(
                                "no",
                                {"nb": "Nei", "nn": "Nei", "sv": "Nej", "da": "Nej", "en": "No"},
                            ),
                        ],
                    ),
                    _q("better", "text", BETTER),
                ],
            }
        ]
    }


def _custom() -> dict[str, Any]:
    return {"pages": [{"key": "p1", "questions": [_nps(), _q("reason", "text", REASON)]}]}


_TEMPLATES = {
    "post_visit_retail": _retail,
    "restaurant": _restaurant,
    "customer_service": _customer_service,
    "complaint_follow_up": _complaint_follow_up,
    "custom": _custom,
}

TEMPLATE_KINDS: tuple[str, ...] = tuple(_TEMPLATES)


def template_definition(
    kind: str, languages: list[str], items: dict[str, dict[str, str]]
) -> dict[str, Any]:
    """The template's definition restricted to `languages`, with competency question
    texts taken from the organisation's items ({key: {lang: text}}). Competency
    questions whose item the organisation does not have (or has deactivated) are left
    out."""
    definition = copy.deepcopy(_TEMPLATES[kind]())
    keep = set(languages)

    def only(texts: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in texts.items() if k in keep}

    for page in definition["pages"]:
        kept = []
        for q in page["questions"]:
            if q["type"] == "competency":
                if q["competency_item"] not in items:
                    continue
                item = items[q["competency_item"]]
                q["text"] = {lang: text_for(item, lang) for lang in languages}
            q["text"] = only(q["text"])
            if "help" in q:
                q["help"] = only(q["help"])
            for option in q.get("options", []):
                option["text"] = only(option["text"])
            if "scale" in q:
                q["scale"]["low"] = only(q["scale"].get("low", {}))
                q["scale"]["high"] = only(q["scale"].get("high", {}))
            kept.append(q)
        page["questions"] = kept
    return definition
