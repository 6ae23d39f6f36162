"""The browser checks themselves: the CSP really blocks, and axe really reports."""

import pytest

from tests.browser.conftest import assert_no_axe_violations

INJECT_SCRIPT = """() => {
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.body.append(script);
}"""


def test_an_injected_inline_script_is_blocked_and_reported(page, console):
    page.goto("/")

    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(INJECT_SCRIPT)

    assert page.evaluate("() => window.injected") is None
    assert console.csp_violations()
    console.messages.clear()  # this one was on purpose


def test_axe_reports_what_it_finds(page):
    page.goto("/")
    page.evaluate("""() => {
        const image = document.createElement("img");
        image.src = "/static/img/favicon.svg";
        document.querySelector("main").append(image);
    }""")

    with pytest.raises(AssertionError, match=r"- image-alt \(critical\): .*; at \[\"img\"\]"):
        assert_no_axe_violations(page)
