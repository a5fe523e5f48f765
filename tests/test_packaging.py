"""The explicit package list in pyproject.toml names every package of the project; the lock file pins
every dependency, with hashes, inside pyproject.toml's ranges, and is what is installed."""

import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, canonicalize_version

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


def locked_requirements(lock: str = "requirements.lock") -> dict[str, Requirement]:
    """A lock file's pins by normalised name, continuation lines joined, every pin with a hash."""
    text = (BASE_DIR / lock).read_text().replace("\\\n", " ")
    pins: dict[str, Requirement] = {}
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        requirement = Requirement(entry.split(" --hash=")[0].strip())
        pins[canonicalize_name(requirement.name)] = requirement
        assert " --hash=sha256:" in entry, f"{requirement.name} is locked without a hash"
    return pins


def declared_requirements() -> list[Requirement]:
    project = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared += extra
    return [Requirement(spec) for spec in declared]


def test_every_declared_dependency_is_locked_inside_its_range():
    """`make lock` after every change to pyproject.toml: a range the lock does not satisfy (or a new
    dependency missing from it) fails here, not on a fresh machine's `make install`."""
    pins = locked_requirements()
    outside = []
    for requirement in declared_requirements():
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        pin = pins.get(canonicalize_name(requirement.name))
        version = next(iter(pin.specifier)).version if pin else None
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            outside.append(f"{requirement} locked at {version}")

    assert outside == []


def test_the_installed_packages_are_the_locked_ones():
    """The environment the tests run in is the one `make install` builds from the lock."""
    differing = []
    for name, pin in locked_requirements().items():
        if pin.marker is not None and not pin.marker.evaluate():
            continue
        locked = next(iter(pin.specifier)).version
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed is None or canonicalize_version(installed) != canonicalize_version(locked):
            differing.append(f"{name}: locked {locked}, installed {installed}")

    assert differing == []


def test_the_production_image_installs_the_same_versions_as_the_tests():
    """The Dockerfile installs requirements-production.lock: the runtime dependencies only, each at the
    version the tests ran with."""
    everything = locked_requirements()
    production = locked_requirements("requirements-production.lock")
    runtime = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]["dependencies"]

    assert {canonicalize_name(Requirement(spec).name) for spec in runtime} <= production.keys()
    assert {name: str(pin.specifier) for name, pin in production.items()} == {
        name: str(everything[name].specifier) for name in production
    }
