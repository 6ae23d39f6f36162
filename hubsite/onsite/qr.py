"""QR codes as inline SVG (segno): sharp at any size, on screen and on paper."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(data: str, label: str, css_class: str = "qr") -> Markup:
    """An inline SVG QR code of `data`, scaled by CSS (no fixed size), with a text
    alternative for screen readers. Error correction "M" survives a smudged print."""
    code = segno.make(data, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=2, dark="#000", light="#fff", omitsize=True,
                          svgclass=css_class)
    # role and label on the SVG itself: a picture with a name, not an empty drawing.
    svg = svg.replace(
        "<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" shape-rendering="crispEdges" ', 1)
    return Markup(svg)
