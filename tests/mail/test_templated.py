"""A templated mail is compiled once per process, not once per message."""

from __future__ import annotations

from types import SimpleNamespace

from jinja2 import ChoiceLoader, DictLoader

from hubsite.extensions import db
from hubsite.mail.services import queue_templated_mail


def _compiles(app, monkeypatch) -> list[str]:
    compiled: list[str] = []
    compile_source = app.jinja_env.compile

    def compile_and_note(source, *args, **kwargs):
        compiled.append(source)
        return compile_source(source, *args, **kwargs)

    monkeypatch.setattr(app.jinja_env, "compile", compile_and_note)
    return compiled


def _reset_mail(name: str, locale: str):
    return queue_templated_mail(db.session, f"{name.lower()}@example.nl", "password_reset",
                                locale, user=SimpleNamespace(name=name),
                                reset_url=f"http://hubsite.test/reset/{name}")


def test_the_second_mail_of_a_kind_compiles_no_template(app, monkeypatch):
    first = _reset_mail("Sanne", "nl")
    compiled = _compiles(app, monkeypatch)
    second = _reset_mail("Joris", "en")
    assert compiled == []
    # Each message is still rendered for its own recipient and language.
    assert "Hallo Sanne" in first.body_text and "/reset/Sanne" in first.body_text
    assert "Joris" in second.body_text and "/reset/Joris" in second.body_text
    assert first.subject == "Kies een nieuw wachtwoord" and second.subject != first.subject


def test_a_changed_mail_template_is_compiled_again_where_templates_reload(app, monkeypatch):
    sources = {"mail/greeting.txt": "Hallo\n{{ name }} is er."}
    monkeypatch.setattr(app.jinja_env, "loader",
                        ChoiceLoader([DictLoader(sources), app.jinja_env.loader]))
    monkeypatch.setattr(app.jinja_env, "auto_reload", True)
    assert queue_templated_mail(db.session, "a@example.nl", "greeting", "nl",
                                name="Sanne").body_text == "Sanne is er.\n"
    sources["mail/greeting.txt"] = "Dag\n{{ name }} komt."
    message = queue_templated_mail(db.session, "a@example.nl", "greeting", "nl", name="Joris")
    assert (message.subject, message.body_text) == ("Dag", "Joris komt.\n")
