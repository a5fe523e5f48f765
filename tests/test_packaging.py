"""The explicit package list in pyproject.toml must name every package of the project."""

import tomllib
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.unit, pytest.mark.portable]

BASE_DIR = Path(settings.BASE_DIR)
NOT_SHIPPED = {"tests", "bench", "docs", "scripts", ".venv"}


def test_every_package_is_listed_in_pyproject():
    listed = set(tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(BASE_DIR).parts)
        for init in BASE_DIR.rglob("__init__.py")
        if init.relative_to(BASE_DIR).parts[0] not in NOT_SHIPPED and "node_modules" not in init.parts
    }

    assert listed == found
