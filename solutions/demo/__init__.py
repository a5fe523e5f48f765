"""A demo catalogue: realistic smart-city solutions and their (fictitious) providers. Pure: no ORM.

Used by `manage.py generate_demo_catalogue` and the search benchmark (`bench/search.py`) to fill
the catalogue with tens of thousands of rows whose text behaves like a real catalogue's: English
titles, summaries and 40-150-word descriptions composed from sentence templates and per-sector
vocabularies. Every vocabulary list is ordered from common to rare and sampled with Zipf weights,
and product names are coined from syllables, so a few words are very common and many are rare —
the shape full-text search statistics (`SearchTerm`) see in practice.

Deterministic: row `index` of seed `seed` is always the same, whatever else is generated, because
each row draws from its own `random.Random` seeded by (seed, index). Provider names depend on the
index only, so runs with different seeds or offsets never produce the same name twice.
"""
