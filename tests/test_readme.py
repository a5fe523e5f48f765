"""The README's commands exist as written: every `manage.py <command>` it names is a registered
command, every `bench/<script>.py` is in the repository, and `make install` writes the development
`.env` that lets those commands run without extra variables."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

pytestmark = [pytest.mark.unit, pytest.mark.portable]

ROOT = Path(settings.BASE_DIR)
README = (ROOT / "README.md").read_text()


def test_every_manage_py_command_in_the_readme_is_registered():
    named = set(re.findall(r"manage\.py (\w+)", README))

    assert named - set(get_commands()) == set()
    assert {"createsuperuser", "evaluate_ranking", "import_members"} <= named


def test_every_benchmark_in_the_readme_exists():
    scripts = set(re.findall(r"(bench/\w+\.py)", README))

    assert sorted(s for s in scripts if not (ROOT / s).is_file()) == []


def test_make_install_writes_a_development_env_file():
    makefile = (ROOT / "Makefile").read_text()

    assert "install: $(VENV)/.installed .env" in makefile
    assert "DJANGO_DEBUG=true" in makefile.split("\n.env:", 1)[1].split("\n\n", 1)[0]
