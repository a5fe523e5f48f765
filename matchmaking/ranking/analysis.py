"""Text analysis: text -> lower-cased words (`words`, `TOKEN`) -> terms (`Analyzer`: accent folding,
stop words, single characters, numbers, Snowball stems), as `RankerConfig` says; also how bigram
terms are spelled (`BIGRAM_SEPARATOR`)."""

from __future__ import annotations

import re
import threading
import unicodedata

import Stemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from matchmaking.ranking.config import RankerConfig

TOKEN = re.compile(r"\w+")
BIGRAM_SEPARATOR = " "  # stems never contain a space, so "stem stem" is always a bigram

# bm25s's short English list, compared with sklearn's longer one while tuning.
SHORT_STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no",
        "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this",
        "to", "was", "will", "with",
    }
)  # fmt: skip


def words(text: str) -> list[str]:
    """Lower-cased word tokens of `text`: runs of letters, digits or "_" in any script."""
    return TOKEN.findall(text.lower())


class Analyzer:
    """Words -> terms as configured; the per-word work is cached."""

    def __init__(self, config: RankerConfig) -> None:
        self.config = config
        self.stop_words: frozenset[str] = {
            "sklearn": frozenset(ENGLISH_STOP_WORDS),
            "short": SHORT_STOP_WORDS,
            "none": frozenset(),
        }[config.stop_words]
        self.stemmer = Stemmer.Stemmer(config.stemmer) if config.stemmer else None
        self._cache: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def term(self, word: str) -> str | None:
        """The term a lower-cased word stands for, or None when it is dropped (stop word, noise)."""
        try:
            return self._cache[word]
        except KeyError:
            pass
        with self._lock:  # a PyStemmer object must not be used by two threads at once
            if len(self._cache) > 200_000:
                self._cache.clear()
            result = self._cache[word] = self._term(word)
        return result

    def _term(self, word: str) -> str | None:
        if self.config.fold_accents and not word.isascii():
            decomposed = unicodedata.normalize("NFKD", word)
            word = unicodedata.normalize(
                "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
            )
        if word in self.stop_words or (len(word) == 1 and word.isascii()):
            return None
        if self.config.drop_numbers and word.isdigit():
            return None
        return self.stemmer.stemWord(word) if self.stemmer else word

    def terms(self, text: str) -> list[str | None]:
        """Terms of `text` in order; dropped words stay as None so bigrams never jump over them."""
        return [self.term(word) for word in words(text)]

    def pairs(self, text: str) -> list[tuple[str, str | None]]:
        """(word, term) for each word of `text`, in order (term None when the word is dropped)."""
        return [(word, self.term(word)) for word in words(text)]
