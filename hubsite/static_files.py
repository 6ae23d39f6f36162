"""Static files under content-hashed names, kept by browsers and proxies for a year.

`url_for('static', filename='css/site.css')` gives `/static/css/site.3f2a9c1b7d0e.css`:
the name holds the first 12 hex digits of the file's SHA-256, so a changed file gets a
new name and an unchanged one can be cached forever (`Cache-Control: public,
max-age=31536000, immutable`). A hashed name is served from the plain file; a name
whose hash is not the file's (a page from before a deploy) still gets the file, without
the year-long promise. In production the reverse proxy serves these files itself (see
the README's nginx configuration), with the same headers.

This module imports no capability.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import Flask, Response

HASHED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<suffix>\.[A-Za-z0-9]+)$")
IMMUTABLE = "public, max-age=31536000, immutable"


class StaticHashes:
    """The content hash of each static file, read once per change of its mtime."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)
        self._known: dict[str, tuple[float, str]] = {}

    def digest(self, filename: str) -> str | None:
        path = self.folder / filename
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return None
        known = self._known.get(filename)
        if known is None or known[0] != mtime:
            known = (mtime, hashlib.sha256(path.read_bytes()).hexdigest()[:12])
            self._known[filename] = known
        return known[1]

    def hashed_name(self, filename: str) -> str:
        digest = self.digest(filename)
        if digest is None:
            return filename
        stem, dot, suffix = filename.rpartition(".")
        return f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else filename


def init_app(app: Flask) -> None:
    if not app.config.get("STATIC_HASHED_NAMES", True) or app.static_folder is None:
        return
    hashes = StaticHashes(app.static_folder)
    app.extensions["static.hashes"] = hashes

    @app.url_defaults
    def _hashed_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = hashes.hashed_name(values["filename"])

    plain_send = app.send_static_file

    def send_static_file(filename: str) -> Response:
        match = HASHED.match(filename)
        if match:
            original = match["stem"] + match["suffix"]
            if hashes.digest(original) is not None:
                response = plain_send(original)
                if hashes.digest(original) == match["digest"]:
                    response.headers["Cache-Control"] = IMMUTABLE
                return response
        return plain_send(filename)

    app.send_static_file = send_static_file  # type: ignore[method-assign]
