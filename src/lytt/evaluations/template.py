"""The built-in "Kundeserviceprisen-style" evaluation form: behaviour criteria that an
evaluator can observe on one visit or contact, in seven weighted sections, written in
nb, nn, sv, da and en. Criteria map to the default competency items where they measure
the same behaviour (keys from lytt.surveys.catalogue)."""

from __future__ import annotations

from typing import Any

T = dict[str, str]


def _t(nb: str, nn: str, sv: str, da: str, en: str) -> T:
    return {"nb": nb, "nn": nn, "sv": sv, "da": da, "en": en}


# (key, weight, title, [(key, kind, scale_max, weight, competency key, text), ...])
SECTIONS: list[tuple[str, float, T, list[tuple[str, str, int, float, str | None, T]]]] = [
    (
        "first-impression",
        2.0,
        _t(
            "Førsteinntrykk og hilsen",
            "Førsteinntrykk og helsing",
            "Första intryck och hälsning",
            "Førstehåndsindtryk og hilsen",
            "First impression and greeting",
        ),
        [
            (
                "noticed-quickly",
                "ynp",
                0,
                1.0,
                "greeted",
                _t(
                    "Jeg ble lagt merke til innen 30 sekunder",
                    "Eg vart lagd merke til innan 30 sekund",
                    "Jag blev uppmärksammad inom 30 sekunder",
                    "Jeg blev bemærket inden for 30 sekunder",
                    "I was noticed within 30 seconds",
                ),
            ),
            (
                "greeted",
                "ynp",
                0,
                1.0,
                "greeted",
                _t(
                    "Medarbeideren hilste vennlig, med blikkontakt",
                    "Medarbeidaren helsa venleg, med augekontakt",
                    "Medarbetaren hälsade vänligt, med ögonkontakt",
                    "Medarbejderen hilste venligt, med øjenkontakt",
                    "The employee greeted me warmly, with eye contact",
                ),
            ),
            (
                "welcoming",
                "ynp",
                0,
                1.0,
                "first-impression",
                _t(
                    "Medarbeideren smilte og virket imøtekommende",
                    "Medarbeidaren smilte og verka imøtekomande",
                    "Medarbetaren log och verkade tillmötesgående",
                    "Medarbejderen smilede og virkede imødekommende",
                    "The employee smiled and seemed approachable",
                ),
            ),
            (
                "tidy",
                "ynp",
                0,
                1.0,
                "first-impression",
                _t(
                    "Stedet (eller kanalen) virket ryddig og innbydende",
                    "Staden (eller kanalen) verka ryddig og innbydande",
                    "Platsen (eller kanalen) verkade städad och inbjudande",
                    "Stedet (eller kanalen) virkede ryddeligt og indbydende",
                    "The place (or channel) looked tidy and inviting",
                ),
            ),
            (
                "wait-acknowledged",
                "ynp",
                0,
                1.0,
                None,
                _t(
                    "Ventetid ble anerkjent («jeg kommer straks»)",
                    "Ventetid vart godteken («eg kjem straks»)",
                    "Väntetid bekräftades (”jag kommer strax”)",
                    "Ventetid blev anerkendt (»jeg kommer lige om lidt«)",
                    'Waiting was acknowledged ("I\'ll be right with you")',
                ),
            ),
        ],
    ),
    (
        "needs",
        3.0,
        _t(
            "Behovsanalyse og spørsmål",
            "Behovsanalyse og spørsmål",
            "Behovsanalys och frågor",
            "Behovsafklaring og spørgsmål",
            "Needs analysis and questions",
        ),
        [
            (
                "open-questions",
                "ynp",
                0,
                2.0,
                "asked-needs",
                _t(
                    "Medarbeideren stilte åpne spørsmål om behovet mitt",
                    "Medarbeidaren stilte opne spørsmål om behovet mitt",
                    "Medarbetaren ställde öppna frågor om mitt behov",
                    "Medarbejderen stillede åbne spørgsmål om mit behov",
                    "The employee asked open questions about my needs",
                ),
            ),
            (
                "follow-up-questions",
                "ynp",
                0,
                1.0,
                "asked-needs",
                _t(
                    "Medarbeideren stilte oppfølgingsspørsmål",
                    "Medarbeidaren stilte oppfølgingsspørsmål",
                    "Medarbetaren ställde följdfrågor",
                    "Medarbejderen stillede opfølgende spørgsmål",
                    "The employee asked follow-up questions",
                ),
            ),
            (
                "listened",
                "ynp",
                0,
                1.0,
                "listened",
                _t(
                    "Medarbeideren lyttet uten å avbryte",
                    "Medarbeidaren lytta utan å avbryte",
                    "Medarbetaren lyssnade utan att avbryta",
                    "Medarbejderen lyttede uden at afbryde",
                    "The employee listened without interrupting",
                ),
            ),
            (
                "summarised",
                "ynp",
                0,
                1.0,
                "listened",
                _t(
                    "Medarbeideren oppsummerte behovet mitt",
                    "Medarbeidaren oppsummerte behovet mitt",
                    "Medarbetaren sammanfattade mitt behov",
                    "Medarbejderen opsummerede mit behov",
                    "The employee summarised my needs",
                ),
            ),
            (
                "seen-heard",
                "ynp",
                0,
                1.0,
                "listened",
                _t(
                    "Jeg følte meg sett og hørt",
                    "Eg kjende meg sett og høyrd",
                    "Jag kände mig sedd och hörd",
                    "Jeg følte mig set og hørt",
                    "I felt seen and heard",
                ),
            ),
        ],
    ),
    (
        "competence",
        3.0,
        _t("Kompetanse", "Kompetanse", "Kompetens", "Kompetence", "Competence"),
        [
            (
                "product-knowledge",
                "ynp",
                0,
                1.0,
                "competent",
                _t(
                    "Medarbeideren kjente produktene eller tjenestene godt",
                    "Medarbeidaren kjende produkta eller tenestene godt",
                    "Medarbetaren kände produkterna eller tjänsterna väl",
                    "Medarbejderen kendte produkterne eller ydelserne godt",
                    "The employee knew the products or services well",
                ),
            ),
            (
                "explained-clearly",
                "ynp",
                0,
                1.0,
                "competent",
                _t(
                    "Forklaringene var enkle å forstå",
                    "Forklaringane var enkle å forstå",
                    "Förklaringarna var lätta att förstå",
                    "Forklaringerne var lette at forstå",
                    "The explanations were easy to understand",
                ),
            ),
            (
                "benefits",
                "ynp",
                0,
                1.0,
                "competent",
                _t(
                    "Medarbeideren fortalte om fordeler for meg, ikke bare egenskaper",
                    "Medarbeidaren fortalde om føremoner for meg, ikkje berre eigenskapar",
                    "Medarbetaren berättade om fördelar för mig, inte bara egenskaper",
                    "Medarbejderen fortalte om fordele for mig, ikke kun egenskaber",
                    "The employee described benefits for me, not only features",
                ),
            ),
            (
                "alternatives",
                "ynp",
                0,
                1.0,
                None,
                _t(
                    "Medarbeideren foreslo alternativer",
                    "Medarbeidaren føreslo alternativ",
                    "Medarbetaren föreslog alternativ",
                    "Medarbejderen foreslog alternativer",
                    "The employee suggested alternatives",
                ),
            ),
            (
                "perceived-competence",
                "scale",
                5,
                2.0,
                "competent",
                _t(
                    "Hvor kompetent virket medarbeideren? (0–5)",
                    "Kor kompetent verka medarbeidaren? (0–5)",
                    "Hur kompetent verkade medarbetaren? (0–5)",
                    "Hvor kompetent virkede medarbejderen? (0–5)",
                    "How competent did the employee seem? (0–5)",
                ),
            ),
        ],
    ),
    (
        "solution",
        3.0,
        _t(
            "Løsning og sjekk underveis",
            "Løysing og sjekk undervegs",
            "Lösning och avstämning under tiden",
            "Løsning og opfølgning undervejs",
            "Solution and checking back",
        ),
        [
            (
                "solution-fits",
                "ynp",
                0,
                1.0,
                None,
                _t(
                    "Løsningen passet til behovet jeg beskrev",
                    "Løysinga passa til behovet eg skildra",
                    "Lösningen passade det behov jag beskrev",
                    "Løsningen passede til det behov, jeg beskrev",
                    "The solution fitted the need I described",
                ),
            ),
            (
                "checked-back",
                "ynp",
                0,
                2.0,
                "solution-checked",
                _t(
                    "Medarbeideren sjekket underveis at løsningen passet meg",
                    "Medarbeidaren sjekka undervegs at løysinga passa meg",
                    "Medarbetaren stämde av under tiden att lösningen passade mig",
                    "Medarbejderen tjekkede undervejs, at løsningen passede mig",
                    "The employee checked along the way that the solution suited me",
                ),
            ),
            (
                "demonstrated",
                "ynp",
                0,
                1.0,
                None,
                _t(
                    "Medarbeideren viste eller demonstrerte løsningen",
                    "Medarbeidaren viste eller demonstrerte løysinga",
                    "Medarbetaren visade eller demonstrerade lösningen",
                    "Medarbejderen viste eller demonstrerede løsningen",
                    "The employee showed or demonstrated the solution",
                ),
            ),
            (
                "objections",
                "ynp",
                0,
                1.0,
                None,
                _t(
                    "Innvendinger ble møtt med forståelse, ikke forsvar",
                    "Innvendingar vart møtte med forståing, ikkje forsvar",
                    "Invändningar möttes med förståelse, inte försvar",
                    "Indvendinger blev mødt med forståelse, ikke forsvar",
                    "Objections were met with understanding, not defence",
                ),
            ),
            (
                "confirmed-solved",
                "ynp",
                0,
                1.0,
                "solution-checked",
                _t(
                    "Medarbeideren bekreftet at saken var løst",
                    "Medarbeidaren stadfesta at saka var løyst",
                    "Medarbetaren bekräftade att ärendet var löst",
                    "Medarbejderen bekræftede, at sagen var løst",
                    "The employee confirmed that my matter was solved",
                ),
            ),
        ],
    ),
    (
        "expectations",
        2.0,
        _t(
            "Forventninger og veien videre",
            "Forventningar og vegen vidare",
            "Förväntningar och vägen vidare",
            "Forventninger og det videre forløb",
            "Expectations and what happens next",
        ),
        [
            (
                "time-clear",
                "ynp",
                0,
                1.0,
                "next-steps",
                _t(
                    "Det ble sagt hvor lang tid det tar",
                    "Det vart sagt kor lang tid det tek",
                    "Det sades hur lång tid det tar",
                    "Det blev sagt, hvor lang tid det tager",
                    "I was told how long it would take",
                ),
            ),
            (
                "how-clear",
                "ynp",
                0,
                1.0,
                "next-steps",
                _t(
                    "Det ble forklart hvordan det skjer (levering, henting, svar)",
                    "Det vart forklart korleis det skjer (levering, henting, svar)",
                    "Det förklarades hur det går till (leverans, hämtning, svar)",
                    "Det blev forklaret, hvordan det foregår (levering, afhentning, svar)",
                    "It was explained how it happens (delivery, pick-up, reply)",
                ),
            ),
            (
                "what-is-included",
                "ynp",
                0,
                1.0,
                None,
                _t(
                    "Det ble avklart hva som følger med, og hva som må kjøpes i tillegg",
                    "Det vart avklart kva som følgjer med, og kva som må kjøpast i tillegg",
                    "Det klargjordes vad som ingår och vad som måste köpas till",
                    "Det blev afklaret, hvad der følger med, og hvad der skal købes ekstra",
                    "It was made clear what is included and what must be bought separately",
                ),
            ),
            (
                "next-steps",
                "ynp",
                0,
                1.0,
                "next-steps",
                _t(
                    "Jeg visste hva som skjer videre",
                    "Eg visste kva som skjer vidare",
                    "Jag visste vad som händer härnäst",
                    "Jeg vidste, hvad der sker nu",
                    "I knew what would happen next",
                ),
            ),
            (
                "contact",
                "ynp",
                0,
                1.0,
                None,
                _t(
                    "Jeg fikk vite hvem jeg kan kontakte ved spørsmål",
                    "Eg fekk vite kven eg kan kontakte ved spørsmål",
                    "Jag fick veta vem jag kan kontakta vid frågor",
                    "Jeg fik at vide, hvem jeg kan kontakte ved spørgsmål",
                    "I was told whom to contact with questions",
                ),
            ),
        ],
    ),
    (
        "upsell",
        1.0,
        _t("Mersalg", "Meirsal", "Merförsäljning", "Mersalg", "Additional sales"),
        [
            (
                "upsell-asked",
                "ynp",
                0,
                1.0,
                "offered-more",
                _t(
                    "Det ble stilt et spørsmål om mersalg",
                    "Det vart stilt eit spørsmål om meirsal",
                    "En fråga om merförsäljning ställdes",
                    "Der blev stillet et spørgsmål om mersalg",
                    "An additional-sales question was asked",
                ),
            ),
            (
                "upsell-open",
                "ynp",
                0,
                1.0,
                "offered-more",
                _t(
                    "Spørsmålet var åpent («hvor mange par trenger du?»), ikke lukket («trenger du sokker?»)",
                    "Spørsmålet var ope («kor mange par treng du?»), ikkje lukka («treng du sokkar?»)",
                    "Frågan var öppen (”hur många par behöver du?”), inte sluten (”behöver du strumpor?”)",
                    "Spørgsmålet var åbent (»hvor mange par skal du bruge?«), ikke lukket (»skal du have strømper?«)",
                    'The question was open ("how many pairs do you need?"), not closed ("do you need socks?")',
                ),
            ),
            (
                "upsell-relevant",
                "ynp",
                0,
                1.0,
                None,
                _t(
                    "Tilleggsforslaget var relevant for behovet mitt",
                    "Tilleggsframlegget var relevant for behovet mitt",
                    "Tilläggsförslaget var relevant för mitt behov",
                    "Tillægsforslaget var relevant for mit behov",
                    "The suggestion was relevant to my needs",
                ),
            ),
        ],
    ),
    (
        "goodbye",
        1.0,
        _t("Avslutning", "Avslutning", "Avslutning", "Afslutning", "Goodbye"),
        [
            (
                "thanked",
                "ynp",
                0,
                1.0,
                "thanked",
                _t(
                    "Medarbeideren takket for besøket eller henvendelsen",
                    "Medarbeidaren takka for besøket eller førespurnaden",
                    "Medarbetaren tackade för besöket eller kontakten",
                    "Medarbejderen takkede for besøget eller henvendelsen",
                    "The employee thanked me for the visit or contact",
                ),
            ),
            (
                "welcome-back",
                "ynp",
                0,
                1.0,
                "thanked",
                _t(
                    "Jeg ble ønsket velkommen tilbake",
                    "Eg vart ønskt velkomen attende",
                    "Jag blev välkommen tillbaka",
                    "Jeg blev budt velkommen igen",
                    "I was invited to come back",
                ),
            ),
            (
                "would-return",
                "ynp",
                0,
                1.0,
                None,
                _t(
                    "Jeg ville kommet tilbake etter dette besøket",
                    "Eg ville kome attende etter dette besøket",
                    "Jag skulle komma tillbaka efter det här besöket",
                    "Jeg ville komme igen efter dette besøg",
                    "I would come back after this visit",
                ),
            ),
            (
                "overall",
                "scale",
                10,
                2.0,
                None,
                _t(
                    "Samlet inntrykk av besøket (0–10)",
                    "Samla inntrykk av besøket (0–10)",
                    "Helhetsintryck av besöket (0–10)",
                    "Samlet indtryk af besøget (0–10)",
                    "Overall impression of the visit (0–10)",
                ),
            ),
        ],
    ),
]

TEMPLATE_NAME = _t(
    "Mystery shopping (Kundeserviceprisen-stil)",
    "Mystery shopping (Kundeserviceprisen-stil)",
    "Mystery shopping (i Kundeserviceprisens stil)",
    "Mystery shopping (i Kundeserviceprisens stil)",
    "Mystery shopping (Kundeserviceprisen style)",
)


def template_sections() -> list[dict[str, Any]]:
    """The default form as the section/criterion dicts `do_create_form` takes."""
    return [
        {
            "key": key,
            "weight": weight,
            "title": dict(title),
            "criteria": [
                {
                    "key": ckey,
                    "kind": kind,
                    "scale_max": scale_max or 5,
                    "weight": cweight,
                    "competency_item": competency,
                    "text": dict(text),
                    "required": True,
                    "allow_comment": True,
                }
                for ckey, kind, scale_max, cweight, competency, text in criteria
            ],
        }
        for key, weight, title, criteria in SECTIONS
    ]
