#!/usr/bin/env python3
"""Fail naming every message of ours that a language does not have yet (issue 18), so a new string
cannot ship untranslated: for each of the interface's languages besides English (common/languages.py)
and both catalogs (django.po, djangojs.po), every entry that is

- untranslated (an empty msgstr, or an empty plural form),
- fuzzy (makemessages guessed it from a similar message; a person has not checked it), or
- written with other placeholders than its msgid (`%(name)s`, `%s`, `{name}`): the translation would
  crash or show the wrong value at run time.

    python scripts/check_translations.py            # every language, both catalogs
    python scripts/check_translations.py ko es      # some languages

Exit status 0 when everything is translated, 1 otherwise (`make check-translations`).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common.languages import CODES, DEFAULT  # noqa: E402 -- after the repository is on the path

DOMAINS = ("django", "djangojs")
# Python's %-format (named or positional, with flags and width) and str.format's {name}; "%%" is a
# literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]|\{[^{}\s]*\}"
)


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def _short(text: str, width: int = 70) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= width else text[: width - 1] + "…"


def problems_in(entry: polib.POEntry) -> Iterator[str]:
    """What is wrong with one entry of a catalog, if anything."""
    if entry.fuzzy:
        yield "fuzzy"
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
        if not forms or any(not form.strip() for form in forms):
            yield "untranslated"
            return
        # A plural form may leave out the number ("one file"), never bring a placeholder of its own.
        allowed = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
        for form in forms:
            extra = placeholders(form) - allowed
            if extra:
                yield f"placeholders differ: {sorted(extra)} are not in the msgid"
                return
        return
    if not entry.msgstr.strip():
        yield "untranslated"
        return
    expected, found = placeholders(entry.msgid), placeholders(entry.msgstr)
    if expected != found:
        yield (
            f"placeholders differ: msgid has {sorted(expected.elements())}, msgstr {sorted(found.elements())}"
        )


def check(languages: list[str], root: Path = ROOT) -> list[str]:
    """One line per problem, naming the file, the line and the message."""
    report: list[str] = []
    present = {
        domain: any((root / "locale" / code / "LC_MESSAGES" / f"{domain}.po").exists() for code in languages)
        for domain in DOMAINS
    }
    for code in languages:
        for domain in DOMAINS:
            path = root / "locale" / code / "LC_MESSAGES" / f"{domain}.po"
            relative = path.relative_to(root)
            if not path.exists():
                # djangojs.po exists once a script has a string to translate; then every language needs it.
                if present[domain] or domain == "django":
                    report.append(f"{relative}: missing (run `make messages`, then translate it)")
                continue
            report.extend(
                f"{relative}:{entry.linenum}: {problem}: {_short(entry.msgid)!r}"
                for entry in polib.pofile(str(path))
                if not entry.obsolete
                for problem in problems_in(entry)
            )
    return report


def main(argv: list[str]) -> int:
    languages = argv or [code for code in CODES if code != DEFAULT]
    unknown = sorted(set(languages) - set(CODES))
    if unknown:
        print(f"Not one of the interface's languages: {', '.join(unknown)}", file=sys.stderr)
        return 2
    report = check(languages)
    for line in report:
        print(line)
    if report:
        print(f"\n{len(report)} messages to translate or fix in {', '.join(languages)}.", file=sys.stderr)
        return 1
    print(f"Every message is translated in {', '.join(languages)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
