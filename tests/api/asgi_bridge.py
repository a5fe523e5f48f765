"""The project's ASGI application (config.asgi) called from the test's own thread, behind a WSGI face,
so that schemathesis sends its requests (and the extra ones its checks send) through its in-process
WSGI transport straight into the ASGI application, as daphne would.

Why not schemathesis's ASGI transport: it runs the application on an event loop in another thread, so
the views (which Django runs in a worker thread) use a database connection of their own that sees only
committed data; every test would then need a transactional database (a flush per operation and role).
Here the application runs under `async_to_sync` from the test's thread, and asgiref runs Django's
thread-sensitive code (the views, the ORM) back on that thread: requests see the test's transaction,
which pytest-django rolls back after each test, as with Django's own AsyncClient.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from asgiref.sync import async_to_sync
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

# Headers the WSGI environ keeps without the HTTP_ prefix.
_UNPREFIXED = {"CONTENT_TYPE": b"content-type", "CONTENT_LENGTH": b"content-length"}


class SameThreadAsgi:
    """A WSGI application that answers each request by calling the ASGI `app` in this thread."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers = [(b"host", environ.get("HTTP_HOST", "testserver").encode("latin-1"))]
        for key, value in environ.items():
            if key in _UNPREFIXED and value:
                headers.append((_UNPREFIXED[key], str(value).encode("latin-1")))
            elif key.startswith("HTTP_") and key != "HTTP_HOST":
                headers.append((key[5:].replace("_", "-").lower().encode("latin-1"), value.encode("latin-1")))
        # WSGI gives the path decoded as latin-1 bytes; ASGI wants text (UTF-8) and the raw bytes.
        raw_path = environ.get("PATH_INFO", "/").encode("latin-1")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": environ["REQUEST_METHOD"],
            "scheme": "http",
            "path": raw_path.decode("utf-8", errors="replace"),
            "raw_path": raw_path,
            "root_path": "",
            "query_string": environ.get("QUERY_STRING", "").encode("latin-1"),
            "headers": headers,
            "client": ["127.0.0.1", 50000],
            "server": ["testserver", 80],
        }
        status, response_headers, chunks = self._call(scope, body)
        start_response(
            f"{status} {HTTPStatus(status).phrase}",
            [(name.decode("latin-1"), value.decode("latin-1")) for name, value in response_headers],
        )
        return [b"".join(chunks)]

    def _call(self, scope: dict[str, Any], body: bytes) -> tuple[int, list[tuple[bytes, bytes]], list[bytes]]:
        started: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def call() -> None:
            done = asyncio.Event()
            body_sent = False

            async def receive() -> dict[str, Any]:
                nonlocal body_sent
                if not body_sent:
                    body_sent = True
                    return {"type": "http.request", "body": body, "more_body": False}
                # A client that stays until the answer is complete: Django listens for a disconnect
                # while the view runs and abandons the request on one.
                await done.wait()
                return {"type": "http.disconnect"}

            async def send(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    started["status"] = message["status"]
                    started["headers"] = list(message.get("headers", []))
                elif message["type"] == "http.response.body":
                    chunks.append(message.get("body", b""))
                    if not message.get("more_body", False):
                        done.set()

            await self.app(scope, receive, send)

        # As Django's test clients do: the test's connection, inside its transaction, must survive the
        # request (close_old_connections closes a connection whose autocommit is off).
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            async_to_sync(call)()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return started["status"], started["headers"], chunks
