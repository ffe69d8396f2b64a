"""Build ``models/nynorsk.json``: word forms that are nynorsk and not bokmål.

    python -m lytt.text.train_nynorsk --out src/lytt/text/models

Language identification first tells Norwegian from Swedish, Danish and English, then
splits Norwegian into bokmål and nynorsk by counting words that only one of them uses
(``langid.detect``). The hand-written marker words there cover the frequent function
words ("ikkje", "eg", "kva"); this list adds the long tail of nynorsk content words and
inflections a customer may write ("tenesta", "kundane", "svara", "forseinka").

Source: the lemmatization dictionaries that PyPI ``simplemma`` ships for ``nn`` and
``nb`` (every form and lemma). A form counts as nynorsk-only when it is in the nynorsk
dictionary and not in the bokmål one (bokmål's dictionary is five times larger, so
shared spellings are rarely missed). Only alphabetic forms of 2-30 letters are kept.
Deterministic: the sorted list, written as sorted JSON.

Needs the dev extras (simplemma); the run time reads only the JSON.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

VERSION = "2026.11.1"
ATTRIBUTION = (
    "Nynorsk-only word forms derived from the nn and nb lemmatization dictionaries of "
    "simplemma 2.0.0 (Adrien Barbaresi et al.; code MIT). Its data come from the "
    "lemmatization lists of Michal Měchura (ODbL 1.0), Wiktionary via Kaikki (CC BY-SA), "
    "spaCy lookups data (MIT), UniMorph (CC BY-SA) and Wikinflection (CC BY 4.0); this "
    "derived list is shared under CC BY-SA 4.0 and ODbL 1.0 accordingly."
)


def _forms(lang: str) -> set[str]:
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    d = DefaultDictionaryFactory().get_dictionary(lang)
    return {w.lower() for w in (*d.keys(), *d.values())}


def nynorsk_only(nn: set[str], nb: set[str]) -> list[str]:
    """Sorted forms of ``nn`` that ``nb`` lacks: alphabetic, 2-30 letters."""
    return sorted(w for w in nn - nb if w.isalpha() and 2 <= len(w) <= 30)


def build() -> dict[str, Any]:
    words = nynorsk_only(_forms("nn"), _forms("nb"))
    return {"version": VERSION, "attribution": ATTRIBUTION, "words": words}


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Build models/nynorsk.json from simplemma")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    model = build()
    path = args.out / "nynorsk.json"
    path.write_text(
        json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    print(f"{path}: {len(model['words'])} nynorsk-only forms")


if __name__ == "__main__":
    main()
