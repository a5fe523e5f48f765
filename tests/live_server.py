"""daphne serving the ASGI app (HTTP and WebSockets) on the test database, for tests that need a
real server: the browser tests and the HTTP concurrency test. Used by their conftest fixtures."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import connection

ASGI_APP = "config.asgi:application"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 120) -> None:
    # Generous: on a shared, loaded machine (load 12 on 2 cores) daphne took over 30 s to start.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"daphne exited early with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"daphne did not listen on port {port} within {timeout}s")


def subprocess_database_url() -> str:
    """The test database as a DATABASE_URL for a subprocess (PostgreSQL only)."""
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError("A live server runs against PostgreSQL; set DATABASE_URL to a postgres:// URL.")
    return "postgres://{}@{}:{}/{}".format(
        db["USER"], db["HOST"] or "127.0.0.1", db["PORT"] or 5432, db["NAME"]
    )


@contextmanager
def live_daphne(
    log: IO[str] | None = None, settings_env: dict[str, str] | None = None, port: int | None = None
) -> Iterator[str]:
    """Start daphne on `port` (a free one by default) with the test settings and database (and
    `settings_env` on top); yield its base URL. Its access log ("WSCONNECT /ws/...") goes to `log`,
    unbuffered."""
    port = port or free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": subprocess_database_url(),
        "PYTHONUNBUFFERED": "1",
        "SMC_TEST_LIVE_SERVER": "true",
        **(settings_env or {}),
    }
    process = subprocess.Popen(  # noqa: S603 -- fixed argument list, no shell
        # As deployed: daphne on uvloop (config/server.py).
        [sys.executable, "-m", "config.server", "-b", "127.0.0.1", "-p", str(port), ASGI_APP],
        env=env,
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
        cwd=Path(settings.BASE_DIR),
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
