"""Search benchmark: the catalogue search API against a plain ILIKE scan, at N demo solutions.

Run from the project root (PostgreSQL must be up; nothing else is needed):

    python bench/search.py --solutions 100000
    python bench/search.py --solutions 100000 --rounds 10 --peer-rounds 3 --seed 1

What it does:

1. Uses its own PostgreSQL database, `smc_bench` by default (`--database-url`), creating it when missing
   and migrating it. It refuses the development and test databases (`smc`, `smc_dev`, `test_*`).
2. Loads the demo catalogue (`manage.py generate_demo_catalogue --replace`) when the database does not
   hold exactly N demo solutions (published + draft, about 90 % published), then refreshes the search
   statistics and runs VACUUM ANALYZE, as production does after a bulk load.
3. Runs 50 realistic queries: 20 keyword queries (words, "phrases", OR, -exclusions, prefix*, some with
   sector/region/maturity/provider filters), 20 natural-language problem descriptions of 8-20 words,
   and 10 queries in Spanish, French, Portuguese, Russian, Arabic and Korean (issue 18: 20 % of the
   demo catalogue is written in or translated into those), each sent with its reader's
   Accept-Language so the endpoint parses it in that language.
   One warm-up round, then `--rounds` timed rounds of:
   a. the search endpoint `GET /api/v1/solutions/search/` through `django.test.Client`, so URL routing,
      every middleware, DRF parsing/validation, `search_solutions()` and JSON rendering are timed
      (DEBUG off, a persistent database connection as behind a connection pool);
   b. the peer: the same queries as a plain ILIKE scan through the ORM (`--peer-rounds` rounds): each
      word or "phrase" must appear in title, summary or description (ILIKE '%w%'), words combined with
      AND for keyword queries (OR when the query says OR; -word excluded) and with OR for natural
      language; English stop words and words under 3 letters are dropped (else "a" matches every
      row); published only, same filters, ordered by id, LIMIT 20, plus a COUNT.
4. Prints p50/p95/max/mean in milliseconds per query kind, per language and overall, per-query
   medians, the row counts and the machine's core count, and the load average before and after.
   Target: endpoint p95 < 50 ms at 100,000 solutions, overall and per language.

Every statement has a 60 s timeout, so the run always ends by itself.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/smc_bench"
REFUSED_DATABASES = {"smc", "smc_dev", "postgres", "template0", "template1"}
STATEMENT_TIMEOUT_MS = 60_000
ENDPOINT = "/api/v1/solutions/search/"
TARGET_P95_MS = 50.0
PROVIDER = "<largest demo provider>"  # placeholder filter value, resolved to an id at run time

# (query, filters). Filters use the endpoint's parameter names.
KEYWORD_QUERIES: list[tuple[str, dict[str, str]]] = [
    ("parking sensors", {}),
    ('"digital twin"', {}),
    ("flood OR drainage", {}),
    ("waste -plastic", {}),
    ("mobil*", {}),
    ("air quality monitoring", {"region": "europe"}),
    ("leak detection", {"sector": "water"}),
    ('"smart street lighting"', {}),
    ("LoRaWAN", {}),
    ("EV charging", {"maturity": "at_scale"}),
    ('telemedicine OR "remote patient monitoring"', {}),
    ("recycl*", {"sector": "waste"}),
    ("heat -energy", {}),
    ("traffic signal", {"region": "asia_pacific"}),
    ("blockchain", {}),
    ('"open data" portal', {}),
    ("participatory budgeting", {"maturity": "pilot"}),
    ("drones wildfire", {}),
    ("cybersecurity", {"sector": "digital_infrastructure"}),
    ("sensors", {"provider": PROVIDER}),
]
NATURAL_QUERIES: list[str] = [
    "our city suffers from traffic congestion and air pollution near schools",
    "we need a way to detect water leaks in old pipes before they burst",
    "how can we reduce illegal dumping in informal settlements on the edge of the city",
    "older residents living alone need more support and fewer hospital readmissions",
    "flash floods after heavy rain block drainage channels and damage homes every year",
    "we want citizens to take part in deciding how the municipal budget is spent",
    "high energy bills in public schools and hospitals strain our limited budget",
    "tourists crowd the historic centre in summer and damage heritage sites",
    "our bins overflow before collection trucks arrive and recycling rates are low",
    "emergency services take too long to reach people in dense neighbourhoods at night",
    "looking for an affordable way to monitor noise and air pollution along busy roads",
    "young people leave school early and lack the digital skills local employers need",
    "drivers waste time searching for parking in the city centre during rush hour",
    "the heat island effect makes summers dangerous for vulnerable people without air conditioning",
    "building permits take months to approve because everything is still on paper",
    "we need early warning of landslides on the slopes above informal housing",
    "power outages force our hospitals and clinics to run on diesel generators",
    "connectivity is poor in the suburbs and we worry about a growing digital divide",
    "our buses are unreliable and commuters never know when the next one will arrive",
    "the city has no reliable data on tree canopy and green space in poorer districts",
]
NATURAL = "natural language"
# (query, reader's language, kind): what members in other languages type.
OTHER_LANGUAGE_QUERIES: list[tuple[str, str, str]] = [
    ("semáforos inteligentes", "es", "keyword"),
    ("congestion del trafico", "es", "keyword"),
    ("détection des fuites d'eau", "fr", "keyword"),
    (
        "notre ville souffre de la pollution de l'air et des embouteillages près des écoles",
        "fr",
        "natural language",
    ),
    ("estacionamento inteligente", "pt", "keyword"),
    ("precisamos detectar vazamentos de água antes que os canos estourem", "pt", NATURAL),
    ("умные светофоры", "ru", "keyword"),
    ("жители жалуются на переполненные мусорные контейнеры во дворах", "ru", NATURAL),
    ("نحتاج إلى نظام إنذار مبكر بالفيضانات في الأحياء المنخفضة", "ar", NATURAL),
    ("교통신호", "ko", "keyword"),
]
STOP_WORDS_TEXT = (
    "a about above after all an and any are as at be because before been but by can could do does during "
    "every for from has have how in into is it its more most no not of on or our out over so some still "
    "than that the their them then there these they this those to too under up we what when where which "
    "who will with without would you your"
)
STOP_WORDS = frozenset(STOP_WORDS_TEXT.split())


@dataclass
class Query:
    kind: str  # "keyword" or "natural language"
    text: str
    filters: dict[str, Any]
    language: str = "en"  # the reader's (Accept-Language)
    endpoint_ms: list[float] = field(default_factory=list)
    peer_ms: list[float] = field(default_factory=list)
    endpoint_count: int = -1
    peer_count: int = -1


# --- Set-up -------------------------------------------------------------------------------------


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--solutions", type=int, default=100_000, help="Demo solutions to benchmark on.")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the demo catalogue (default 1).")
    parser.add_argument("--rounds", type=int, default=5, help="Timed rounds of the endpoint (default 5).")
    parser.add_argument(
        "--peer-rounds", type=int, default=3, help="Timed rounds of the ILIKE peer (default 3)."
    )
    parser.add_argument(
        "--database-url", default=DEFAULT_DATABASE_URL, help="A dedicated PostgreSQL database."
    )
    return parser.parse_args()


def _database_name(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(f"bench/search.py needs PostgreSQL, not {parts.scheme!r}.")
    name = parts.path.lstrip("/")
    if not name or name in REFUSED_DATABASES or name.startswith("test"):
        sys.exit(f"Refusing to benchmark on database {name!r}: use a dedicated one (default smc_bench).")
    return name


def _ensure_database(url: str, name: str) -> None:
    """CREATE DATABASE when missing, connected to the server's maintenance database."""
    import psycopg  # noqa: PLC0415 -- imported where used: only this set-up step needs it

    parts = urlsplit(url)
    maintenance = urlunsplit((parts.scheme.replace("pgsql", "postgresql"), parts.netloc, "/postgres", "", ""))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"Creating database {name}")
            connection.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


def _configure_django(url: str) -> None:
    sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]
    # Assigned, not setdefault: whatever the shell says, this process talks to the benchmark database.
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=url,
        # Persistent connection, as production runs behind a pool: each request does not pay a connect.
        DATABASE_CONN_MAX_AGE="600",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="bench",  # noqa: S106 -- a throwaway benchmark process, no secret to keep
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_LOG_LEVEL="WARNING",
        REDIS_URL="",
        # The endpoint's per-client throttle (120 searches a minute) is not what is measured: one
        # client sends every query of every round.
        SMC_RATE_SEARCH="1000000/min",
    )
    # WhiteNoise warns once that no collectstatic ran; irrelevant to an API benchmark.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django  # noqa: PLC0415 -- Django is configured from the command line first
    from django.db.backends.signals import connection_created  # noqa: PLC0415 -- idem

    django.setup()

    def statement_timeout(sender: Any, connection: Any, **kwargs: Any) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")

    connection_created.connect(statement_timeout, weak=False)


def _prepare_catalogue(solutions: int, seed: int) -> None:
    from django.core.management import call_command  # noqa: PLC0415 -- Django is configured first
    from django.db import connection  # noqa: PLC0415 -- idem

    from solutions.enums import SolutionStatus  # noqa: PLC0415 -- idem
    from solutions.models import Solution  # noqa: PLC0415 -- idem
    from solutions.services import refresh_search_statistics  # noqa: PLC0415 -- idem

    call_command("migrate", verbosity=0)
    statuses = [SolutionStatus.PUBLISHED, SolutionStatus.DRAFT]
    loaded = Solution.objects.filter(is_demo=True, status__in=statuses).count()
    reloaded = loaded != solutions
    if reloaded:
        print(f"Database holds {loaded} demo solutions; loading {solutions} (seed {seed})...")
        started = time.perf_counter()
        call_command(
            "generate_demo_catalogue", "--solutions", str(solutions), "--seed", str(seed), "--replace"
        )
        print(f"Loaded in {time.perf_counter() - started:.1f} s")
    refresh_search_statistics()
    with connection.cursor() as cursor:
        # FULL after a reload: --replace leaves the previous catalogue behind as dead rows.
        cursor.execute(f"VACUUM ({'FULL, ' if reloaded else ''}ANALYZE) solutions_solution")
        cursor.execute("VACUUM (ANALYZE) solutions_searchterm")


# --- The two contenders -------------------------------------------------------------------------


def _endpoint_call(client: Any, query: Query) -> Callable[[], int]:
    params = {"q": query.text, **query.filters}

    def call() -> int:
        response = client.get(ENDPOINT, params, HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE=query.language)
        if response.status_code != 200:
            raise SystemExit(
                f"{ENDPOINT} answered {response.status_code} for {params}: {response.content[:300]!r}"
            )
        return int(json.loads(response.content)["count"])

    return call


def _peer_call(query: Query) -> Callable[[], int]:
    from django.db.models import Q  # noqa: PLC0415 -- Django is configured first

    from solutions.enums import SolutionStatus  # noqa: PLC0415 -- idem
    from solutions.models import Solution  # noqa: PLC0415 -- idem
    from solutions.query_parser import parse_query  # noqa: PLC0415 -- idem
    from solutions.selectors import filter_solutions  # noqa: PLC0415 -- idem

    def anywhere(word: str) -> Q:
        return Q(title__icontains=word) | Q(summary__icontains=word) | Q(description__icontains=word)

    parsed = parse_query(query.text)
    words = [w for w in (*parsed.terms, *parsed.prefixes) if len(w) >= 3 and w not in STOP_WORDS]
    words += parsed.phrases
    condition = Q()
    for word in words:
        if query.kind == "keyword" and not parsed.has_or:
            condition &= anywhere(word)
        else:
            condition |= anywhere(word)
    queryset = Solution.objects.filter(condition, status=SolutionStatus.PUBLISHED)
    for word in parsed.excluded:
        queryset = queryset.exclude(anywhere(word))
    queryset = filter_solutions(queryset, **query.filters).select_related("provider").order_by("id")

    def call() -> int:
        list(queryset[:20])
        return queryset.count()

    return call


def _timed(call: Callable[[], int]) -> tuple[float, int]:
    started = time.perf_counter()
    count = call()
    return (time.perf_counter() - started) * 1000, count


# --- Report ----------------------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _summary_line(label: str, values: list[float]) -> str:
    if not values:
        return f"  {label:<18}{'-':>6}"
    return (
        f"  {label:<18}{len(values):>6}{_percentile(values, 0.5):>9.1f}{_percentile(values, 0.95):>9.1f}"
        f"{max(values):>9.1f}{statistics.fmean(values):>9.1f}"
    )


def _report(queries: list[Query], facts: dict[str, Any], args: argparse.Namespace) -> None:
    print()
    print("Search benchmark: Solutions Meet Cities")
    print(f"machine:   {os.cpu_count()} cores, Python {platform.python_version()}, {facts['server']}")
    print(
        f"catalogue: {facts['solutions']:,} solutions ({facts['published']:,} published, "
        f"{facts['demo']:,} demo; {facts['other_languages']:,} in or translated into another language), "
        f"{facts['providers']:,} providers, {facts['terms']:,} search terms "
        f"(database {facts['database']})"
    )
    print(
        f"queries:   {sum(q.kind == 'keyword' for q in queries)} keyword + "
        f"{sum(q.kind != 'keyword' for q in queries)} natural language "
        f"({sum(q.language != 'en' for q in queries)} not in English); 1 warm-up round, "
        f"{args.rounds} timed rounds (endpoint), {args.peer_rounds} (ILIKE peer)"
    )
    print(f"SQL statements per search request: {facts['statements']}")
    print()
    print(f"  {'ms':<18}{'n':>6}{'p50':>9}{'p95':>9}{'max':>9}{'mean':>9}")
    endpoint_p95 = worst_language_p95 = 0.0
    for title, attribute in (
        (f"search endpoint GET {ENDPOINT}", "endpoint_ms"),
        ("ILIKE scan (peer)", "peer_ms"),
    ):
        print(title)
        for kind in ("keyword", "natural language"):
            values = [ms for q in queries if q.kind == kind for ms in getattr(q, attribute)]
            print(_summary_line(kind, values))
        for language in dict.fromkeys(q.language for q in queries):
            values = [ms for q in queries if q.language == language for ms in getattr(q, attribute)]
            print(_summary_line(f"language {language}", values))
        overall = [ms for q in queries for ms in getattr(q, attribute)]
        print(_summary_line("overall", overall))
        if attribute == "endpoint_ms":
            endpoint_p95 = _percentile(overall, 0.95)
            worst_language_p95 = max(
                _percentile([ms for q in queries if q.language == language for ms in q.endpoint_ms], 0.95)
                for language in {q.language for q in queries}
            )
    print()
    print(f"  {'median ms':>9} {'peer ms':>9} {'hits':>7} {'peer':>7}  query")
    for query in queries:
        filters = " ".join(f"{k}={v}" for k, v in query.filters.items())
        print(
            f"  {statistics.median(query.endpoint_ms):>9.1f} "
            f"{statistics.median(query.peer_ms) if query.peer_ms else math.nan:>9.1f} "
            f"{query.endpoint_count:>7} {query.peer_count:>7}  [{query.language}] {query.text}"
            + (f"  [{filters}]" if filters else "")
        )
    verdict = "met" if max(endpoint_p95, worst_language_p95) < TARGET_P95_MS else "MISSED"
    print()
    print(f"load average: {facts['load_before']} before, {_load()} after")
    print(
        f"Target endpoint p95 < {TARGET_P95_MS:.0f} ms at {facts['solutions']:,} solutions, overall and per "
        f"language: {verdict} (p95 {endpoint_p95:.1f} ms overall, {worst_language_p95:.1f} ms in the "
        "slowest language)."
    )


def _load() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def _facts(database: str, client: Any, sample: Query) -> dict[str, Any]:
    from django.db import connection  # noqa: PLC0415 -- Django is configured first
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 -- idem

    from accounts.enums import Category  # noqa: PLC0415 -- idem
    from accounts.models import Organisation  # noqa: PLC0415 -- idem
    from solutions.enums import SolutionStatus  # noqa: PLC0415 -- idem
    from solutions.models import SearchTerm, Solution, SolutionTranslation  # noqa: PLC0415 -- idem

    with CaptureQueriesContext(connection) as captured:
        _endpoint_call(client, sample)()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        server = " ".join(cursor.fetchone()[0].split()[:2])
    return {
        "database": database,
        "server": server,
        "solutions": Solution.objects.count(),
        "published": Solution.objects.filter(status=SolutionStatus.PUBLISHED).count(),
        "demo": Solution.objects.filter(is_demo=True).count(),
        "providers": Organisation.objects.filter(category=Category.CORPORATION).count(),
        "terms": SearchTerm.objects.count(),
        "statements": len(captured),
        "load_before": _load(),
        "other_languages": Solution.objects.exclude(original_language="en").count()
        + SolutionTranslation.objects.values("solution").distinct().count(),
    }


def _queries() -> list[Query]:
    from django.db.models import Count  # noqa: PLC0415 -- Django is configured first

    from accounts.models import Organisation  # noqa: PLC0415 -- idem

    largest = (
        Organisation.objects.filter(source="demo").annotate(n=Count("solutions")).order_by("-n", "id").first()
    )
    queries = []
    for text, filters in KEYWORD_QUERIES:
        resolved = {k: (largest.pk if v == PROVIDER and largest else v) for k, v in filters.items()}
        queries.append(Query(kind="keyword", text=text, filters=resolved))
    queries += [Query(kind="natural language", text=text, filters={}) for text in NATURAL_QUERIES]
    queries += [
        Query(kind=kind, text=text, filters={}, language=language)
        for text, language, kind in OTHER_LANGUAGE_QUERIES
    ]
    return queries


def main() -> None:
    args = _parse_args()
    database = _database_name(args.database_url)
    _ensure_database(args.database_url, database)
    _configure_django(args.database_url)
    _prepare_catalogue(args.solutions, args.seed)

    from django.test import Client  # noqa: PLC0415 -- Django is configured first

    client = Client()
    queries = _queries()
    endpoint_calls = [_endpoint_call(client, query) for query in queries]
    peer_calls = [_peer_call(query) for query in queries]
    facts = _facts(database, client, queries[0])

    print("Warm-up round...")
    for query, endpoint, peer in zip(queries, endpoint_calls, peer_calls, strict=True):
        query.endpoint_count = endpoint()
        query.peer_count = peer()
    for round_number in range(1, args.rounds + 1):
        print(f"Endpoint round {round_number}/{args.rounds}...")
        for query, endpoint in zip(queries, endpoint_calls, strict=True):
            query.endpoint_ms.append(_timed(endpoint)[0])
    for round_number in range(1, args.peer_rounds + 1):
        print(f"ILIKE peer round {round_number}/{args.peer_rounds}...")
        for query, peer in zip(queries, peer_calls, strict=True):
            query.peer_ms.append(_timed(peer)[0])
    _report(queries, facts, args)


if __name__ == "__main__":
    main()
