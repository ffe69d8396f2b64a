"""Demo data: about 1,500 public reviews over the last 12 months, in each unit's
language (with some English from tourists), stored through the bulk action."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from lytt.reviews.actions import ReviewData, clean_review, do_bulk_create_reviews

# Sentence pieces per language and tone; a review is an opening, one or two details
# (general or for the kind of unit) and sometimes a closing remark.
P: dict[str, dict[str, dict[str, list[str]]]] = {
    "nb": {
        "pos": {
            "open": [
                "Veldig fornøyd!",
                "Topp opplevelse.",
                "Alltid like hyggelig her.",
                "Kommer gjerne tilbake.",
                "Super service!",
            ],
            "any": [
                "Ble møtt med et smil med en gang.",
                "Betjeningen tok seg god tid og lyttet.",
                "Rent og ryddig overalt.",
                "Fikk gode råd uten å bli presset.",
                "Kort ventetid.",
            ],
            "shop": [
                "Fant akkurat det jeg trengte, og de sjekket at det passet.",
                "Selgeren kunne produktene sine godt.",
                "Enkelt å bytte en vare jeg hadde kjøpt.",
            ],
            "restaurant": [
                "Maten var nydelig og kom raskt.",
                "Beste kanelbollen i byen!",
                "God kaffe og koselig stemning.",
            ],
            "contact_centre": [
                "Fikk svar på chatten i løpet av få minutter.",
                "Hun i telefonen løste saken min med en gang.",
                "De ringte tilbake som lovet.",
            ],
            "close": ["Anbefales!", "Fem stjerner fra meg.", "Takk for god hjelp!"],
        },
        "mid": {
            "open": ["Helt greit.", "Grei opplevelse, men noe å gå på.", "Blandet inntrykk."],
            "any": [
                "Litt lang kø i kassa.",
                "Hyggelige folk, men travelt.",
                "Fikk hjelp til slutt, men måtte lete etter noen.",
            ],
            "shop": ["Manglet størrelsen jeg ville ha.", "Prisene er litt høye."],
            "restaurant": ["Maten var god, men lunken.", "Litt trangt ved bordene."],
            "contact_centre": [
                "Lang ventetid på telefonen, men de løste det.",
                "Måtte forklare saken to ganger.",
            ],
            "close": ["Prøver igjen en annen gang.", "Kan bli bedre."],
        },
        "neg": {
            "open": ["Skuffet.", "Dårlig opplevelse dessverre.", "Ikke fornøyd i det hele tatt."],
            "any": [
                "Ingen hilste da jeg kom inn.",
                "Ventet i over tjue minutter uten at noen sa noe.",
                "Personalet virket uinteressert.",
                "Fikk feil informasjon.",
            ],
            "shop": ["Varen var defekt, og de ville ikke bytte den.", "Ingen å spørre i butikken."],
            "restaurant": ["Maten var kald og kaffen bitter.", "Fant hår i maten."],
            "contact_centre": [
                "Lovet å ringe tilbake, men ingen gjorde det.",
                "Har tatt kontakt tre ganger om samme sak.",
                "Chatten ble bare avsluttet midt i samtalen.",
            ],
            "close": [
                "Kommer ikke tilbake.",
                "Vurderer å bytte leverandør.",
                "Håper dere tar tak i dette.",
            ],
        },
    },
    "sv": {
        "pos": {
            "open": [
                "Jättenöjd!",
                "Toppenupplevelse.",
                "Alltid lika trevligt här.",
                "Kommer gärna tillbaka.",
                "Suverän service!",
            ],
            "any": [
                "Blev välkomnad direkt.",
                "Personalen tog sig tid och lyssnade.",
                "Rent och snyggt.",
                "Fick bra råd utan att bli pressad.",
                "Kort väntetid.",
            ],
            "shop": [
                "Hittade precis det jag behövde, och de kollade att det passade.",
                "Säljaren kunde sina produkter.",
                "Enkelt att byta en vara.",
            ],
            "restaurant": [
                "Maten var jättegod och kom snabbt.",
                "Bästa kanelbullen i stan!",
                "Gott kaffe och mysig stämning.",
            ],
            "contact_centre": [
                "Fick svar i chatten på några minuter.",
                "Hon i telefon löste mitt ärende direkt.",
                "De ringde tillbaka som utlovat.",
            ],
            "close": ["Rekommenderas!", "Fem stjärnor från mig.", "Tack för hjälpen!"],
        },
        "mid": {
            "open": [
                "Helt okej.",
                "Okej upplevelse, men det finns att förbättra.",
                "Blandade känslor.",
            ],
            "any": [
                "Lite lång kö i kassan.",
                "Trevlig personal men stressigt.",
                "Fick hjälp till slut, men fick leta efter någon.",
            ],
            "shop": ["De saknade min storlek.", "Lite dyrt."],
            "restaurant": ["God mat men ljummen.", "Lite trångt vid borden."],
            "contact_centre": [
                "Lång väntetid i telefon, men de löste det.",
                "Fick förklara ärendet två gånger.",
            ],
            "close": ["Provar igen någon gång.", "Kan bli bättre."],
        },
        "neg": {
            "open": ["Besviken.", "Dålig upplevelse tyvärr.", "Inte alls nöjd."],
            "any": [
                "Ingen hälsade när jag kom in.",
                "Väntade i över tjugo minuter utan att någon sa något.",
                "Personalen verkade ointresserad.",
                "Fick fel information.",
            ],
            "shop": ["Varan var trasig och de ville inte byta den.", "Ingen att fråga i butiken."],
            "restaurant": ["Maten var kall och kaffet beskt.", "Hittade ett hårstrå i maten."],
            "contact_centre": [
                "Lovade att ringa tillbaka men ingen gjorde det.",
                "Har hört av mig tre gånger om samma sak.",
                "Chatten stängdes mitt i samtalet.",
            ],
            "close": [
                "Kommer inte tillbaka.",
                "Funderar på att byta.",
                "Hoppas ni tar tag i det här.",
            ],
        },
    },
    "da": {
        "pos": {
            "open": [
                "Meget tilfreds!",
                "Super oplevelse.",
                "Altid lige hyggeligt her.",
                "Kommer gerne igen.",
                "Fremragende service!",
            ],
            "any": [
                "Blev budt velkommen med det samme.",
                "Personalet tog sig tid og lyttede.",
                "Rent og pænt.",
                "Fik gode råd uden at blive presset.",
                "Kort ventetid.",
            ],
            "shop": [
                "Fandt præcis det, jeg skulle bruge, og de tjekkede, at det passede.",
                "Sælgeren kendte sine varer.",
                "Nemt at bytte en vare.",
            ],
            "restaurant": [
                "Maden var lækker og kom hurtigt.",
                "Byens bedste kanelsnegl!",
                "God kaffe og hyggelig stemning.",
            ],
            "contact_centre": [
                "Fik svar på chatten på få minutter.",
                "Hun i telefonen løste min sag med det samme.",
                "De ringede tilbage som lovet.",
            ],
            "close": ["Kan anbefales!", "Fem stjerner herfra.", "Tak for hjælpen!"],
        },
        "mid": {
            "open": ["Helt okay.", "Fin oplevelse, men plads til forbedring.", "Blandet indtryk."],
            "any": [
                "Lidt lang kø ved kassen.",
                "Søde folk, men travlt.",
                "Fik hjælp til sidst, men måtte lede efter nogen.",
            ],
            "shop": ["De manglede min størrelse.", "Lidt dyrt."],
            "restaurant": ["God mad, men lunken.", "Lidt trangt ved bordene."],
            "contact_centre": [
                "Lang ventetid i telefonen, men de løste det.",
                "Måtte forklare sagen to gange.",
            ],
            "close": ["Prøver igen en anden gang.", "Kan blive bedre."],
        },
        "neg": {
            "open": ["Skuffet.", "Dårlig oplevelse desværre.", "Slet ikke tilfreds."],
            "any": [
                "Ingen hilste, da jeg kom ind.",
                "Ventede over tyve minutter, uden at nogen sagde noget.",
                "Personalet virkede ligeglade.",
                "Fik forkerte oplysninger.",
            ],
            "shop": [
                "Varen var i stykker, og de ville ikke bytte den.",
                "Ingen at spørge i butikken.",
            ],
            "restaurant": ["Maden var kold og kaffen bitter.", "Der var et hår i maden."],
            "contact_centre": [
                "Lovede at ringe tilbage, men det skete aldrig.",
                "Har kontaktet dem tre gange om den samme sag.",
                "Chatten blev bare lukket midt i samtalen.",
            ],
            "close": ["Kommer ikke igen.", "Overvejer at skifte.", "Håber, I tager fat i det her."],
        },
    },
    "en": {
        "pos": {
            "open": [
                "Lovely place!",
                "Great experience.",
                "Very happy with my visit.",
                "Will definitely come back.",
            ],
            "any": [
                "Staff greeted us right away.",
                "They took their time and really listened.",
                "Clean and tidy.",
                "Helpful advice without any pressure.",
            ],
            "shop": ["Found exactly what I needed.", "The staff knew their products well."],
            "restaurant": [
                "Delicious food, served quickly.",
                "Best cinnamon bun we had in Scandinavia!",
            ],
            "contact_centre": [
                "Quick and friendly answer on the chat.",
                "Sorted out my order in one call.",
            ],
            "close": ["Highly recommended.", "Thanks!"],
        },
        "mid": {
            "open": ["Okay.", "Decent, but could be better."],
            "any": ["Long queue at the till.", "Friendly but very busy."],
            "shop": ["Bit pricey for what it is."],
            "restaurant": ["Food was fine but lukewarm."],
            "contact_centre": ["Long wait on the phone."],
            "close": ["Might try again."],
        },
        "neg": {
            "open": ["Disappointing.", "Not a good experience."],
            "any": [
                "Nobody said hello.",
                "Waited twenty minutes and nobody came.",
                "Staff seemed uninterested.",
            ],
            "shop": ["Faulty product and they refused to exchange it."],
            "restaurant": ["Cold food and bitter coffee."],
            "contact_centre": ["Promised a call back that never came."],
            "close": ["Won't be back."],
        },
    },
}

FIRST = [
    "Kari",
    "Ola",
    "Ingrid",
    "Lars",
    "Anna",
    "Erik",
    "Sofia",
    "Mads",
    "Freja",
    "Jonas",
    "Emma",
    "Nils",
]
SOURCES = {
    "shop": (["google", "facebook", "trustpilot"], [6, 2, 1]),
    "restaurant": (["google", "tripadvisor", "facebook"], [5, 4, 1]),
    "contact_centre": (["trustpilot", "google", "other"], [6, 2, 1]),
}
STARS = [1, 2, 3, 4, 5]


def _tone(stars: int) -> str:
    return "pos" if stars >= 4 else "mid" if stars == 3 else "neg"


def _text(rng: random.Random, language: str, kind: str, stars: int) -> str:
    parts = P[language][_tone(stars)]
    specific = parts.get(kind) or parts["any"]
    sentences = [rng.choice(parts["open"])]
    pool = parts["any"] + specific * 2
    sentences += rng.sample(pool, k=min(len(pool), rng.choice([1, 1, 2, 2, 3])))
    if rng.random() < 0.5:
        sentences.append(rng.choice(parts["close"]))
    # Some reviewers only give stars; some write in lower case without full stops.
    if rng.random() < 0.08:
        return ""
    text = " ".join(dict.fromkeys(sentences))
    if rng.random() < 0.1:
        text = text.lower().replace(".", "")
    return text


def load_demo_reviews(chain: Any, rng: random.Random, echo: Callable[[str], None]) -> None:
    org = chain.organisation
    today = timezone.localdate()
    items: list[ReviewData] = []
    for unit in chain.units:
        kind = unit.kind if unit.kind in SOURCES else "shop"
        sources, source_weights = SOURCES[kind]
        # Units differ: a few are clearly better or worse than the rest.
        quality = rng.choice([-1.2, -0.5, 0, 0, 0.3, 0.6])
        weights = [
            max(0.2, w + quality * s)
            for w, s in zip([10, 7, 11, 26, 46], [-4, -2, 0, 1, 5], strict=True)
        ]
        count = rng.randint(90, 130) if kind != "contact_centre" else rng.randint(120, 170)
        for n in range(count):
            stars = rng.choices(STARS, weights=weights)[0]
            language = (
                "en" if rng.random() < 0.08 else (unit.language if unit.language in P else "nb")
            )
            source = rng.choices(sources, weights=source_weights)[0]
            day = today - timedelta(days=rng.randint(0, 364))
            posted = timezone.make_aware(
                datetime.combine(day, time(rng.randint(8, 22), rng.randint(0, 59)))
            )
            rating_max = 10 if source == "other" else 5
            author = (
                "" if rng.random() < 0.2 else f"{rng.choice(FIRST)} {chr(65 + rng.randint(0, 25))}."
            )
            items.append(
                clean_review(
                    org,
                    source=source,
                    rating=stars * 2 if rating_max == 10 else stars,
                    rating_max=rating_max,
                    posted_at=min(posted, timezone.now()),
                    text=_text(rng, language, kind, stars),
                    language=language,
                    unit=unit,
                    author=author,
                    link=f"https://reviews.example/{source}/{unit.pk}-{n}",
                    external_id=f"demo-{unit.pk}-{n}",
                )
            )
    stored = do_bulk_create_reviews(None, org, items, note="demo")
    echo(f"Public reviews: {len(stored)}")
