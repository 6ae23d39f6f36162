"""Markdown to safe HTML (pages) and to plain text (calendars, mails)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from hubsite.markup import ALLOWED_TAGS, markdown_to_html, markdown_to_text

# Everything someone could type to make a page run script, open a dialog, send the reader
# elsewhere or run a formula in a spreadsheet. Other tests put these into every field they
# show; a payload that runs sets `window.__xss` or opens a dialog (tests/browser/test_xss.py).
XSS_PAYLOADS = [
    # Plain tags and event handlers.
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">klik</a>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">tekst</p>',
    "<iframe src=https://example.org></iframe>",
    '<a href="https://example.org" onmouseover="alert(1)">klik</a>',
    "<form action=https://example.org><input name=x></form>",
    "<body onload=window.__xss=1>",
    "<details open ontoggle=window.__xss=1>",
    "<input autofocus onfocus=window.__xss=1>",
    "<video><source onerror=window.__xss=1></video>",
    "<object data=javascript:window.__xss=1></object>",
    "<embed src=javascript:window.__xss=1>",
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    "<style>main{display:none}</style>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    # Breaking out of an attribute, a textarea, the title.
    '"><script>window.__xss=1</script>',
    "'><img src=x onerror=window.__xss=1>",
    '" onmouseover="window.__xss=1" x="',
    "' autofocus onfocus='window.__xss=1' x='",
    '" autofocus onfocus=alert(1) x="',
    "</textarea><script>window.__xss=1</script>",
    "</title><script>window.__xss=1</script>",
    "</script><script>window.__xss=1</script>",
    # javascript: links, encoded with entities, tabs and spaces.
    '<a href="&#106;avascript:alert(1)">klik</a>',
    '<a href="&#x6A;avascript&#x3A;window.__xss=1">klik</a>',
    '<a href="jav&#x09;ascript:alert(1)">klik</a>',
    '<a href=" javascript:alert(1)">klik</a>',
    '<a href="data:text/html,<script>alert(1)</script>">klik</a>',
    # Markdown links and images that try the same.
    "[klik](&#106;avascript:alert(1))",
    "[klik](javascript&#58;alert(1))",
    "[klik]( javascript:alert(1))",
    "[klik](<javascript:alert(1)>)",
    "![plaatje](javascript:alert(1))",
    '![x](x" onerror="window.__xss=1)',
    '[klik](https://example.org "t\\" onmouseover=\\"window.__xss=1")',
    "[klik][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[![x](x)](javascript:alert(1))",
    # SVG and MathML.
    "<svg><script>window.__xss=1</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">klik</text></a></svg>',
    "<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    '<math href="javascript:alert(1)">klik</math>',
    # Sending the page (or its forms and links) elsewhere.
    '<base href="https://evil.example/">',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    # htmx: its attributes would run with the site's own (allowed) script.
    '<div hx-get="/uitloggen" hx-trigger="load">x</div>',
    '<img src=x hx-on::load="window.__xss=1">',
    '<a data-hx-post="/boards/nieuw" hx-trigger="mouseover">klik</a>',
    # Parser confusion.
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
    '<!--<img src="--><img src=x onerror=window.__xss=1//">',
    "<template><script>window.__xss=1</script></template>",
    # Unicode tricks.
    "<\u017fcript>window.__xss=1</\u017fcript>",
    "\uff1cscript\uff1ewindow.__xss=1\uff1c/script\uff1e",
    "\u202e<script>window.__xss=1</script>",
    "java\u2028script:alert(1)",
    # Template-like text that must stay text.
    "{{7*7}}",
    "{{ config }}{% debug %}",
    "${7*7}#{7*7}",
    "{{constructor.constructor('window.__xss=1')()}}",
    # Spreadsheet formulas (the CSV exports).
    '=HYPERLINK("https://evil.example","klik")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "  =1+1",
    # Values for link fields.
    "javascript:alert(1)",
    'https://example.org/"><script>window.__xss=1</script>',
    "https://example.org/?q=<svg onload=window.__xss=1>",
]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.elements.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_html_keeps_no_script_handler_or_dangerous_link(payload):
    """Only the allowed tags survive, with no handler, style or htmx attribute, and links
    only to http(s) and mail (a payload shown as text is fine)."""
    html = str(markdown_to_html(f"Welkom! {payload}"))
    parser = _Elements()
    parser.feed(html)

    for tag, attrs in parser.elements:
        assert tag in ALLOWED_TAGS, tag
        assert set(attrs) <= {"href", "title", "rel"}, (tag, attrs)
        if "href" in attrs:
            assert re.match(r"(https?:|mailto:)", attrs["href"] or ""), attrs["href"]
    assert "<script" not in html.lower() and "Welkom!" in html


def test_html_keeps_the_markup_a_host_writes():
    html = str(markdown_to_html("**Vet** en *schuin*\n\n- een\n- twee\n\n> citaat"))

    assert "<strong>Vet</strong>" in html and "<em>schuin</em>" in html
    assert "<li>een</li>" in html and "<blockquote>" in html


def test_html_links_are_kept_with_a_rel_that_protects_the_reader():
    html = str(markdown_to_html("[Aanmelden](https://example.org/a) of [mail](mailto:a@b.nl)"))

    assert '<a href="https://example.org/a" rel="noopener noreferrer nofollow">Aanmelden</a>' in html
    assert 'href="mailto:a@b.nl"' in html


def test_empty_text_is_empty_html():
    assert markdown_to_html("") == "" and markdown_to_html(None) == ""


def test_plain_text_has_no_markup_and_keeps_list_items_and_link_targets():
    source = "Een **vette** tekst met [een link](https://example.nl).\n\n- een\n- twee"

    assert markdown_to_text(source) == (
        "Een vette tekst met een link (https://example.nl).\n\n- een\n- twee")


def test_plain_text_writes_out_mail_addresses_and_drops_unsafe_links():
    text = markdown_to_text("[Mail ons](mailto:hub@example.nl) of [niet](javascript:alert(1))")

    assert text == "Mail ons (hub@example.nl) of niet"


def test_plain_text_drops_raw_html_tags_and_scripts_but_keeps_the_words():
    text = markdown_to_text("Hallo <b>daar</b><script>alert(1)</script>\n\n## Kop\n\nTekst")

    assert text == "Hallo daar\n\nKop\n\nTekst"


def test_the_markdown_filter_renders_safe_html_in_templates(app):
    template = app.jinja_env.from_string("{{ text|markdown }}")

    assert template.render(text="**Vet** <script>x</script>") == "<p><strong>Vet</strong> </p>"
