"""hubsite.rendering: one template for page and fragment, and `refuse` for refusals."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from hubsite import ROOT
from hubsite.rendering import htmx_redirect, refuse

CAPABILITIES = ("accounts", "hubs", "agenda", "feeds", "bookings", "organisations", "admin")


def test_a_refusal_of_an_htmx_fragment_request_is_a_message_for_the_message_region(app):
    with app.test_request_context("/x", method="POST", headers={"HX-Request": "true"}):
        response = refuse("Deze datum is vol.", status=409)

    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == "#messages"
    assert response.headers["HX-Reswap"] == "innerHTML"
    assert "HX-Request" in response.headers["Vary"]
    body = response.get_data(as_text=True)
    assert "Deze datum is vol." in body and "<html" not in body


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true", "HX-Boosted": "true"}])
def test_a_refusal_of_a_page_request_is_the_error_page(app, headers):
    with app.test_request_context("/x", method="POST", headers=headers):
        response = refuse("Deze datum is vol.", status=409, title="Vol")

    assert response.status_code == 409
    assert "HX-Retarget" not in response.headers
    body = response.get_data(as_text=True)
    assert "<html" in body and "<h1>Vol</h1>" in body and "Deze datum is vol." in body


def test_a_message_is_escaped(app):
    with app.test_request_context("/x", headers={"HX-Request": "true"}):
        body = refuse("<script>alert(1)</script>").get_data(as_text=True)

    assert "<script>" not in body and "&lt;script&gt;" in body


def test_htmx_redirect_sends_htmx_to_a_whole_page(app):
    with app.test_request_context("/x"):
        response = htmx_redirect("/inloggen?next=/account", status=401)

    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/inloggen?next=/account"


@pytest.mark.parametrize("module", ["rendering.py", "errors.py"])
def test_the_error_path_imports_no_capability(module):
    tree = ast.parse(Path(ROOT, "hubsite", module).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
    assert not {name for name in imported
                if name and name.startswith(tuple(f"hubsite.{c}" for c in CAPABILITIES))}
