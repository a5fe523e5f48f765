"""Parse what people type into the search box. Pure: no database.

Syntax (PostgreSQL's websearch_to_tsquery, plus prefixes):
  - words                 natural language: ranked OR-style, documents with more words rank higher
  - "quoted phrase"       the words in this order
  - a OR b                either
  - -word, -"a phrase"    exclude
  - mobil*                any word starting with "mobil"
Any of the last four switches to websearch semantics (terms are ANDed unless joined by OR).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(r'(?P<neg>-?)"(?P<phrase>[^"]*)"?|(?P<word>\S+)')
WORD_CHARS = re.compile(r"[^\w]+", re.UNICODE)
MAX_QUERY_LENGTH = 500
MAX_TERMS = 32


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    has_or: bool = False
    uses_operators: bool = False
    # The query for websearch_to_tsquery: the input without prefix words (handled separately).
    websearch_text: str = ""
    # The same without exclusions: ts_rank scores a query with NOT as zero.
    rank_text: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases or self.prefixes)

    @property
    def positive_words(self) -> tuple[str, ...]:
        """Every word that must or may appear (terms and words of phrases), for highlighting."""
        words = list(self.terms)
        for phrase in self.phrases:
            words.extend(_words(phrase))
        return tuple(words)


def _words(text: str) -> list[str]:
    return [w for w in WORD_CHARS.split(text.lower()) if w]


def parse_query(text: str) -> ParsedQuery:
    """Split `text` into terms, phrases, prefixes and exclusions (see module docstring)."""
    text = (text or "")[:MAX_QUERY_LENGTH]
    terms: list[str] = []
    phrases: list[str] = []
    prefixes: list[str] = []
    excluded: list[str] = []
    websearch_parts: list[str] = []
    rank_parts: list[str] = []
    has_or = uses_operators = False

    for match in TOKEN.finditer(text):
        if match["phrase"] is not None:
            words = _words(match["phrase"])
            uses_operators = True
            if not words:
                continue
            phrase = " ".join(words)
            (excluded if match["neg"] else phrases).append(phrase)
            websearch_parts.append(f'{match["neg"]}"{phrase}"')
            if not match["neg"]:
                rank_parts.append(f'"{phrase}"')
            continue
        token = match["word"]
        if token == "OR":  # noqa: S105 -- the search operator, not a secret
            has_or = uses_operators = True
            websearch_parts.append("OR")
            rank_parts.append("OR")
            continue
        negated = token.startswith("-") and len(token) > 1
        is_prefix = token.endswith("*") and not negated
        words = _words(token)
        if not words:
            continue
        if negated:
            uses_operators = True
            excluded.extend(words)
            websearch_parts.append("-" + " -".join(words))
        elif is_prefix:
            uses_operators = True
            prefixes.append(words[-1])
            terms.extend(words[:-1])
            websearch_parts.extend(words[:-1])
            rank_parts.extend(words[:-1])
        else:
            terms.extend(words)
            websearch_parts.extend(words)
            rank_parts.extend(words)

    return ParsedQuery(
        terms=tuple(terms[:MAX_TERMS]),
        phrases=tuple(phrases[:MAX_TERMS]),
        prefixes=tuple(prefixes[:MAX_TERMS]),
        excluded=tuple(excluded[:MAX_TERMS]),
        has_or=has_or,
        uses_operators=uses_operators,
        websearch_text=" ".join(websearch_parts),
        rank_text=" ".join(rank_parts),
    )


def highlight(
    text: str, words: tuple[str, ...], *, context: int = 90, start: str = "\x01", stop: str = "\x02"
) -> str:
    """A snippet of `text` around the first word found, each word (prefix match) wrapped in markers.

    Used where PostgreSQL's ts_headline is not available (SQLite). Markers, not HTML, so the caller
    escapes the text before turning markers into tags.
    """
    # The document's own markers would become tags too: only the ones added here may.
    text = (text or "").replace(start, "").replace(stop, "")
    if not text:
        return ""
    if not words:
        return text[: 2 * context]
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    pattern = re.compile(r"\b(" + alternatives + r")\w*", re.IGNORECASE | re.UNICODE)
    first = pattern.search(text)
    begin = max(0, first.start() - context) if first else 0
    snippet = text[begin : begin + 2 * context + (first.end() - first.start() if first else 0)]
    marked = pattern.sub(lambda m: f"{start}{m.group(0)}{stop}", snippet)
    return ("…" if begin > 0 else "") + marked + ("…" if begin + len(snippet) < len(text) else "")


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def has_hangul(text: str) -> bool:
    return bool(HANGUL.search(text))


def hangul_bigrams(word: str) -> list[str]:
    """Every two consecutive characters of `word` ("교통신호" -> 교통 통신 신호; one syllable stays
    itself), lower-cased: what the database's smc_hangul_bigrams indexes for Korean text."""
    word = word.lower()
    if len(word) < 2:
        return [word] if word else []
    return [word[i : i + 2] for i in range(len(word) - 1)]
