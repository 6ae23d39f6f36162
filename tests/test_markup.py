"""Markdown to safe HTML (pages) and to plain text (calendars, mails)."""

from __future__ import annotations

import pytest

from hubsite.markup import markdown_to_html, markdown_to_text

XSS_PAYLOADS = [
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
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_html_keeps_no_script_handler_or_dangerous_link(payload):
    html = str(markdown_to_html(f"Welkom! {payload}")).lower()

    for forbidden in ("<script", "onerror", "onload", "onclick", "onmouseover", "javascript:",
                      "data:", "<img", "<svg", "<iframe", "<form", "<input", "style="):
        assert forbidden not in html
    assert "welkom!" in html


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
