"""Which of the product's languages a text is written in (`detect_languages`), and which script a
word is written in (`script_of`), for the analyser (`analysis.Analyzer`).

Scripts first: Hangul (and other CJK) means Korean, Cyrillic Russian, Arabic script Arabic; those are
counted with compiled regular expressions, and a text can carry several of them (a Korean need that
names "IoT" and "LoRaWAN"). Latin-script text is English, Spanish, French or Portuguese; which one:

1. a vote of function words that only one of the four uses ("the", "los", "des", "não", ...): on a
   text of a few sentences one language wins clearly, and no model is asked (detection adds about
   2 s of CPU to a 100k-document build of bench/ranking.py, where lingua, at 100 us for a
   need-sized text and more for a long one, would add tens of seconds);
2. otherwise (short or mixed texts: a title, a query of three words) lingua's detector, restricted to
   the candidate languages, in high-accuracy mode (it differs from the low one only below 120
   characters, where the texts that reach it are); it says nothing when two languages are too close
   (`MINIMUM_RELATIVE_DISTANCE`), and then
3. English, the default (`common.languages.DEFAULT`).

For a document (`unsure` is the default language) lingua's Spanish, French or Portuguese counts only
when the text shows some sign of a language other than English: a Latin letter outside ASCII ("é",
"ñ", "ã") or a word English does not use (a vote word of another language, or "de", "la", "que",
"para", "en"). Real Spanish, French and Portuguese titles almost always carry one ("Gestión
inteligente de residuos", "Éclairage public", "Comunidades de energia solar"); short English records
without one ("ROOTFINDER III (Algorithm 26) / Herroit, J. G.", "a radio telescope", keyword lists such
as "quadrature, Filon quadrature, integration") are what lingua misreads, with confidence up to 1.0,
so no confidence floor would separate them. A query keeps lingua's answer (one it cannot place is
read in every candidate language anyway).

Pure: no ORM; the detector (its models ship in the lingua wheel, nothing is downloaded) is built once
per process, on first use, under a lock.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from common.languages import CODES, DEFAULT

if TYPE_CHECKING:
    from lingua import LanguageDetector

# Letters of each script (no digits, no "_"), as character classes.
HAN_HANGUL = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
    "\uf900-\ufaff"
)
CYRILLIC = "\u0400-\u052f"
ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
HAN_HANGUL_RUN = re.compile(f"[{HAN_HANGUL}]+")
_WORD = re.compile(r"\w+")
_SCRIPT_LETTERS = {
    "ko": re.compile(f"[{HAN_HANGUL}]"),
    "ru": re.compile(f"[{CYRILLIC}]"),
    "ar": re.compile(f"[{ARABIC}]"),
}
NON_LATIN = re.compile(f"[{HAN_HANGUL}{CYRILLIC}{ARABIC}]")
LATIN_LANGUAGES = ("en", "es", "fr", "pt")
# A Latin-script text nothing could place: a query is then read in every candidate language.
UNSURE = "*"  # in CODES order; every other language has its own script

# A script counts as one of a text's languages from this share of its letters (a Russian
# description quoting one English product name is Russian; a Korean need half in English is both).
MINIMUM_SCRIPT_SHARE = 0.2

# Frequent words (mostly function words, and "city") that only one of the four Latin-script languages
# uses; words two of them share ("de", "la", "en", "que", "para", "no", "a", "o", "e") are left out.
FUNCTION_WORDS: dict[str, str] = {
    word: code
    for code, words in {
        "en": "the and of to with for is are this that from by our we be which have has it its or an",
        "es": "el los las del y con por una es al su sus lo más mas pero como este esta entre también "
        "ciudad ciudades muy sin sobre hay",
        "fr": "le les des du et est une pour dans au aux sur avec qui nous ne pas ce cette sont ville "
        "villes leur leurs par plus être",
        "pt": "os do da dos das com não nao uma ao em na pelo pela mais são sao cidade cidades também "
        "tambem seu sua nossa",
    }.items()
    for word in words.split()
}
# The vote decides when the winner has at least this many words and this many times the runner-up.
VOTE_MINIMUM = 3
VOTE_MARGIN = 3.0
VOTE_WORDS = 100  # the first words are enough to decide (a title, a summary, a sentence or two)

# lingua returns no language when the best two are closer than this (then: English).
MINIMUM_RELATIVE_DISTANCE = 0.1
# Words that English does not use and two of the other three share (the vote leaves them out).
SHARED_NON_ENGLISH_WORDS = frozenset({"de", "la", "que", "para", "en"})
DETECTOR_CHARACTERS = 1_000  # lingua's cost grows with the text; the start of a text is enough

LINGUA_NAMES = {"en": "ENGLISH", "es": "SPANISH", "fr": "FRENCH", "pt": "PORTUGUESE"}

_detector_lock = threading.Lock()
_detectors: dict[tuple[str, ...], LanguageDetector] = {}


def script_of(word: str) -> str | None:
    """The language a word's script alone decides ("ko", "ru", "ar"), or None (Latin, digits, other)."""
    first = word[0] if word else ""
    for code, letters in _SCRIPT_LETTERS.items():
        if letters.match(first):
            return code
    return None


@lru_cache(maxsize=64)
def latin_candidates(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The Latin-script languages among `languages`, in CODES order."""
    wanted = set(languages)
    return tuple(code for code in LATIN_LANGUAGES if code in wanted)


def latin_language_of_words(
    words: Iterable[str], candidates: Sequence[str], text: str = "", *, unsure: str = DEFAULT
) -> str:
    """Which of `candidates` the lower-cased Latin-script `words` are written in: the function-word
    vote, else lingua on `text` (or the words joined), else `unsure` (the default language, or
    `UNSURE` for a caller that reads such a text in every candidate language)."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else DEFAULT
    words = list(itertools.islice(words, VOTE_WORDS))
    votes = Counter(map(FUNCTION_WORDS.get, words))
    ranked = sorted(zip(map(votes.__getitem__, candidates), candidates, strict=True), reverse=True)
    (best, winner), (second, _) = ranked[0], ranked[1]
    if best >= VOTE_MINIMUM and best >= VOTE_MARGIN * second:
        return winner
    start = (text or " ".join(words))[:DETECTOR_CHARACTERS]  # the cache below keeps only starts
    found = _lingua_language(start, tuple(candidates))
    if found is not None and found != DEFAULT and unsure == DEFAULT and not shows_non_english(words, start):
        return DEFAULT  # a short English record lingua misreads (module docstring)
    return found or unsure


def shows_non_english(words: Iterable[str], text: str) -> bool:
    """Whether a Latin-script text shows a sign of a language other than English: a letter outside
    ASCII, or a word English does not use."""
    if not text.isascii() and any(not char.isascii() and char.isalpha() for char in text):
        return True
    return any(
        word in SHARED_NON_ENGLISH_WORDS or FUNCTION_WORDS.get(word, DEFAULT) != DEFAULT for word in words
    )


def detect_languages(text: str, *, languages: Sequence[str] = CODES) -> tuple[str, ...]:
    """The languages of `text` among `languages`, the main one first; (DEFAULT,) when nothing says.

    A language whose script holds at least `MINIMUM_SCRIPT_SHARE` of the text's letters counts;
    Latin letters count for the Latin-script language the vote or lingua picks.
    """
    return languages_of_words(_WORD.findall(text.lower()), languages=languages, text=text)


def languages_of_words(
    tokens: Sequence[str], *, languages: Sequence[str] = CODES, text: str = "", unsure: str = DEFAULT
) -> tuple[str, ...]:
    """`detect_languages` for a text already split into lower-cased word tokens (`text`: the text
    itself, for lingua, when at hand); `unsure` stands for a Latin-script language nothing decided."""
    candidates = latin_candidates(tuple(languages))
    joined = text or " ".join(tokens)
    if not NON_LATIN.search(joined):
        return (latin_language_of_words(tokens, candidates, joined, unsure=unsure),)
    letters = {code: len(pattern.findall(joined)) for code, pattern in _SCRIPT_LETTERS.items()}
    latin_words = [token for token in tokens if script_of(token) is None and not token.isdigit()]
    letters["latin"] = sum(map(len, latin_words))
    total = sum(letters.values()) or 1
    found: list[tuple[int, str]] = []
    for script, count in letters.items():
        if count and (count / total >= MINIMUM_SCRIPT_SHARE):
            if script == "latin":
                code = latin_language_of_words(latin_words, candidates, unsure=unsure)
            else:
                code = script if script in languages else DEFAULT
            found.append((count, code))
    found.sort(key=lambda item: -item[0])
    result = tuple(dict.fromkeys(code for _, code in found))
    return result or (DEFAULT,)


@lru_cache(maxsize=4096)  # a selector asks for a query's matches, then explains each: one detection
def _lingua_language(text: str, candidates: tuple[str, ...]) -> str | None:
    """lingua's language for `text` among `candidates`, None when it cannot tell."""
    detected = detector(candidates).detect_language_of(text)
    if detected is None:
        return None
    code = str(detected.iso_code_639_1.name).lower()
    return code if code in candidates else None


def detector(candidates: tuple[str, ...]) -> LanguageDetector:
    """lingua's detector for `candidates` (Latin-script codes), built once per process."""
    found = _detectors.get(candidates)
    if found is not None:
        return found
    with _detector_lock:
        found = _detectors.get(candidates)
        if found is None:
            from lingua import Language, LanguageDetectorBuilder  # noqa: PLC0415 -- loaded on first use

            found = (
                LanguageDetectorBuilder.from_languages(
                    *(getattr(Language, LINGUA_NAMES[c]) for c in candidates)
                )
                .with_minimum_relative_distance(MINIMUM_RELATIVE_DISTANCE)
                .build()
            )
            _detectors[candidates] = found
    return found
