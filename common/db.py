"""Database connections on threads that Django's request cycle does not look after.

Django checks and closes a thread's connections at the start and end of each request, but only on
the thread that runs the request. Work done on any other thread (under ASGI, Django renders the
page for an exception raised by a view on a pooled worker thread of its own) keeps its connection
for the life of that thread: once PostgreSQL drops it, every later use on that thread fails.
"""

from __future__ import annotations

from django.db import connections


def close_connections_outside_transactions() -> None:
    """Close this thread's database connections, except one inside a transaction (its owner, a
    caller up the stack or a test case, still needs it). The next query opens a fresh one, or takes
    one from the pool, which checks it first."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()
