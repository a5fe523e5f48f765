"""Full-text search of the published catalogue.

PostgreSQL: a weighted tsvector (title A, summary, tags and the provider's name B, description C)
with a GIN index. A solution whose title is the query itself (ignoring case) ranks first.
Ranking never touches the whole table. We first pick a bounded candidate set, then rank only
that:

* natural-language queries (no operators) are ranked OR-style; candidates are documents holding at
  least one of the query's *selective* lexemes, chosen from the rarest up while their summed
  document frequency (table `SearchTerm`, from ts_stat) stays within CANDIDATE_BUDGET. Documents
  sharing only very common words with the query would rank at the bottom anyway, as in BM25. When
  every word is common, candidates are the documents holding all of them.
* queries with operators (quotes, OR, -, prefix*) keep websearch semantics exactly; their matches
  are the candidates.

Either way at most CANDIDATE_LIMIT rows are ranked, and ts_headline runs only on the page shown.
SQLite (the embedded default) answers the same call with a simple icontains scan.

Languages (issue 18, migration solutions/0013): every text is indexed with its own language's
configuration (`smc_spanish`...: unaccent, then the stemmer) — the original in `original_language`,
each SolutionTranslation in its language. The query is parsed in the reader's language *and* in
English (the catalogue's common language, and what people type for technical words), the two ORed,
so it matches every translation and original written in either. Korean is split into character
bigrams on both sides (`smc_hangul_bigrams`), whatever the reader's language, when the query holds
Hangul. Titles and snippets come from the reader's translation when there is one.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Case, Count, Exists, Expression, OuterRef, Q, QuerySet, Value, When
from django.utils.safestring import SafeString, mark_safe

from accounts.enums import Region
from common import languages
from common.lookups import json_list_contains
from common.translated_content import reader_language, text_for
from solutions.enums import Maturity, Sector, SolutionStatus
from solutions.models import Solution, SolutionTranslation
from solutions.query_parser import ParsedQuery, hangul_bigrams, has_hangul, highlight, parse_query

CANDIDATE_BUDGET = 3000  # summed document frequency of the lexemes that pick candidates
CANDIDATE_LIMIT = 1000  # hard cap on rows ranked for one query (bench/search.py: p95 vs quality)
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]  # D, C, B, A
RANK_NORMALISATION = 1  # divide by 1 + log(document length): long descriptions do not win by bulk
HEADLINE_OPTIONS = (
    "StartSel=\x01, StopSel=\x02, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter= … "
)
# Configurations per language: smc_search_config() in migration solutions/0013, SEARCH_CONFIGS here.
SEARCH_CONFIGS = {language.code: f"smc_{language.search_config}" for language in languages.LANGUAGES}
ENGLISH_CONFIG = SEARCH_CONFIGS["en"]
TITLE_HEADLINE_OPTIONS = "HighlightAll=true, StartSel=\x01, StopSel=\x02"

# The stored text loses any \x01/\x02 of its own (translate) before ts_headline adds the markers, so only
# ours become <mark>.
# One statement per search. Candidates (at most CANDIDATE_LIMIT published rows matching the query
# and, for natural language, holding a selective lexeme) come first from documents whose title,
# summary or tags match (`head`, where the best-ranked documents are), then from description
# matches (`body`). Each is ranked as it is read (the LIMIT stops both reading and ranking);
# facets and the total count the candidates; ts_headline runs on the page shown.
# Head and body each read one index (`_candidate_conditions` says which); the rest of the match
# is checked on the rows read, a few thousand at most, rather than ANDed from a second bitmap that
# can hold tens of thousands of index entries.
# Only constants and %s placeholders are put into the SQL text; user input travels as parameters.
FACET_NAMES = ("sector", "maturity", "region")


def _facet_counts_sql() -> str:
    """The candidates' facet counts in one pass: {"sector": {"water": 12, ...}, ...}, values with no
    candidate left out (as SQLite's _facets_fallback does). Only enum values are formatted in."""
    facets = {
        "sector": ("c.sectors ? '{}'", Sector.values),
        "maturity": ("c.maturity = '{}'", Maturity.values),
        "region": ("c.regions_served ? '{}'", Region.values),
    }
    objects = []
    for name, (condition, values) in facets.items():
        if not all(re.fullmatch(r"[a-z_]+", value) for value in values):
            raise ValueError(f"{name}: facet values must be plain identifiers")
        counts = ", ".join(
            f"'{value}', nullif(count(*) FILTER (WHERE {condition.format(value)}), 0)" for value in values
        )
        objects.append(f"'{name}', jsonb_strip_nulls(jsonb_build_object({counts}))")
    return f"jsonb_build_object({', '.join(objects)})"


FACET_COUNTS_SQL = _facet_counts_sql()

# What head and body return for each candidate; ranked here, so the LIMIT stops ranking too.
CANDIDATE_COLUMNS = """s.id, s.sectors, s.maturity, s.regions_served,
           ts_rank(%(weights)s::float4[], s.search_vector, q.rank_query, %(normalisation)s) AS rank,
           lower(s.title) = lower(%(exact_title)s) AS exact"""

SEARCH_SQL = """
WITH q AS MATERIALIZED (SELECT {match} AS query, {rank} AS rank_query{candidate}),
head AS MATERIALIZED (
    SELECT {columns}
    FROM solutions_solution s, q
    WHERE s.status = %(status)s{head}{filters}
    LIMIT %(limit)s
),
body AS MATERIALIZED (
    SELECT {columns}
    FROM solutions_solution s, q
    WHERE s.status = %(status)s{body}{filters}
      AND s.id NOT IN (SELECT id FROM head)
    LIMIT greatest(%(limit)s - (SELECT count(*) FROM head), 0)
),
candidates AS MATERIALIZED (SELECT * FROM head UNION ALL SELECT * FROM body),
page AS (
    SELECT id, rank, exact FROM candidates ORDER BY exact DESC, rank DESC, id
    LIMIT %(page_size)s OFFSET %(offset)s
),
summary AS (SELECT count(*) AS total, {facets} AS facets FROM candidates c)
SELECT summary.total, summary.facets, p.id, p.rank,
       ts_headline(smc_search_config(coalesce(t.language, s.original_language)),
                   translate(coalesce(t.title, s.title), chr(1) || chr(2), ''),
                   q.rank_query, %(title_options)s),
       ts_headline(smc_search_config(coalesce(t.language, s.original_language)),
                   translate(coalesce(t.summary || ' ' || t.description, s.summary || ' ' || s.description),
                             chr(1) || chr(2), ''),
                   q.rank_query, %(snippet_options)s),
       coalesce(t.language, s.original_language)
FROM summary
CROSS JOIN q
LEFT JOIN (page p JOIN solutions_solution s ON s.id = p.id
           LEFT JOIN solutions_solutiontranslation t
                  ON t.solution_id = s.id AND t.language = %(reader)s AND s.original_language <> %(reader)s)
       ON true
ORDER BY p.exact DESC NULLS LAST, p.rank DESC NULLS LAST, p.id
"""


@dataclass
class SearchHit:
    solution: Solution
    rank: float
    title_html: SafeString
    snippet_html: SafeString
    # The language title_html and snippet_html are written in: the reader's when the solution has
    # that translation, else its original language.
    language: str = languages.DEFAULT


@dataclass
class SearchFilters:
    sector: str = ""
    region: str = ""
    maturity: str = ""
    provider: int | None = None


@dataclass
class SearchResults:
    query: ParsedQuery
    hits: list[SearchHit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    # True when more documents match than were ranked (CANDIDATE_LIMIT): `total` is then a lower bound.
    total_is_capped: bool = False


def marked_to_html(text: str) -> SafeString:
    """Escape document text, then turn our \\x01/\\x02 markers into <mark> tags."""
    escaped = html.escape(text or "")
    return mark_safe(escaped.replace("\x01", "<mark>").replace("\x02", "</mark>"))  # noqa: S308 -- escaped above


def search_solutions(
    *,
    query: str,
    filters: SearchFilters | None = None,
    page: int = 1,
    page_size: int = 20,
    language: str | None = None,
) -> SearchResults:
    """Published solutions matching `query`, best first, with highlighted snippets and facets.
    `language` (default: the active one) is the reader's: the query is parsed in it (and in English),
    and titles and snippets come from that translation when a solution has one.

    PostgreSQL: three queries whatever the table size (term statistics, the search, the page's rows).
    """
    parsed = parse_query(query)
    filters = filters or SearchFilters()
    if parsed.is_empty:
        return SearchResults(query=parsed, hits=[], total=0, facets={})
    exact = exact_title(query)
    reader = languages.language(language).code if language else reader_language()
    if connection.vendor == "postgresql":
        return _search_postgres(parsed, filters, page, page_size, exact_title=exact, language=reader)
    return scan_search(parsed, filters, page, page_size, exact_title=exact, language=reader)


def exact_title(query: str) -> str:
    """The title a query names exactly: its text without surrounding quotes, spaces collapsed."""
    return " ".join(query.strip().strip('"').split())


# --- PostgreSQL -----------------------------------------------------------------------------


def _quote_lexeme(lexeme: str) -> str:
    return "'" + lexeme.replace("'", "''").replace("\\", "\\\\") + "'"


def _filter_sql(filters: SearchFilters) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.sector:
        clauses.append("s.sectors @> %s::jsonb")
        params.append(f'["{filters.sector}"]')
    if filters.region:
        clauses.append("s.regions_served @> %s::jsonb")
        params.append(f'["{filters.region}"]')
    if filters.maturity:
        # texteq is `=` that no index answers: a third of the catalogue shares a maturity, and a
        # bitmap of it ANDed to the search's costs more than checking the candidates read.
        clauses.append("texteq(s.maturity, %s)")
        params.append(filters.maturity)
    if filters.provider:
        clauses.append("s.provider_id = %s")
        params.append(filters.provider)
    return "".join(f" AND {c}" for c in clauses), params


def query_configs(language: str) -> tuple[str, ...]:
    """The configurations a query is parsed in: the reader's language's and English (once)."""
    return tuple(dict.fromkeys((SEARCH_CONFIGS.get(language, ENGLISH_CONFIG), ENGLISH_CONFIG)))


def _config_query_sql(parsed: ParsedQuery, config: str, *, for_rank: bool) -> tuple[str, list[Any]]:
    """The query in one configuration (a constant from SEARCH_CONFIGS, never user input)."""
    if not parsed.uses_operators:
        words = " | ".join(_quote_lexeme(w) for w in parsed.terms)
        return f"to_tsquery('{config}', %s)", [words]
    parts, params = [], []
    text = parsed.rank_text if for_rank else parsed.websearch_text
    if text.strip():
        parts.append(f"websearch_to_tsquery('{config}', %s)")
        params.append(text)
    for prefix in parsed.prefixes:
        parts.append(f"to_tsquery('{config}', %s)")
        params.append(_quote_lexeme(prefix) + ":*")
    return "(" + " && ".join(parts) + ")", params


def korean_query_text(parsed: ParsedQuery) -> str:
    """A tsquery (config simple) for the query's Hangul words: each word's bigrams ANDed (the word
    sits in a longer compound), the words ORed (natural language) or ANDed (with operators, unless OR)."""
    words = [w for w in (*parsed.terms, *parsed.prefixes, *parsed.positive_words) if has_hangul(w)]
    groups = []
    for word in dict.fromkeys(words):
        grams = hangul_bigrams(word)
        if grams:
            groups.append("(" + " & ".join(_quote_lexeme(g) for g in grams) + ")")
    joiner = " & " if parsed.uses_operators and not parsed.has_or else " | "
    return joiner.join(groups)


def _match_query_sql(parsed: ParsedQuery, *, language: str, for_rank: bool = False) -> tuple[str, list[Any]]:
    """The tsquery a document must satisfy (or, for_rank, the positive part ts_rank scores): the
    query in the reader's configuration OR in English, OR its Korean bigrams."""
    parts, params = [], []
    for config in query_configs(language):
        sql, values = _config_query_sql(parsed, config, for_rank=for_rank)
        parts.append(sql)
        params += values
    korean = korean_query_text(parsed)
    if korean:
        parts.append("to_tsquery('simple', %s)")
        params.append(korean)
    return "(" + " || ".join(parts) + ")", params


def _candidate_query_sql(
    cursor: CursorWrapper, parsed: ParsedQuery, *, language: str
) -> tuple[str, list[Any]]:
    """For natural-language queries, the selective lexemes that pick candidates (see module doc):
    the query's lexemes in every configuration it is parsed in, and its Korean bigrams."""
    # Only configuration names from SEARCH_CONFIGS are formatted in; the query travels as parameters.
    vectors = " || ".join(f"to_tsvector('{config}', %(text)s)" for config in query_configs(language))
    cursor.execute(
        "SELECT l.lexeme, coalesce(t.document_count, 0) FROM "  # noqa: S608 -- constants, see above
        f"unnest(tsvector_to_array({vectors} || to_tsvector('simple', %(bigrams)s))) AS l(lexeme) "
        "LEFT JOIN solutions_searchterm t ON t.word = l.lexeme ORDER BY 2, 1",
        {
            "text": " ".join(parsed.terms),
            "bigrams": " ".join(g for w in parsed.terms if has_hangul(w) for g in hangul_bigrams(w)),
        },
    )
    stats = cursor.fetchall()
    if not stats:
        return "", []
    chosen: list[str] = []
    budget = 0
    for lexeme, document_count in stats:
        if chosen and budget + document_count > CANDIDATE_BUDGET:
            break
        chosen.append(lexeme)
        budget += document_count
    if budget > CANDIDATE_BUDGET and len(stats) > 1:
        # Every word is common: candidates hold all of them.
        return "to_tsquery('simple', %s)", [" & ".join(_quote_lexeme(lex) for lex, _ in stats)]
    return "to_tsquery('simple', %s)", [" | ".join(_quote_lexeme(lex) for lex in chosen)]


def _search_postgres(
    parsed: ParsedQuery,
    filters: SearchFilters,
    page: int,
    page_size: int,
    *,
    exact_title: str = "",
    language: str = languages.DEFAULT,
) -> SearchResults:
    match_sql, match_params = _match_query_sql(parsed, language=language)
    rank_sql, rank_params = _match_query_sql(parsed, language=language, for_rank=True)
    filter_sql, filter_params = _filter_sql(filters)
    with connection.cursor() as cursor:
        candidate_sql: str = ""
        candidate_params: list[Any] = []
        if not parsed.uses_operators:
            candidate_sql, candidate_params = _candidate_query_sql(cursor, parsed, language=language)
        params: dict[str, Any] = {
            "status": SolutionStatus.PUBLISHED,
            "limit": CANDIDATE_LIMIT,
            "weights": RANK_WEIGHTS,
            "normalisation": RANK_NORMALISATION,
            "page_size": page_size,
            "offset": (page - 1) * page_size,
            "title_options": TITLE_HEADLINE_OPTIONS,
            "snippet_options": HEADLINE_OPTIONS,
            "exact_title": exact_title,
            "reader": language,
        }
        named = _name_parameters(
            params, match=(match_sql, match_params), rank=(rank_sql, rank_params),
            candidate=(candidate_sql, candidate_params), filters=(filter_sql, filter_params),
        )  # fmt: skip
        conditions = _candidate_conditions(
            has_candidate_query=bool(candidate_sql),
            rank_is_match=(rank_sql, rank_params) == (match_sql, match_params),
            by_provider=bool(filters.provider),
        )
        sql = SEARCH_SQL.format(
            match=named["match"], rank=named["rank"], columns=CANDIDATE_COLUMNS, filters=named["filters"],
            candidate=f", {named['candidate']} AS candidate_query" if candidate_sql else "",
            facets=FACET_COUNTS_SQL, **conditions,
        )  # fmt: skip
        cursor.execute(sql, params)
        rows = cursor.fetchall()

    # Django's psycopg setup hands jsonb over as text (JSONField decodes it; raw SQL decodes here).
    total, facets = int(rows[0][0]), json.loads(rows[0][1])
    facets = {name: {key: int(n) for key, n in (facets.get(name) or {}).items()} for name in FACET_NAMES}
    page_rows = [row for row in rows if row[2] is not None]
    # The vectors are a few kB a row that nothing on a results page reads.
    solutions = (
        Solution.objects.select_related("provider")
        .defer("search_vector", "search_head")
        .in_bulk([row[2] for row in page_rows])
    )
    hits = [
        SearchHit(
            solution=solutions[row_id],
            rank=float(rank),
            title_html=marked_to_html(title),
            snippet_html=marked_to_html(snippet),
            language=shown_language,
        )
        for _total, _facets, row_id, rank, title, snippet, shown_language in page_rows
    ]
    return SearchResults(
        query=parsed, hits=hits, total=total, facets=facets, total_is_capped=total >= CANDIDATE_LIMIT
    )


def _candidate_conditions(
    *, has_candidate_query: bool, rank_is_match: bool, by_provider: bool
) -> dict[str, str]:
    """What head and body require of a row, as SQL to AND to their WHERE, reading one index each.

    Head: title, summary and tags match the positive query (rank_query), the whole document matches
    the query, and natural language holds a selective lexeme (`candidate_query`). Body: the document
    matches the query (and holds a selective lexeme). Each reads the most selective GIN index: the
    candidate lexemes when there are some (a few thousand documents by CANDIDATE_BUDGET), else its
    own match. Its other conditions are checked on the rows read with ts_match_vq, the function
    behind @@, which no index answers: PostgreSQL cannot then AND in a bitmap of every common word
    (tens of thousands of rows for a long natural-language query). When the positive query is the
    query (no exclusions), a head match is a document match (search_vector is search_head followed
    by the description), so head does not check it twice. A provider's catalogue (hundreds of rows
    at most) is read through its own index, cheaper than any common word's bitmap: then every
    match is a check.

    Every tsquery comes from the materialised `q`, so the planner cannot see how common a word is
    and always reads an index as a bitmap, in table order: a sequential scan could start anywhere
    in a large table (synchronised scans), and which candidates the LIMIT keeps would change.
    """

    def match(vector: str, query: str, *, indexed: bool) -> str:
        if indexed and not by_provider:
            return f" AND s.{vector} @@ q.{query}"
        return f" AND ts_match_vq(s.{vector}, q.{query})"

    document_check = match("search_vector", "query", indexed=False)
    head_document_check = "" if rank_is_match else document_check
    if has_candidate_query:
        candidate = match("search_vector", "candidate_query", indexed=True)
        return {
            "head": candidate + match("search_head", "rank_query", indexed=False) + head_document_check,
            "body": candidate + document_check,
        }
    return {
        "head": match("search_head", "rank_query", indexed=True) + head_document_check,
        "body": match("search_vector", "query", indexed=True),
    }


def _name_parameters(params: dict[str, Any], **fragments: tuple[str, list[Any]]) -> dict[str, str]:
    """Turn each fragment's positional %s into a named placeholder added to `params`."""
    named = {}
    for name, (sql, values) in fragments.items():
        parts = sql.split("%s")
        if len(parts) - 1 != len(values):
            raise ValueError(f"{name}: {len(parts) - 1} placeholders for {len(values)} values")
        text = parts[0]
        for position, (value, rest) in enumerate(zip(values, parts[1:], strict=True)):
            key = f"{name}_{position}"
            params[key] = value
            text += f"%({key})s" + rest
        named[name] = text
    return named


# --- Fallback (SQLite) ------------------------------------------------------------------------


def _translation_match(word: str) -> Exists:
    return Exists(
        SolutionTranslation.objects.filter(solution=OuterRef("pk")).filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(description__icontains=word)
        )
    )


def _text_match(word: str) -> Q:
    return (
        Q(title__icontains=word)
        | Q(summary__icontains=word)
        | Q(description__icontains=word)
        | Q(provider__name__icontains=word)
        | Q(_translation_match(word))
    )


EXACT_TITLE_SCORE = 1000  # above any sum of word scores: an exact title comes first


def scan_search(
    parsed: ParsedQuery,
    filters: SearchFilters,
    page: int,
    page_size: int,
    *,
    exact_title: str = "",
    language: str = languages.DEFAULT,
) -> SearchResults:
    """The same search as a plain icontains scan: SQLite's answer, and a reference on any database.
    Translations are searched too (no stemming or accent folding here); titles and snippets are in
    `language` when the solution has that translation. A solution titled `exact_title` (ignoring
    case) comes first."""
    from solutions.selectors import filter_solutions  # noqa: PLC0415 -- selectors import this module's types

    queryset: QuerySet[Solution] = Solution.objects.filter(status=SolutionStatus.PUBLISHED)
    queryset = filter_solutions(
        queryset,
        sector=filters.sector,
        region=filters.region,
        maturity=filters.maturity,
        provider=filters.provider,
    )
    positive = [*parsed.terms, *parsed.phrases, *parsed.prefixes]
    if parsed.uses_operators and not parsed.has_or:
        for word in positive:
            queryset = queryset.filter(_text_match(word))
    else:
        any_word = Q()
        for word in positive:
            any_word |= _text_match(word)
        queryset = queryset.filter(any_word)
    for word in parsed.excluded:
        queryset = queryset.exclude(_text_match(word))

    score: Expression = Value(0)
    for word in positive:
        score = (
            score
            + Case(When(title__icontains=word, then=Value(4)), default=Value(0))
            + Case(When(summary__icontains=word, then=Value(2)), default=Value(0))
            + Case(When(description__icontains=word, then=Value(1)), default=Value(0))
            + Case(When(provider__name__icontains=word, then=Value(2)), default=Value(0))
            + Case(When(_translation_match(word), then=Value(2)), default=Value(0))
        )
    if exact_title:
        score = score + Case(When(title__iexact=exact_title, then=Value(EXACT_TITLE_SCORE)), default=Value(0))
    queryset = queryset.annotate(score=score).order_by("-score", "id")
    facets = _facets_fallback(queryset)
    total = sum(facets["maturity"].values())
    start = (page - 1) * page_size
    words = (*parsed.positive_words, *parsed.prefixes)
    hits = []
    page_solutions = queryset.select_related("provider").prefetch_related("translations")
    for solution in page_solutions[start : start + page_size]:
        text = text_for(solution, fields=("title", "summary", "description"), language=language)
        hits.append(
            SearchHit(
                solution=solution,
                rank=float(solution.score),
                title_html=marked_to_html(highlight(text.title, words, context=200)),
                snippet_html=marked_to_html(highlight(f"{text.summary} {text.description}", words)),
                language=text.language,
            )
        )
    return SearchResults(query=parsed, hits=hits, total=total, facets=facets)


def _facets_fallback(queryset: QuerySet[Solution]) -> dict[str, dict[str, int]]:
    aggregates = {}
    for value in Sector.values:
        aggregates[f"sector:{value}"] = Count("id", filter=json_list_contains("sectors", value))
    for value in Region.values:
        aggregates[f"region:{value}"] = Count("id", filter=json_list_contains("regions_served", value))
    for value in Maturity.values:
        aggregates[f"maturity:{value}"] = Count("id", filter=Q(maturity=value))
    counts = queryset.order_by().aggregate(**aggregates)
    facets: dict[str, dict[str, int]] = {"sector": {}, "maturity": {}, "region": {}}
    for key, count in counts.items():
        facet, value = key.split(":", 1)
        if count:
            facets[facet][value] = count
    return facets
