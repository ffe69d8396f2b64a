"""Which column holds which value: the fields each kind of import needs, and the guess
from the column names (Norwegian, Swedish, Danish and English)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lytt.imports.parsing import normalise_header


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str | Promise
    required: bool = False


DATE = FieldSpec("date", _("Date"), True)
UNIT = FieldSpec("unit", _("Unit"))
UNIT_REQUIRED = FieldSpec("unit", _("Unit"), True)
CHANNEL = FieldSpec("channel", _("Channel"))
EMPLOYEE = FieldSpec("employee", _("Employee"))
CUSTOMER = FieldSpec("customer_id", _("Customer id"))
EXTERNAL = FieldSpec("external_id", _("External id"))
LANGUAGE = FieldSpec("language", _("Language"))

FIELDS: dict[str, list[FieldSpec]] = {
    "reviews": [
        DATE,
        FieldSpec("source", _("Source")),
        FieldSpec("rating", _("Rating"), True),
        FieldSpec("rating_max", _("Best possible rating")),
        FieldSpec("text", _("Text")),
        UNIT,
        FieldSpec("link", _("Link")),
        FieldSpec("author", _("Author")),
        LANGUAGE,
        EXTERNAL,
    ],
    "visits": [DATE, UNIT_REQUIRED, CHANNEL, EMPLOYEE, CUSTOMER, EXTERNAL],
    "answers": [DATE, UNIT_REQUIRED, CHANNEL, EMPLOYEE, CUSTOMER, EXTERNAL, LANGUAGE],
}

SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "dato",
        "datum",
        "date",
        "dag",
        "tid",
        "tidspunkt",
        "time",
        "timestamp",
        "posted",
        "posted at",
        "publisert",
        "publicerad",
        "udgivet",
        "besøksdato",
        "besøk",
        "besök",
        "besøg",
        "visit date",
        "occurred at",
        "created",
    ),
    "source": ("kilde", "källa", "source", "plattform", "platform", "site", "nettsted"),
    "rating": (
        "karakter",
        "betyg",
        "rating",
        "stjerner",
        "stjärnor",
        "stars",
        "score",
        "vurdering",
        "bedømmelse",
        "omdømme",
        "poeng",
        "poäng",
        "point",
    ),
    "rating_max": ("maks", "max", "rating max", "skala", "scale", "best", "out of", "av"),
    "text": (
        "tekst",
        "text",
        "kommentar",
        "comment",
        "review",
        "anmeldelse",
        "omdöme",
        "recension",
        "anmeldelse tekst",
        "review text",
    ),
    "unit": (
        "butikk",
        "butik",
        "unit",
        "enhet",
        "enhed",
        "avdeling",
        "avdelning",
        "afdeling",
        "store",
        "shop",
        "restaurant",
        "filial",
        "location",
        "sted",
        "ställe",
        "unit id",
    ),
    "link": ("lenke", "länk", "link", "url", "adresse", "address"),
    "author": ("forfatter", "författare", "author", "navn", "namn", "navn", "name", "reviewer"),
    "language": ("språk", "sprog", "language", "lang", "målform"),
    "external_id": (
        "id",
        "external id",
        "ekstern id",
        "externt id",
        "eksternt id",
        "review id",
        "visit id",
        "response id",
        "svar id",
        "ref",
        "referanse",
        "referens",
        "reference",
    ),
    "channel": ("kanal", "channel", "kontaktkanal"),
    "employee": (
        "ansatt",
        "ansat",
        "anställd",
        "medarbeider",
        "medarbetare",
        "medarbejder",
        "employee",
        "selger",
        "säljare",
        "sælger",
        "agent",
        "staff",
    ),
    "customer_id": (
        "kunde",
        "kund",
        "kunde id",
        "kund id",
        "kundenummer",
        "kundnummer",
        "customer",
        "customer id",
        "kundenr",
        "kundnr",
        "loyalty id",
        "medlemsnummer",
    ),
}


def guess_mapping(
    kind: str, headers: list[str], question_keys: list[str] | None = None
) -> dict[str, str]:
    """field key -> column name, for the columns whose names say what they hold. Question
    columns map as "q:<key>" when the column is named like the question key."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    normalised = {h: normalise_header(h) for h in headers}
    for spec in FIELDS.get(kind, []):
        words = SYNONYMS.get(spec.key, ())
        for header, norm in normalised.items():
            if header not in taken and norm in words:
                mapping[spec.key] = header
                taken.add(header)
                break
    for key in question_keys or []:
        norm_key = normalise_header(key)
        for header, norm in normalised.items():
            if header not in taken and norm == norm_key:
                mapping[f"q:{key}"] = header
                taken.add(header)
                break
    return mapping
