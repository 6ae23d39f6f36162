"""URL helpers."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, url_for


def safe_next_url(target: str | None, default_endpoint: str = "pages.home") -> str:
    """`target` when it is a path on this site, else the default page.

    Only relative paths pass, so a crafted `next` cannot send people elsewhere.
    """
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
        ):
            return target
    return url_for(default_endpoint)


def site_path(endpoint: str, **values) -> str:
    """The path of an endpoint, also outside a request (a command, a signal, a mail)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def absolute_url(endpoint: str, **values) -> str:
    """An absolute URL on `BASE_URL`, for mail and calendar feeds."""
    return current_app.config["BASE_URL"].rstrip("/") + site_path(endpoint, **values)
