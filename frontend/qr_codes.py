"""QR codes drawn on the server as inline SVG (segno: pure Python, no image library), so a page and
its printed copy carry the code without an image request or a script."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe

# Error correction M (15% of the code may be damaged): a printed agenda gets folded and creased.
ERROR_CORRECTION = "m"


def qr_code_svg(text: str, *, title: str) -> SafeString:
    """`text` as a QR code: an `<svg role="img">` named `title`, white quiet zone of four modules
    included, scaled by CSS (no width or height of its own)."""
    code = segno.make(text, error=ERROR_CORRECTION)
    svg = code.svg_inline(omitsize=True, svgclass="qr-code", lineclass=None, title=title, light="#fff")
    # segno escapes the title and writes only its own markup, so the SVG is safe to put in a page.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 -- segno's output, escaped
