"""Dutch is the default; the English translation is complete."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "hubsite" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
METHODS = [("hubsite/**.py", "python"), ("templates/**.html", "jinja2"),
           ("templates/**.txt", "jinja2")]


def _source_messages() -> set[str]:
    found = set()
    for method_map_dir in ("hubsite", "templates"):
        for _filename, _lineno, message, _comments, _context in extract_from_dir(
            ROOT / method_map_dir,
            method_map=[(pattern.split("/", 1)[1], method) for pattern, method in METHODS
                        if pattern.startswith(method_map_dir)],
            keywords=KEYWORDS,
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_interface_text_has_an_english_translation():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue if m.id}
    missing = sorted(text for text in _source_messages() if text not in translated)
    untranslated = sorted(
        key for key, m in translated.items()
        if m.fuzzy or not (m.string if isinstance(m.string, str) else all(m.string))
    )
    assert not missing, f"not in the English catalogue (run make messages): {missing[:20]}"
    assert not untranslated, f"without English text: {untranslated[:20]}"


def test_interface_is_dutch_by_default_and_english_on_request(client, hub):
    dutch = client.get("/hubs/almelo").get_data(as_text=True)
    assert "Langskomen" in dutch
    client.form("/taal", {"taal": "en", "next": "/hubs/almelo"})
    english = client.get("/hubs/almelo").get_data(as_text=True)
    assert '<html lang="en">' in english
    assert "Langskomen" not in english
