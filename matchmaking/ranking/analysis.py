"""Text analysis: text -> lower-cased tokens (`words`, `tokens`) -> terms (`Analyzer`: accent
folding, stop words, single characters, numbers, Snowball stems), as `RankerConfig` says; also how
bigram terms are spelled (`BIGRAM_SEPARATOR`) and the text a caller may give (`Text`: a plain text, or
(language, text) parts, e.g. a solution and its translations).

Two modes, chosen by `RankerConfig.languages`:

* English only (`("en",)`): every word analysed as English, exactly as before languages were
  detected (sklearn's stop words, English Snowball stems); the classic test collections are measured so.
* Multilingual (the default, the product's seven languages): each text's language is detected
  (`languages.detect_languages`); a word is analysed in the language of its script (Cyrillic:
  Russian, Arabic script: Arabic) or else in the text's Latin-script language (English, Spanish,
  French or Portuguese; English when unsure). Each language has its Snowball stemmer and stop list.
  Runs of Hangul or CJK characters, in any text, become overlapping character bigrams ("주차장" ->
  "주차", "차장"): Korean writes compounds and particles without spaces, and bigrams match their
  parts without a dictionary. Terms carry no language mark, so "IoT", "LoRaWAN" or a stem two
  languages share match across languages.

Accents are folded before stemming in every Latin-script language and in Arabic, on both the
document and the query side, so "congestión" and "congestion" give one stem; Russian keeps "й"
(its stemmer needs it) and folds only "ё" (to the Cyrillic "e")."""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import Stemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from stop_words import get_stop_words

from common.languages import BY_CODE, DEFAULT
from common.languages import language as product_language
from matchmaking.ranking.caching import TextCache, text_key
from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.languages import (
    HAN_HANGUL,
    HAN_HANGUL_RUN,
    LATIN_LANGUAGES,
    NON_LATIN,
    UNSURE,
    languages_of_words,
    latin_candidates,
    latin_language_of_words,
    script_of,
)

TOKEN = re.compile(r"\w+")
# Multilingual tokens: runs of Hangul/CJK characters apart from the other word characters around them
# ("iot센서" -> "iot", "센서"); on a text without them it finds exactly what TOKEN finds.
SCRIPT_TOKEN = re.compile(f"[{HAN_HANGUL}]+|[^\\W{HAN_HANGUL}]+")
_HAN_HANGUL_ANY = re.compile(f"[{HAN_HANGUL}]")
BIGRAM_SEPARATOR = " "  # stems never contain a space, so "stem stem" is always a bigram

# bm25s's short English list, compared with sklearn's longer one while tuning.
SHORT_STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no",
        "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this",
        "to", "was", "will", "with",
    }
)  # fmt: skip

# Words the stop-words package lists for a language that name what cities and providers match on
# (employment programmes): kept as terms.
KEPT_WORDS: dict[str, frozenset[str]] = {
    "es": frozenset({"empleo", "trabajo"}),
    "pt": frozenset({"trabalho"}),
}

# A Latin-script query of fewer words is read in every candidate language (`UNSURE`): the detector
# labelled 2 of 100 two- or three-word English keyword queries of bench/ranking.py French or
# Portuguese, which then missed their English stems.
SHORT_QUERY = 4

# A part of a text in a known language (None: detect it).
Part = tuple[str | None, str]
Text = str | Sequence[Part]


def fold_accents(word: str) -> str:
    """`word` without combining marks ("congestión" -> "congestion", "أجهزة" -> "اجهزة")."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def parts_of(text: Text) -> list[Part]:
    """A plain text as one part of unknown language; parts as given."""
    if isinstance(text, str):
        return [(None, text)]
    return [(code, part) for code, part in text]


def words(text: str) -> list[str]:
    """Lower-cased word tokens of `text`: runs of letters, digits or "_" in any script."""
    return TOKEN.findall(text.lower())


def tokens(text: str) -> list[str]:
    """Multilingual tokens of `text`: `words`, except that Hangul/CJK runs become their overlapping
    character bigrams (a run of one character stays as it is)."""
    lowered = text.lower()
    if not _HAN_HANGUL_ANY.search(lowered):
        return TOKEN.findall(lowered)
    result: list[str] = []
    for token in SCRIPT_TOKEN.findall(lowered):
        if len(token) > 2 and HAN_HANGUL_RUN.fullmatch(token):
            result.extend(token[i : i + 2] for i in range(len(token) - 1))
        else:
            result.append(token)
    return result


class Segment(NamedTuple):  # a NamedTuple: one per field of every document, cheap to make
    """One analysed stretch of text: its tokens and the Latin-script language they are read in."""

    language: str  # what Latin-script words here are analysed as ("en", "es", "fr", "pt")
    tokens: list[str]


class Analysed(NamedTuple):
    """A text cut into segments, with the languages detected or given for it (main one first)."""

    languages: tuple[str, ...]
    segments: list[Segment]


def latin_language(languages: Sequence[str]) -> str:
    """The Latin-script language Latin words of a text in `languages` are read in (English when
    none of them is one: Latin words in Korean, Russian or Arabic texts are mostly English terms)."""
    return next((code for code in languages if code in LATIN_LANGUAGES), DEFAULT)


class AnalysedDocument(NamedTuple):
    """A document's (field name, segment) pairs and its languages, main one first."""

    languages: tuple[str, ...]
    segments: list[tuple[str, Segment]]


class QueryReading(NamedTuple):
    """What a query text's analysis yields, kept per text (`Analyzer.query_reading`)."""

    languages: tuple[str, ...]  # `detect`
    reading_languages: tuple[str, ...]  # `reading_languages`
    term_options: tuple[tuple[tuple[str, str], ...], ...]  # `term_options`


class _LanguageTerms:
    """word -> term for one language: its stop words, accent folding and Snowball stemmer."""

    def __init__(self, code: str, config: RankerConfig) -> None:
        self.code = code
        self.config = config
        if code == DEFAULT:
            self.stop_words: frozenset[str] = {
                "sklearn": frozenset(ENGLISH_STOP_WORDS),
                "short": SHORT_STOP_WORDS,
                "none": frozenset(),
            }[config.stop_words]
            algorithm = config.stemmer
        else:
            listed = set() if config.stop_words == "none" else set(get_stop_words(code))
            listed -= KEPT_WORDS.get(code, frozenset())
            self.stop_words = frozenset(listed | {self._fold(word) for word in listed})
            algorithm = BY_CODE[code].stemmer
        self.stemmer = Stemmer.Stemmer(algorithm) if algorithm else None

    def _fold(self, word: str) -> str:
        if not self.config.fold_accents:
            return word
        if self.code == "ru":
            # To the Cyrillic "e" only: NFKD would also strip "й", which the stemmer reads.
            return word.replace("ё", "\u0435")
        return fold_accents(word)

    def term(self, word: str) -> str | None:
        word = self._fold(word)
        if word in self.stop_words or (len(word) == 1 and word.isascii()):
            return None
        if self.config.drop_numbers and word.isdigit():
            return None
        return self.stemmer.stemWord(word) if self.stemmer else word


class Analyzer:
    """Text -> terms as configured; the per-word work is cached, per language."""

    def __init__(self, config: RankerConfig) -> None:
        self.config = config
        self.languages: tuple[str, ...] = tuple(config.languages)
        self.english_only = self.languages == (DEFAULT,)
        self._latin = latin_candidates(self.languages)
        self._by_language = {code: _LanguageTerms(code, config) for code in {*self.languages, DEFAULT}}
        english = self._by_language[DEFAULT]
        self.stop_words = english.stop_words  # the English list, as before languages were detected
        self.stemmer = english.stemmer
        self._cache: dict[tuple[str, str], str | None] = {}
        self._lock = threading.Lock()
        # A stored need's text is its query every time its recommendations or explanations are
        # asked for: analysed once (keyed by the exact text, so an edit is analysed anew).
        self._queries: TextCache[QueryReading] = TextCache()

    # --- Words -------------------------------------------------------------------------------

    def term(self, word: str, language: str = DEFAULT) -> str | None:
        """The term a lower-cased word stands for, or None when it is dropped (stop word, noise).

        `language`: the Latin-script language of the word's text; a Cyrillic or Arabic word is read
        in its script's language, a Hangul/CJK token (a bigram) is its own term. English only: every
        word is read as English."""
        key = (language, word)
        try:
            return self._cache[key]
        except KeyError:
            pass
        with self._lock:  # a PyStemmer object must not be used by two threads at once
            if len(self._cache) > 200_000:
                self._cache.clear()
            result = self._cache[key] = self._term(word, language)
        return result

    def _term(self, word: str, language: str) -> str | None:
        if self.english_only:
            return self._by_language[DEFAULT].term(word)
        script = script_of(word)
        if script == "ko":
            return word  # a Hangul/CJK bigram or single character: no stems, no stop words
        code = script if script in self._by_language else language
        return self._by_language.get(code, self._by_language[DEFAULT]).term(word)

    # --- Texts -------------------------------------------------------------------------------

    def tokens(self, text: str) -> list[str]:
        """`words` (English only) or multilingual `tokens` (Hangul/CJK bigrams) of `text`."""
        return words(text) if self.english_only else tokens(text)

    def analyse(self, text: Text, *, query: bool = False) -> Analysed:
        """`text`'s segments and languages: one segment per part, its language given or detected.

        A `query` whose Latin-script language nothing decides, or of fewer than `SHORT_QUERY`
        words ("telemedicina"), gets segments read in every candidate language (`UNSURE`; see
        `term_options`); a document is then read as English."""
        if self.english_only:
            return Analysed((DEFAULT,), [Segment(DEFAULT, self.tokens(part)) for _, part in parts_of(text)])
        languages: list[str] = []
        segments = []
        for given, part in parts_of(text):
            part_tokens = self.tokens(part)
            found: tuple[str, ...]
            if given is None and query and len(part_tokens) < SHORT_QUERY and not NON_LATIN.search(part):
                found = (UNSURE,)  # "smart poles", "heritage digitisation": no detector can tell
            elif given is None:
                found = languages_of_words(
                    part_tokens, languages=self.languages, text=part, unsure=UNSURE if query else DEFAULT
                )
            else:
                found = (product_language(given).code,)  # "pt-BR" -> "pt"; unknown codes -> English
            languages.extend(code if code != UNSURE else DEFAULT for code in found)
            segments.append(Segment(UNSURE if UNSURE in found else latin_language(found), part_tokens))
        return Analysed(tuple(dict.fromkeys(languages)) or (DEFAULT,), segments)

    def detect(self, text: Text) -> tuple[str, ...]:
        """The languages of a query `text`, main one first, as the analyser reads it (English where
        nothing decided)."""
        return self.query_reading(text).languages

    def reading_languages(self, text: Text) -> tuple[str, ...]:
        """The languages a query `text`'s words are read in: `detect`'s, plus every Latin-script
        candidate when a part of it is one nothing decided (`UNSURE`)."""
        return self.query_reading(text).reading_languages

    def term_options(self, text: Text) -> tuple[tuple[tuple[str, str], ...], ...]:
        """A query's words in order, each as its (word, term) readings: one, or for a word of an
        `UNSURE` segment one per distinct term it has in the candidate Latin-script languages; none
        for a dropped word (bigrams are not formed across it)."""
        return self.query_reading(text).term_options

    def query_reading(self, text: Text) -> QueryReading:
        """A query text's languages and term options, computed once per distinct text (LRU)."""
        return self._queries.get_or_make(text_key(text), lambda: self._read_query(text))

    def _read_query(self, text: Text) -> QueryReading:
        analysed = self.analyse(text, query=True)
        latin = self._latin or (DEFAULT,)
        reading = analysed.languages
        if any(segment.language == UNSURE for segment in analysed.segments):
            reading = tuple(dict.fromkeys((*analysed.languages, *latin)))
        options: list[tuple[tuple[str, str], ...]] = []
        for segment in analysed.segments:
            readings = latin if segment.language == UNSURE else (segment.language,)
            for token in segment.tokens:
                terms = dict.fromkeys(self.term(token, code) for code in readings)
                options.append(tuple((token, term) for term in terms if term is not None))
        return QueryReading(analysed.languages, reading, tuple(options))

    def terms(self, text: Text) -> list[str | None]:
        """Terms of `text` in order; dropped words stay as None so bigrams never jump over them
        (nor across two parts)."""
        result: list[str | None] = []
        for number, segment in enumerate(self.analyse(text).segments):
            if number:
                result.append(None)
            result.extend(self.term(token, segment.language) for token in segment.tokens)
        return result

    def pairs(self, text: Text) -> list[tuple[str, str | None]]:
        """(word, term) for each word of `text`, in order (term None when the word is dropped)."""
        return [
            (token, self.term(token, segment.language))
            for segment in self.analyse(text).segments
            for token in segment.tokens
        ]

    def analyse_document(self, fields: Mapping[str, Text]) -> AnalysedDocument:
        """A document's fields cut into segments. Plain-text fields are read in the language detected
        on all of them together (a title alone is too short to tell); a field given as (language,
        text) parts keeps each part's language. Empty fields give no segment."""
        plain = {name: text for name, text in fields.items() if isinstance(text, str) and text}
        languages: list[str] = []
        reading = DEFAULT
        if self.english_only:
            plain_tokens = {name: words(text) for name, text in plain.items()}
            if plain:
                languages.append(DEFAULT)
        elif plain:
            joined = "\n".join(plain.values())
            found: tuple[str, ...]
            if NON_LATIN.search(joined) is None:  # most documents: one vote, no script counting
                plain_tokens = {name: TOKEN.findall(text.lower()) for name, text in plain.items()}
                first_words = itertools.chain.from_iterable(plain_tokens.values())
                found = (latin_language_of_words(first_words, self._latin, joined),)
            else:
                plain_tokens = {name: tokens(text) for name, text in plain.items()}
                found = languages_of_words(
                    [token for part in plain_tokens.values() for token in part],
                    languages=self.languages,
                    text=joined,
                )
            languages.extend(found)
            reading = latin_language(found)
        else:
            plain_tokens = {}
        segments: list[tuple[str, Segment]] = []
        for name, text in fields.items():
            if isinstance(text, str):
                if text:
                    segments.append((name, Segment(reading, plain_tokens[name])))
                continue
            analysed = self.analyse(text)
            languages.extend(analysed.languages)
            segments.extend((name, segment) for segment in analysed.segments)
        return AnalysedDocument(tuple(dict.fromkeys(languages)) or (DEFAULT,), segments)
