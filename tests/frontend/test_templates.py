"""Every template keeps CSS and JavaScript in static files, so a strict Content-Security-Policy can be
switched on: no <style> blocks, no style="" attributes, no inline event handlers, and every <script>
loads a file (data for scripts travels in data-* attributes or `json_script`, which is JSON, not code)."""

import re
from pathlib import Path

import pytest

import frontend

pytestmark = [pytest.mark.unit]

ROOT = Path(frontend.__file__).parent / "templates"
TEMPLATES = sorted(ROOT.rglob("*.html"))
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
INLINE_CSS_OR_JS = {
    "a <style> block": re.compile(r"<style\b", re.IGNORECASE),
    "a style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "an inline event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def inline_code_in(text: str) -> list[str]:
    found = [what for what, pattern in INLINE_CSS_OR_JS.items() if pattern.search(text)]
    found += [f"an inline script {tag}" for tag in SCRIPT_TAG.findall(text) if not re.search(r"\ssrc=", tag)]
    return found


def test_templates_are_found():
    assert len(TEMPLATES) > 40


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_template_has_no_inline_css_or_javascript(template):
    assert inline_code_in(template.read_text(encoding="utf-8")) == []


def test_the_scan_finds_inline_code_and_allows_script_files():
    page = (
        '<style>p{}</style><p style="x" onclick="f()"><script>f()</script><script src="/a.js" defer></script>'
    )

    found = inline_code_in(page)

    assert found == [
        "a <style> block",
        "a style attribute",
        "an inline event handler",
        "an inline script <script>",
    ]
