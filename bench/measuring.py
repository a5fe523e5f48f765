"""What several benchmarks share: the percentile they report and the throw-away database they
measure on (recreated for each run, never one a person or the tests use)."""

from __future__ import annotations


def percentile(values: list[float], share: float) -> float:
    """The value at `share` (0..1) of the sorted `values`, the nearest rank rounded."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def recreate_database(database_url: str) -> None:
    """Drop and create the database `database_url` names; refuses the development, test and
    template databases."""
    import psycopg  # noqa: PLC0415 -- only the benchmarks need a raw connection

    name = database_url.rsplit("/", 1)[1]
    if name in {"smc", "smc_dev", "postgres"} or name.startswith(("test", "template")):
        raise SystemExit(f"Refusing to use database {name!r}")
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
