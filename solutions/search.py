"""Full-text search of the published catalogue.

PostgreSQL: a weighted tsvector (title A, summary and tags B, description C) with a GIN index.
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
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils.safestring import SafeString, mark_safe

from accounts.enums import Region
from common.lookups import json_list_contains
from solutions.enums import Maturity, Sector, SolutionStatus
from solutions.models import Solution
from solutions.query_parser import ParsedQuery, highlight, parse_query

CANDIDATE_BUDGET = 3000  # summed document frequency of the lexemes that pick candidates
CANDIDATE_LIMIT = 4000  # hard cap on rows ranked for one query
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]  # D, C, B, A
RANK_NORMALISATION = 1  # divide by 1 + log(document length): long descriptions do not win by bulk
HEADLINE_OPTIONS = (
    "StartSel=\x01, StopSel=\x02, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter= … "
)
# The text-search configuration is "english" throughout (trigger in migration solutions/0003 too).
TITLE_HEADLINE_OPTIONS = "HighlightAll=true, StartSel=\x01, StopSel=\x02"

# The candidate set: at most CANDIDATE_LIMIT published rows matching the query (and, for natural
# language, holding a selective lexeme). Every later step reads only these rows.
CANDIDATES_SQL = """
WITH q AS (SELECT {match} AS query, {rank} AS rank_query),
candidates AS MATERIALIZED (
    SELECT s.id, s.search_vector FROM solutions_solution s, q
    WHERE s.status = %s AND s.search_vector @@ q.query{candidate}{filters}
    LIMIT %s
)"""

RANKED_PAGE_SQL = """{candidates},
ranked AS (
    SELECT c.id, count(*) OVER () AS total,
           ts_rank(%s::float4[], c.search_vector, q.rank_query, %s) AS rank
    FROM candidates c, q ORDER BY rank DESC, c.id LIMIT %s OFFSET %s
)
SELECT r.id, r.rank, r.total,
       ts_headline('english', s.title, q.rank_query, %s),
       ts_headline('english', s.summary || ' ' || s.description, q.rank_query, %s)
FROM ranked r JOIN solutions_solution s ON s.id = r.id, q
ORDER BY r.rank DESC, r.id"""

FACETS_SQL = """{candidates}
SELECT 'sector', v.value, count(*) FROM candidates c
    JOIN solutions_solution s ON s.id = c.id, jsonb_array_elements_text(s.sectors) v GROUP BY v.value
UNION ALL
SELECT 'maturity', s.maturity, count(*) FROM candidates c
    JOIN solutions_solution s ON s.id = c.id GROUP BY s.maturity
UNION ALL
SELECT 'region', v.value, count(*) FROM candidates c
    JOIN solutions_solution s ON s.id = c.id, jsonb_array_elements_text(s.regions_served) v GROUP BY v.value
"""


@dataclass
class SearchHit:
    solution: Solution
    rank: float
    title_html: SafeString
    snippet_html: SafeString


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


def _marked_to_html(text: str) -> SafeString:
    """Escape document text, then turn our \\x01/\\x02 markers into <mark> tags."""
    escaped = html.escape(text or "")
    return mark_safe(escaped.replace("\x01", "<mark>").replace("\x02", "</mark>"))  # noqa: S308 -- escaped above


def search_solutions(
    *, query: str, filters: SearchFilters | None = None, page: int = 1, page_size: int = 20
) -> SearchResults:
    """Published solutions matching `query`, best first, with highlighted snippets and facets.

    PostgreSQL: four queries whatever the table size (term statistics, ranked page, facets, rows).
    """
    parsed = parse_query(query)
    filters = filters or SearchFilters()
    if parsed.is_empty:
        return SearchResults(query=parsed, hits=[], total=0, facets={})
    if connection.vendor == "postgresql":
        return _search_postgres(parsed, filters, page, page_size)
    return scan_search(parsed, filters, page, page_size)


# --- PostgreSQL -----------------------------------------------------------------------------


def _quote_lexeme(lexeme: str) -> str:
    return "'" + lexeme.replace("'", "''").replace("\\", "\\\\") + "'"


def _filter_sql(filters: SearchFilters) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if filters.sector:
        clauses.append("s.sectors @> %s::jsonb")
        params.append(f'["{filters.sector}"]')
    if filters.region:
        clauses.append("s.regions_served @> %s::jsonb")
        params.append(f'["{filters.region}"]')
    if filters.maturity:
        clauses.append("s.maturity = %s")
        params.append(filters.maturity)
    if filters.provider:
        clauses.append("s.provider_id = %s")
        params.append(filters.provider)
    return "".join(f" AND {c}" for c in clauses), params


def _match_query_sql(parsed: ParsedQuery, *, for_rank: bool = False) -> tuple[str, list[Any]]:
    """The tsquery a document must satisfy (or, for_rank, the positive part ts_rank scores)."""
    if not parsed.uses_operators:
        words = " | ".join(_quote_lexeme(w) for w in parsed.terms)
        return "to_tsquery('english', %s)", [words]
    parts, params = [], []
    text = parsed.rank_text if for_rank else parsed.websearch_text
    if text.strip():
        parts.append("websearch_to_tsquery('english', %s)")
        params.append(text)
    for prefix in parsed.prefixes:
        parts.append("to_tsquery('english', %s)")
        params.append(_quote_lexeme(prefix) + ":*")
    return "(" + " && ".join(parts) + ")", params


def _candidate_query_sql(cursor: Any, parsed: ParsedQuery) -> tuple[str, list[Any]]:
    """For natural-language queries, the selective lexemes that pick candidates (see module doc)."""
    cursor.execute(
        "SELECT l.lexeme, coalesce(t.document_count, 0) FROM "
        "unnest(tsvector_to_array(to_tsvector('english', %s))) AS l(lexeme) "
        "LEFT JOIN solutions_searchterm t ON t.word = l.lexeme ORDER BY 2, 1",
        [" ".join(parsed.terms)],
    )
    stats = cursor.fetchall()
    if not stats:
        return "", []
    chosen, budget = [], 0
    for lexeme, document_count in stats:
        if chosen and budget + document_count > CANDIDATE_BUDGET:
            break
        chosen.append(lexeme)
        budget += document_count
    if budget > CANDIDATE_BUDGET and len(stats) > 1:
        # Every word is common: candidates hold all of them.
        return "to_tsquery('simple', %s)", [" & ".join(_quote_lexeme(lex) for lex, _ in stats)]
    return "to_tsquery('simple', %s)", [" | ".join(_quote_lexeme(lex) for lex in chosen)]


def _search_postgres(parsed: ParsedQuery, filters: SearchFilters, page: int, page_size: int) -> SearchResults:
    match_sql, match_params = _match_query_sql(parsed)
    rank_sql, rank_params = _match_query_sql(parsed, for_rank=True)
    filter_sql, filter_params = _filter_sql(filters)
    with connection.cursor() as cursor:
        candidate_sql, candidate_params = ("", [])
        if not parsed.uses_operators:
            candidate_sql, candidate_params = _candidate_query_sql(cursor, parsed)
        # Only constants and %s placeholders are put into the SQL text; user input travels as parameters.
        candidates_cte = CANDIDATES_SQL.format(
            match=match_sql,
            rank=rank_sql,
            candidate=f" AND s.search_vector @@ {candidate_sql}" if candidate_sql else "",
            filters=filter_sql,
        )
        cte_params = [
            *match_params,
            *rank_params,
            SolutionStatus.PUBLISHED,
            *candidate_params,
            *filter_params,
            CANDIDATE_LIMIT,
        ]
        cursor.execute(
            RANKED_PAGE_SQL.format(candidates=candidates_cte),
            [
                *cte_params,
                RANK_WEIGHTS,
                RANK_NORMALISATION,
                page_size,
                (page - 1) * page_size,
                TITLE_HEADLINE_OPTIONS,
                HEADLINE_OPTIONS,
            ],
        )
        rows = cursor.fetchall()
        cursor.execute(FACETS_SQL.format(candidates=candidates_cte), cte_params)
        facets = _facet_counts(cursor.fetchall())

    if not rows:
        total = sum(facets.get("maturity", {}).values())
        return SearchResults(query=parsed, hits=[], total=total, facets=facets)
    solutions = Solution.objects.select_related("provider").in_bulk([row[0] for row in rows])
    hits = [
        SearchHit(
            solution=solutions[row_id],
            rank=float(rank),
            title_html=_marked_to_html(title),
            snippet_html=_marked_to_html(snippet),
        )
        for row_id, rank, _total, title, snippet in rows
    ]
    return SearchResults(query=parsed, hits=hits, total=int(rows[0][2]), facets=facets)


def _facet_counts(rows: list[tuple[str, str, int]]) -> dict[str, dict[str, int]]:
    facets: dict[str, dict[str, int]] = {"sector": {}, "maturity": {}, "region": {}}
    for facet, value, count in rows:
        facets[facet][value] = int(count)
    return facets


# --- Fallback (SQLite) ------------------------------------------------------------------------


def _text_match(word: str) -> Q:
    return Q(title__icontains=word) | Q(summary__icontains=word) | Q(description__icontains=word)


def scan_search(parsed: ParsedQuery, filters: SearchFilters, page: int, page_size: int) -> SearchResults:
    """The same search as a plain icontains scan: SQLite's answer, and a reference on any database."""
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

    score = Value(0)
    for word in positive:
        score = (
            score
            + Case(When(title__icontains=word, then=Value(4)), default=Value(0))
            + Case(When(summary__icontains=word, then=Value(2)), default=Value(0))
            + Case(When(description__icontains=word, then=Value(1)), default=Value(0))
        )
    queryset = queryset.annotate(score=score).order_by("-score", "id")
    facets = _facets_fallback(queryset)
    total = sum(facets["maturity"].values())
    start = (page - 1) * page_size
    words = (*parsed.positive_words, *parsed.prefixes)
    hits = [
        SearchHit(
            solution=solution,
            rank=float(solution.score),
            title_html=_marked_to_html(highlight(solution.title, words, context=200)),
            snippet_html=_marked_to_html(highlight(f"{solution.summary} {solution.description}", words)),
        )
        for solution in queryset.select_related("provider")[start : start + page_size]
    ]
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
