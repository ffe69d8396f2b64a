"""Free-text comments for the demo, composed from fragments so no template repeats.

A comment is built from slots (opening, what happened, who, feeling, closing), each
picked from many variants in the customer's language, then roughened the way real
customers write: missing æ/ø/å (ae/oe/aa, o, a), dropped or doubled letters, no capital,
no full stop, the odd English phrase, emoji, and CAPITALS when angry. The tone (DOMAIN.md
section 2) decides the slots: irritated customers complain loudly, passive ones say
little and hint that they will not come back, "relation" customers praise the employee
for help they had to charm out of them. Deterministic for a given `random.Random`.
"""

from __future__ import annotations

import random

TONES = ("praise", "neutral", "irritated", "passive", "relation")
KINDS = ("shop", "restaurant", "contact_centre")

# Slots: P[lang][slot] -> list of fragments. "{name}" is the employee's first name.
P: dict[str, dict[str, list[str]]] = {
    "nb": {
        "when": [
            "Var innom på lørdag.",
            "I går ettermiddag.",
            "Handlet i lunsjen i dag.",
            "Var der rett før stengetid.",
            "Var innom med ungene.",
            "Første gang jeg var der.",
        ],
        "open_good": [
            "Veldig fornøyd!",
            "Supert besøk.",
            "Må bare si at",
            "Kjempebra opplevelse.",
            "Alltid hyggelig å komme hit.",
            "Ærlig talt en av de beste butikkene jeg har vært i.",
            "Hei!",
            "Tusen takk for god hjelp.",
        ],
        "open_bad": [
            "Skuffet.",
            "Dette var dårlig.",
            "Jeg er ikke fornøyd.",
            "Hva skjer med servicen deres?",
            "Nok en gang skuffet.",
            "Helt utrolig.",
            "Beklager, men dette holder ikke.",
            "Dårligste opplevelsen på lenge.",
        ],
        "open_neutral": ["Greit nok.", "Sånn passe.", "Helt ok besøk.", "Tja.", "Ok."],
        "shop_good": [
            "fikk tips om en billigere modell som passet bedre",
            "de pakket gaven pent inn uten at jeg spurte",
            "han fulgte meg helt bort til hylla",
            "fikk byttet uten kvittering",
            "fant det jeg skulle med en gang",
            "fikk god hjelp til å finne riktig størrelse",
            "de hadde alt på lager",
            "ble møtt med et smil da jeg kom inn",
            "hun spurte hva jeg skulle bruke jakka til og fant en bedre en",
            "kort kø i kassa selv om det var lørdag",
            "byttet varen uten noe mas",
            "han forklarte forskjellen på modellene skikkelig",
        ],
        "shop_bad": [
            "kassa var stengt og ingen sa fra",
            "fikk ikke prøve skoene fordi det var for travelt",
            "ble sendt rundt mellom tre avdelinger",
            "betalte for levering og ventet to uker",
            "det var rotete og tomme hyller",
            "hun sa jeg måtte komme tilbake i morgen",
            "sto i kø i 20 minutter og bare en kasse åpen",
            "ingen hilste da jeg kom inn",
            "varen var utsolgt selv om nettsiden sa den var på lager",
            "kjøpte seng men ingen sa at bunnen ikke var med",
            "de ansatte sto og pratet sammen og så ikke meg",
            "fikk feil beskjed om retur",
            "måtte lete etter noen som jobbet der",
            "lovet å ringe når varen kom, hørte aldri noe",
            "ble spurt om jeg ville ha sokker, svarte nei, ble spurt igjen",
            "prisen i hylla var ikke den samme som i kassa",
        ],
        "restaurant_good": [
            "fikk ekstra kaffe uten å spørre",
            "barna fikk fargestifter og ble sett",
            "vafflene var nystekte",
            "maten kom fort og var varm",
            "kaffen var nydelig",
            "servitøren husket at jeg ikke tåler gluten",
            "fikk bord med en gang",
            "hyggelig stemning og god mat",
            "kanelbollene er de beste i byen",
        ],
        "restaurant_bad": [
            "suppa var lunken",
            "måtte be om vann tre ganger",
            "musikken var så høy at vi ikke hørte hverandre",
            "regningen var feil",
            "ventet 40 min på maten",
            "maten var kald",
            "fikk feil bestilling og måtte vente på nytt",
            "bordet var skittent da vi satte oss",
            "ingen kom for å ta bestillingen",
            "kaffen smakte brent",
            "de glemte allergien min selv om jeg sa det to ganger",
            "måtte gå opp i disken selv for å betale",
        ],
        "contact_centre_good": [
            "hun ringte faktisk tilbake samme dag",
            "fikk sporingsnummer med en gang",
            "fikk svar med en gang på chatten",
            "saken ble løst på første telefon",
            "hun forklarte hva som skjer videre og når",
            "fikk e-post med bekreftelse rett etterpå",
            "kort ventetid på telefonen",
            "han ringte tilbake som avtalt",
        ],
        "contact_centre_bad": [
            "fikk en robot på chatten som ikke skjønte noe",
            "måtte oppgi kundenummer fire ganger",
            "ble lovet refusjon som aldri kom",
            "satt i telefonkø i 35 minutter",
            "ble satt over tre ganger og måtte forklare alt på nytt",
            "lovet å ringe tilbake men ingen ringte",
            "fikk ikke svar på e-posten på en uke",
            "chatten la på midt i samtalen",
            "ingen kunne si når pakken kommer",
            "fikk to forskjellige svar fra to forskjellige personer",
        ],
        "who_good": [
            "{name} var kjempeflink",
            "{name} tok seg god tid",
            "spesielt {name} var hyggelig",
            "damen i kassa var så blid",
            "{name} kunne virkelig produktene",
            "ekspeditøren lyttet og spurte gode spørsmål",
        ],
        "who_bad": [
            "{name} virket helt uinteressert",
            "ekspeditøren sukket og himlet med øynene",
            "fikk beskjed om at jeg burde skjønt det selv",
            "han var mer opptatt av mobilen",
            "hun sa bare at det ikke var hennes ansvar",
            "{name} visste ingenting om produktet",
        ],
        "relation": [
            "måtte smile og spørre pent et par ganger men så hjalp {name} meg",
            "jeg skrøt litt av butikken og da ble hun plutselig veldig hjelpsom",
            "fikk det ordnet til slutt, jeg er jo vant til å prate meg fram",
            "{name} var sur i starten men jeg tulla litt og da løsna det",
            "jeg tok det med godt humør så det gikk bra til slutt",
            "det ordnet seg fordi jeg kjenner en som jobber der",
            "måtte nesten sjarmere meg til hjelp men {name} var søt da",
        ],
        "passive": [
            "fant ikke det jeg lette etter",
            "det var ok",
            "går nok et annet sted neste gang",
            "gadd ikke spørre noen",
            "ga opp og gikk",
            "ikke noe mer å si",
            "det var som det var",
            "kjøpte det på nett i stedet",
        ],
        "feel_bad": [
            "Føler meg ikke sett i det hele tatt.",
            "Veldig frustrerende.",
            "Dette er ikke første gang heller!!",
            "Jeg ble skikkelig irritert.",
            "Skjerpings!",
            "Forventer bedre av dere.",
        ],
        "feel_good": [
            "Følte meg godt ivaretatt.",
            "Sånn skal det være!",
            "Kommer garantert tilbake.",
            "Anbefales!",
            "Gikk derfra i godt humør.",
        ],
        "close_bad": [
            "Vil ha svar på dette.",
            "Ring meg gjerne.",
            "Har handlet her i mange år men nå vet jeg ikke.",
            "Håper noen leser dette.",
            "Takk for ingenting.",
        ],
        "close_good": ["Takk!", "Ha en fin dag :)", "Stå på!", "Tusen takk", "Mvh fornøyd kunde"],
    },
    "nn": {
        "when": [
            "Var innom på laurdag.",
            "I går ettermiddag.",
            "Var der rett før stengetid.",
            "Fyrste gong eg var der.",
        ],
        "open_good": [
            "Veldig nøgd!",
            "Fint besøk.",
            "Må berre seie at",
            "Kjempegod oppleving.",
            "Alltid kjekt å kome hit.",
        ],
        "open_bad": [
            "Skuffa.",
            "Dette var dårleg.",
            "Eg er ikkje nøgd.",
            "Kva skjer med servicen dykkar?",
            "Nok ein gong skuffa.",
        ],
        "open_neutral": ["Greitt nok.", "Sånn passe.", "Heilt ok.", "Tja."],
        "shop_good": [
            "fann det eg skulle med ein gong",
            "fekk god hjelp til å finne rett storleik",
            "ho spurde kva eg skulle bruke jakka til",
            "kort kø i kassa sjølv om det var laurdag",
        ],
        "shop_bad": [
            "fekk ikkje prøve skoa fordi det var for travelt",
            "vart send rundt mellom tre avdelingar",
            "stod i kø i 20 minutt og berre éi kasse open",
            "ingen helsa då eg kom inn",
            "vara var utseld sjølv om nettsida sa ho var på lager",
            "kjøpte seng men ingen sa at botnen ikkje var med",
            "dei tilsette stod og prata saman og såg ikkje meg",
            "lova å ringje når vara kom, høyrde aldri noko",
        ],
        "restaurant_good": [
            "maten kom fort og var varm",
            "kaffien var nydeleg",
            "fekk bord med ein gong",
            "kanelbollane er dei beste i byen",
        ],
        "restaurant_bad": [
            "suppa var lunka",
            "måtte be om vatn tre gonger",
            "venta 40 min på maten",
            "maten var kald",
            "fekk feil bestilling",
            "ingen kom for å ta imot bestillinga",
            "dei gløymde allergien min",
        ],
        "contact_centre_good": [
            "saka vart løyst på første telefon",
            "ho forklarte kva som skjer vidare",
            "kort ventetid",
        ],
        "contact_centre_bad": [
            "sat i telefonkø i 35 minutt",
            "vart sett over tre gonger",
            "lova å ringje tilbake men ingen ringde",
        ],
        "who_good": [
            "{name} var kjempeflink",
            "{name} tok seg god tid",
            "ekspeditøren lydde og spurde gode spørsmål",
        ],
        "who_bad": [
            "{name} verka heilt uinteressert",
            "fekk beskjed om at eg burde skjøna det sjølv",
            "ho sa berre at det ikkje var hennar ansvar",
        ],
        "relation": [
            "måtte smile og spørje pent eit par gonger men så hjelpte {name} meg",
            "eg tulla litt og då løysna det",
            "det ordna seg fordi eg tok det med godt humør",
        ],
        "passive": [
            "fann ikkje det eg leita etter",
            "det var ok",
            "går nok ein annan stad neste gong",
            "gadd ikkje spørje nokon",
        ],
        "feel_bad": ["Kjenner meg ikkje sett.", "Veldig frustrerande.", "Skjerpings!"],
        "feel_good": ["Kjende meg godt teken vare på.", "Slik skal det vere!", "Kjem att!"],
        "close_bad": ["Vil ha svar på dette.", "Håpar nokon les dette."],
        "close_good": ["Takk!", "Ha ein fin dag :)", "Tusen takk"],
    },
    "sv": {
        "when": [
            "Var där i lördags.",
            "Igår eftermiddag.",
            "Handlade på lunchen idag.",
            "Var där precis innan stängning.",
            "Första gången jag var där.",
        ],
        "open_good": [
            "Mycket nöjd!",
            "Toppenbesök.",
            "Måste bara säga att",
            "Jättebra upplevelse.",
            "Alltid trevligt att komma hit.",
            "Hej!",
            "Stort tack för hjälpen.",
        ],
        "open_bad": [
            "Besviken.",
            "Det här var dåligt.",
            "Jag är inte nöjd.",
            "Vad händer med er service?",
            "Än en gång besviken.",
            "Helt otroligt.",
            "Sämsta upplevelsen på länge.",
        ],
        "open_neutral": ["Helt ok.", "Sådär.", "Det var väl okej.", "Mja."],
        "shop_good": [
            "fick tips om en billigare modell som passade bättre",
            "de slog in presenten fint utan att jag bad om det",
            "han följde med mig hela vägen till hyllan",
            "hittade det jag skulle direkt",
            "fick bra hjälp att hitta rätt storlek",
            "de hade allt i lager",
            "blev hälsad med ett leende när jag kom in",
            "hon frågade vad jag skulle använda jackan till och hittade en bättre",
            "kort kö i kassan trots att det var lördag",
            "bytte varan utan krångel",
        ],
        "shop_bad": [
            "fick inte prova skorna för att det var för mycket folk",
            "skickades runt mellan tre avdelningar",
            "betalade för leverans och väntade två veckor",
            "tomma hyllor och stökigt överallt",
            "stod i kö i 20 minuter och bara en kassa öppen",
            "ingen hälsade när jag kom in",
            "varan var slut fast hemsidan sa att den fanns",
            "köpte en säng men ingen sa att bottnen inte ingick",
            "personalen stod och pratade med varandra och såg inte mig",
            "fick fel besked om retur",
            "lovade att ringa när varan kom, hörde aldrig något",
            "priset på hyllan stämde inte med kassan",
        ],
        "restaurant_good": [
            "fick påtår utan att fråga",
            "barnen fick kritor och blev sedda",
            "maten kom snabbt och var varm",
            "kaffet var underbart",
            "servitrisen kom ihåg att jag inte tål gluten",
            "mysig stämning och god mat",
            "kanelbullarna är bäst i stan",
        ],
        "restaurant_bad": [
            "soppan var ljummen",
            "fick be om vatten tre gånger",
            "notan var fel",
            "väntade 40 min på maten",
            "maten var kall",
            "fick fel beställning",
            "bordet var smutsigt",
            "ingen kom för att ta beställningen",
            "de glömde min allergi fast jag sa det två gånger",
        ],
        "contact_centre_good": [
            "hon ringde faktiskt tillbaka samma dag",
            "fick spårningsnummer direkt",
            "ärendet löstes direkt",
            "kort väntetid",
        ],
        "contact_centre_bad": [
            "fick en chattbot som inte förstod någonting",
            "fick uppge kundnummer fyra gånger",
            "blev lovad återbetalning som aldrig kom",
            "satt i telefonkö i 35 minuter",
            "ingen ringde tillbaka",
        ],
        "who_good": [
            "{name} var jätteduktig",
            "{name} tog sig tid",
            "särskilt {name} var trevlig",
            "expediten lyssnade och ställde bra frågor",
            "{name} kunde verkligen sina grejer",
        ],
        "who_bad": [
            "{name} verkade helt ointresserad",
            "expediten suckade och himlade med ögonen",
            "fick höra att jag borde ha förstått det själv",
            "han var mer upptagen med mobilen",
            "hon sa bara att det inte var hennes ansvar",
        ],
        "relation": [
            "fick le och fråga snällt ett par gånger men sen hjälpte {name} mig",
            "jag berömde butiken lite och då blev hon plötsligt jättehjälpsam",
            "det löste sig till slut, jag är van att prata mig fram",
            "{name} var sur i början men jag skämtade lite och då lossnade det",
            "fick nästan charma mig till hjälp men {name} var gullig ändå",
        ],
        "passive": [
            "hittade inte det jag letade efter",
            "det var ok",
            "går nog någon annanstans nästa gång",
            "orkade inte fråga någon",
            "gav upp och gick",
            "köpte det på nätet istället",
        ],
        "feel_bad": [
            "Känner mig inte sedd alls.",
            "Väldigt frustrerande.",
            "Det är inte första gången heller!!",
            "Skärpning!",
            "Förväntar mig bättre.",
        ],
        "feel_good": [
            "Kände mig väl omhändertagen.",
            "Så ska det vara!",
            "Kommer definitivt tillbaka.",
            "Rekommenderas!",
        ],
        "close_bad": [
            "Vill ha svar på detta.",
            "Ring mig gärna.",
            "Har handlat här i många år men nu vet jag inte.",
            "Hoppas någon läser detta.",
        ],
        "close_good": ["Tack!", "Ha en bra dag :)", "Tusen tack", "Mvh nöjd kund"],
    },
    "da": {
        "when": [
            "Var der i lørdags.",
            "I går eftermiddags.",
            "Handlede i frokostpausen.",
            "Var der lige før lukketid.",
        ],
        "open_good": [
            "Meget tilfreds!",
            "Super besøg.",
            "Må bare sige at",
            "Virkelig god oplevelse.",
            "Altid hyggeligt at komme her.",
            "Hej!",
        ],
        "open_bad": [
            "Skuffet.",
            "Det her var dårligt.",
            "Jeg er ikke tilfreds.",
            "Hvad sker der med jeres service?",
            "Endnu en gang skuffet.",
            "Værste oplevelse i lang tid.",
        ],
        "open_neutral": ["Fint nok.", "Sådan middel.", "Helt ok.", "Tja."],
        "shop_good": [
            "fik et tip om en billigere model der passede bedre",
            "de pakkede gaven flot ind uden at jeg spurgte",
            "fandt det jeg skulle med det samme",
            "fik god hjælp til at finde den rigtige størrelse",
            "de havde det hele på lager",
            "blev mødt med et smil",
            "kort kø ved kassen selvom det var lørdag",
            "byttede varen uden problemer",
        ],
        "shop_bad": [
            "kassen var lukket og ingen sagde noget",
            "blev sendt rundt mellem tre afdelinger",
            "betalte for levering og ventede to uger",
            "tomme hylder og rodet overalt",
            "stod i kø i 20 minutter og kun én kasse åben",
            "ingen hilste da jeg kom ind",
            "varen var udsolgt selvom hjemmesiden sagde den var på lager",
            "købte en seng men ingen sagde at bunden ikke var med",
            "personalet stod og snakkede sammen og så mig ikke",
            "lovede at ringe når varen kom, hørte aldrig noget",
        ],
        "restaurant_good": [
            "fik ekstra kaffe uden at spørge",
            "ungerne fik farvekridt og blev set",
            "maden kom hurtigt og var varm",
            "kaffen var skøn",
            "hyggelig stemning og god mad",
            "tjeneren huskede min allergi",
        ],
        "restaurant_bad": [
            "suppen var lunken",
            "måtte bede om vand tre gange",
            "regningen var forkert",
            "ventede 40 min på maden",
            "maden var kold",
            "fik den forkerte bestilling",
            "bordet var beskidt",
            "de glemte min allergi",
        ],
        "contact_centre_good": [
            "hun ringede faktisk tilbage samme dag",
            "sagen blev løst med det samme",
            "kort ventetid",
        ],
        "contact_centre_bad": [
            "fik en chatbot der ikke forstod noget",
            "skulle oplyse kundenummer fire gange",
            "sad i telefonkø i 35 minutter",
            "ingen ringede tilbage",
        ],
        "who_good": [
            "{name} var super dygtig",
            "{name} tog sig god tid",
            "især {name} var sød",
            "ekspedienten lyttede og stillede gode spørgsmål",
        ],
        "who_bad": [
            "{name} virkede helt ligeglad",
            "ekspedienten sukkede og rullede med øjnene",
            "fik at vide at jeg selv burde have forstået det",
            "han var mere optaget af sin mobil",
        ],
        "relation": [
            "måtte smile og spørge pænt et par gange men så hjalp {name} mig",
            "jeg roste butikken lidt og så blev hun pludselig meget hjælpsom",
            "det lykkedes til sidst, jeg er vant til at snakke mig frem",
            "{name} var sur i starten men jeg lavede lidt sjov og så gik det",
        ],
        "passive": [
            "fandt ikke det jeg ledte efter",
            "det var ok",
            "går nok et andet sted hen næste gang",
            "gad ikke spørge nogen",
            "købte det på nettet i stedet",
        ],
        "feel_bad": [
            "Føler mig slet ikke set.",
            "Meget frustrerende.",
            "Det er ikke første gang!!",
            "Skærpelse!",
        ],
        "feel_good": ["Følte mig godt taget imod.", "Sådan skal det være!", "Kommer igen."],
        "close_bad": ["Vil gerne have svar.", "Håber nogen læser det her.", "Ring gerne."],
        "close_good": ["Tak!", "Hav en god dag :)", "Tusind tak"],
    },
    "en": {
        "when": ["Popped in on saturday.", "Yesterday afternoon.", "First time there."],
        "open_good": [
            "Very happy!",
            "Great visit.",
            "Just have to say",
            "Lovely experience.",
        ],
        "open_bad": ["Disappointed.", "Not good enough.", "Really poor service."],
        "open_neutral": ["It was ok.", "Fine I guess.", "Meh."],
        "shop_good": [
            "found what I needed straight away",
            "got great help finding the right size",
            "short queue even on a saturday",
        ],
        "shop_bad": [
            "was sent between three departments",
            "paid for delivery and waited two weeks",
            "waited 20 minutes in the queue with only one till open",
            "nobody said hello when I came in",
            "the item was sold out although the website said in stock",
        ],
        "restaurant_good": ["food came fast and hot", "the coffee was lovely"],
        "restaurant_bad": ["waited 40 min for the food", "food was cold", "got the wrong order"],
        "contact_centre_good": ["solved on the first call", "short waiting time"],
        "contact_centre_bad": [
            "a chatbot that understood nothing",
            "had to give my customer number four times",
            "35 minutes on hold",
            "promised a call back that never came",
        ],
        "who_good": ["{name} was brilliant", "{name} really took the time to listen"],
        "who_bad": ["{name} seemed completely uninterested", "was told I should have known"],
        "relation": [
            "had to smile and ask nicely a few times but then {name} helped",
            "I chatted a bit and then she was suddenly very helpful",
        ],
        "passive": ["couldn't find what I was looking for", "it was ok", "gave up and left"],
        "feel_bad": ["Very frustrating.", "Not the first time either!!"],
        "feel_good": ["Felt really looked after.", "Will be back!"],
        "close_bad": ["Please get back to me.", "Hope someone reads this."],
        "close_good": ["Thanks!", "Have a nice day :)"],
    },
}

AND = {"nb": " og ", "nn": " og ", "sv": " och ", "da": " og ", "en": " and "}

# English that Scandinavians mix in.
MIXED = [
    "btw",
    "customer service, not so much",
    "so annoying",
    "love it",
    "anyway",
    "just saying",
    "worst",
    "10/10",
    "lol",
    "not cool",
    "next level",
]
EMOJI_GOOD = ["😊", "👍", "🙂", "❤️", "🙌", "☕", "👌"]
EMOJI_BAD = ["😡", "🙄", "😤", "👎", "😞", "🤬"]
EMOJI_MEH = ["🤷", "😐", "🙂"]

# How customers write the Scandinavian letters when they skip them.
SWAPS = {
    "æ": ["ae", "a", "e"],
    "ø": ["oe", "o"],
    "å": ["aa", "a"],
    "ä": ["a", "ae"],
    "ö": ["o", "oe"],
}


def _roughen(text: str, rng: random.Random, level: float) -> str:
    """Misspell like a hurried customer on a phone; level 0..1."""
    if rng.random() < level * 0.6:
        # A keyboard without æøå: swap all of them the same way.
        for letter, options in SWAPS.items():
            if letter in text:
                text = text.replace(letter, rng.choice(options))
                text = text.replace(letter.upper(), rng.choice(options).capitalize())
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) > 4 and rng.random() < level * 0.08:
            j = rng.randrange(1, len(word) - 1)
            change = rng.random()
            if change < 0.4:
                word = word[:j] + word[j + 1 :]  # dropped letter
            elif change < 0.7:
                word = word[:j] + word[j] + word[j:]  # doubled letter
            else:
                word = word[: j - 1] + word[j] + word[j - 1] + word[j + 1 :]  # swapped
            words[i] = word
    text = " ".join(words)
    if rng.random() < level * 0.5:
        text = text.lower()
    if rng.random() < level * 0.4:
        text = text.rstrip(".!")
    return text


def _cap(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:] if sentence else sentence


def _join(parts: list[str]) -> str:
    """Join sentences; after a comma or "...that" the next one goes on in lower case."""
    out: list[str] = []
    for part in parts:
        follows = out and (out[-1].endswith(",") or out[-1].split(" ")[-1] in LEADS)
        if follows and not (part[:1].isupper() and part[1:2].isupper()):
            part = part[:1].lower() + part[1:]
        out.append(part)
    return " ".join(out)


LEADS = {"at", "att", "that"}


def _pick(rng: random.Random, lang: str, slot: str) -> str:
    options = P[lang].get(slot) or P["nb"][slot]
    return rng.choice(options)


def compose_comment(
    rng: random.Random, *, lang: str, tone: str, kind: str, employee_name: str = ""
) -> str:
    """One customer comment in `lang` with the given tone about a `kind` of unit."""
    if lang not in P:
        lang = "nb"
    if kind not in KINDS:
        kind = "shop"
    name = employee_name.split(" ")[0] if employee_name else ""
    parts: list[str] = []

    def who(slot: str) -> str:
        text = _pick(rng, lang, slot)
        if "{name}" in text and not name:
            return ""
        return text.replace("{name}", name)

    if tone == "praise":
        if rng.random() < 0.6:
            parts.append(_pick(rng, lang, "open_good"))
        events = rng.sample(P[lang][f"{kind}_good"], k=min(len(P[lang][f"{kind}_good"]), 2))
        joined = AND[lang].join(events[: rng.choice((1, 1, 2))])
        parts.append(_cap(joined) + rng.choice([".", "!", ".", " :)"]))
        if rng.random() < 0.6:
            w = who("who_good")
            if w:
                parts.append(_cap(w) + rng.choice([".", "!", "!!", " :)"]))
        if rng.random() < 0.5:
            parts.append(_pick(rng, lang, "feel_good"))
        if rng.random() < 0.3:
            parts.append(_pick(rng, lang, "close_good"))
        if rng.random() < 0.3:
            parts.append(rng.choice(EMOJI_GOOD) * rng.choice((1, 1, 2, 3)))
        level = 0.35
    elif tone == "irritated":
        if rng.random() < 0.8:
            parts.append(_pick(rng, lang, "open_bad"))
        bad = P[lang][f"{kind}_bad"]
        first = rng.choice(bad)
        parts.append(_cap(first) + rng.choice([".", "!", "!!", "!!!", " ..."]))
        if rng.random() < 0.45:
            w = who("who_bad")
            if w:
                parts.append(_cap(w) + rng.choice([".", "!", "!!"]))
        if rng.random() < 0.35:
            second = rng.choice([b for b in bad if b != first] or bad)
            parts.append(_cap(second) + ".")
        if rng.random() < 0.6:
            parts.append(_pick(rng, lang, "feel_bad"))
        if rng.random() < 0.45:
            parts.append(_pick(rng, lang, "close_bad"))
        if rng.random() < 0.25:
            parts.append(rng.choice(EMOJI_BAD))
        if rng.random() < 0.2:
            i = rng.randrange(len(parts))
            parts[i] = parts[i].upper()  # shouting
        level = 0.55
    elif tone == "passive":
        choice = rng.random()
        if choice < 0.4:
            parts.append(_cap(_pick(rng, lang, "passive")) + rng.choice([".", "", " ..."]))
        elif choice < 0.75:
            opening = _pick(rng, lang, "open_neutral")
            rest = [x for x in P[lang]["passive"] if x.lower() not in opening.lower()]
            parts.append(opening)
            parts.append(_cap(rng.choice(rest)) + rng.choice([".", ""]))
        else:
            parts.append(_cap(rng.choice(P[lang][f"{kind}_bad"])) + ".")
            parts.append(_cap(_pick(rng, lang, "passive")) + ".")
        if rng.random() < 0.15:
            parts.append(rng.choice(EMOJI_MEH))
        level = 0.5
    elif tone == "relation":
        if rng.random() < 0.5:
            parts.append(_pick(rng, lang, "open_good"))
        if rng.random() < 0.5:
            parts.append(_cap(rng.choice(P[lang][f"{kind}_bad"])) + ",")
        w = who("relation")
        parts.append(_cap(w or P[lang]["relation"][1]) + rng.choice([".", " :)", " haha", " 😅"]))
        if rng.random() < 0.5:
            parts.append(_pick(rng, lang, "feel_good"))
        if rng.random() < 0.3:
            parts.append(rng.choice(EMOJI_GOOD))
        level = 0.4
    else:  # neutral: a bit of both
        parts.append(_pick(rng, lang, "open_neutral"))
        parts.append(_cap(rng.choice(P[lang][f"{kind}_good"])) + ",")
        parts.append(rng.choice(P[lang][f"{kind}_bad"]) + ".")
        if rng.random() < 0.3:
            w = who("who_good")
            if w:
                parts.append(_cap(w) + ".")
        level = 0.45
    if tone in ("praise", "irritated", "neutral") and rng.random() < 0.2:
        parts.insert(0, _pick(rng, lang, "when"))
    if lang != "en" and rng.random() < 0.12:
        parts.insert(rng.randrange(1, len(parts) + 1), rng.choice(MIXED))
    text = _join([p for p in parts if p])
    text = text.rstrip(",")
    return _roughen(text, rng, level)


def comment_language(rng: random.Random, unit_language: str, city: str = "") -> str:
    """The language a customer of a unit writes in: mostly the unit's, some nynorsk in
    western Norway, some English everywhere, a few neighbours across the border."""
    roll = rng.random()
    if roll < 0.07:
        return "en"
    if unit_language == "nb":
        west = city in ("Bergen", "Voss")
        if roll < (0.45 if west else 0.12):
            return "nn"
        if roll < (0.48 if west else 0.16):
            return "sv"
        return "nb"
    if unit_language == "sv" and roll < 0.1:
        return "nb"
    if unit_language == "da" and roll < 0.1:
        return "sv"
    return unit_language
