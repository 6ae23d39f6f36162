"""Settings read from the environment, with safe defaults for local use."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# The largest picture a person may upload; a request body may be a little larger (the
# rest of the form), and a hub team's editing form larger still (see agenda/views.py).
DEFAULT_MAX_UPLOAD_BYTES = 8 * 1024 * 1024
FORM_ALLOWANCE_BYTES = 1024 * 1024


class ConfigError(RuntimeError):
    """Raised when a production setting is missing."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def instance_path(root: Path) -> str:
    """The folder for the SQLite database, the local secret key and local mail."""
    return os.environ.get("HUBSITE_INSTANCE_PATH") or str(root / "instance")


def database_url(instance_path: str) -> str:
    """The SQLAlchemy URL: `DATABASE_URL`, else SQLite in the instance folder."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "hubsite.sqlite3")
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key(instance_path: str, production: bool) -> str:
    """`SECRET_KEY`, or locally a random key kept in the instance folder.

    Production refuses to start without one: a generated key per worker would
    log everybody out whenever a request lands on another worker.
    """
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    if production:
        raise ConfigError("SECRET_KEY must be set when HUBSITE_ENV=production")
    key_file = Path(instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load(instance_path: str) -> dict:
    """All settings as a mapping for `app.config`."""
    production = os.environ.get("HUBSITE_ENV", "development") == "production"
    base_url = os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    max_upload = int(os.environ.get("MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))
    return {
        "HUBSITE_ENV": "production" if production else "development",
        "SECRET_KEY": secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BASE_URL": base_url,
        "PREFERRED_URL_SCHEME": "https" if base_url.startswith("https") else "http",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(os.environ.get("SESSION_COOKIE_SECURE"), production),
        "REMEMBER_COOKIE_SECURE": _bool(os.environ.get("SESSION_COOKIE_SECURE"), production),
        "REMEMBER_COOKIE_NAME": "remember_token",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "MAX_UPLOAD_BYTES": max_upload,
        "MAX_CONTENT_LENGTH": max_upload + FORM_ALLOWANCE_BYTES,
        # A hub team's editing form may be oversized: its fields then say what is too long,
        # instead of the whole form (and what was typed) being refused. Checked after the role.
        "MAX_TEAM_FORM_BYTES": 3 * max_upload,
        # The largest document (PDF, office file) a hub team attaches to a project.
        "MAX_DOCUMENT_BYTES": int(os.environ.get("MAX_DOCUMENT_BYTES", max_upload)),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "LANGUAGES": ("nl", "en"),
        # Mail: "file" writes .eml files to MAIL_FILE_DIR so a person can read them;
        # "smtp" talks to MAIL_SERVER.
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "smtp" if production else "file"),
        "MAIL_FILE_DIR": os.environ.get("MAIL_FILE_DIR", str(Path(instance_path) / "mail")),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "127.0.0.1"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", 25)),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool(os.environ.get("MAIL_USE_TLS")),
        "MAIL_FROM": os.environ.get(
            "MAIL_FROM", "Ruimte voor ondernemendheid <noreply@ruimtevoorondernemendheid.nl>"
        ),
        # 12 attempts span about 52 hours (hubsite.mail.services.RETRY_DELAYS).
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", 12)),
        # Seconds to wait for the SMTP server before an attempt counts as failed.
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", 10)),
        # Hand a request's mail to a background sender right after it commits (the
        # request never waits for it); `flask send-mail --loop` retries what failed.
        "MAIL_SEND_AFTER_REQUEST": _bool(os.environ.get("MAIL_SEND_AFTER_REQUEST"), True),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        # Pages for visitors who are not logged in (`hubsite.page_cache`): kept per data
        # version; a reverse proxy may keep them PAGE_CACHE_SECONDS; a kept page lives at
        # most PAGE_TIME_BUCKET seconds (what is "upcoming" moves on by itself).
        "PAGE_CACHE": _bool(os.environ.get("PAGE_CACHE"), True),
        "PAGE_CACHE_SECONDS": int(os.environ.get("PAGE_CACHE_SECONDS", 60)),
        "PAGE_TIME_BUCKET": int(os.environ.get("PAGE_TIME_BUCKET", 300)),
        # Names this site's keys in a Redis that other sites (or test runs) share.
        "CACHE_NAMESPACE": os.environ.get("CACHE_NAMESPACE", ""),
        # How many reverse proxies (nginx, a load balancer) stand in front of the app.
        # Only their X-Forwarded-For/-Proto/-Host headers are believed; with 0 (the
        # default) none are, so a visitor cannot fake an address to dodge rate limits.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", 0)),
        "RATELIMIT_ENABLED": _bool(os.environ.get("RATELIMIT_ENABLED"), True),
        # Redis shares the counters between workers and machines; memory is fine locally.
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL", "") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Failed log-ins: per address and e-mail together, per address, per e-mail.
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per 5 minutes"),
        "LOGIN_ADDRESS_RATE_LIMIT": os.environ.get("LOGIN_ADDRESS_RATE_LIMIT",
                                                   "30 per 5 minutes"),
        "LOGIN_EMAIL_RATE_LIMIT": os.environ.get("LOGIN_EMAIL_RATE_LIMIT", "50 per 15 minutes"),
        "INVITATION_DAYS": int(os.environ.get("INVITATION_DAYS", 14)),
        "PASSWORD_RESET_SECONDS": int(os.environ.get("PASSWORD_RESET_SECONDS", 3600)),
        # How long the link that confirms a new account's address works (3 days).
        "EMAIL_CONFIRM_SECONDS": int(os.environ.get("EMAIL_CONFIRM_SECONDS", 3 * 24 * 3600)),
        # Bookings: guests' names and addresses are anonymised this many days after the
        # date (`flask purge-personal-data`); booking attempts per address and per e-mail;
        # a guest form sent sooner than this after it was shown is taken for a bot.
        "PERSONAL_DATA_DAYS": int(os.environ.get("PERSONAL_DATA_DAYS", 30)),
        "BOOKING_RATE_LIMIT": os.environ.get("BOOKING_RATE_LIMIT", "20 per 10 minutes"),
        "BOOKING_EMAIL_RATE_LIMIT": os.environ.get("BOOKING_EMAIL_RATE_LIMIT",
                                                   "5 per 10 minutes"),
        "BOOKING_MIN_FORM_SECONDS": float(os.environ.get("BOOKING_MIN_FORM_SECONDS", 2)),
        # Pinboard: posts and comments per address, and per account or browser; a visitor's
        # form sent sooner than this after it was shown is taken for a bot.
        "PINBOARD_RATE_LIMIT": os.environ.get("PINBOARD_RATE_LIMIT", "20 per 10 minutes"),
        "PINBOARD_AUTHOR_RATE_LIMIT": os.environ.get("PINBOARD_AUTHOR_RATE_LIMIT",
                                                     "10 per 10 minutes"),
        "PINBOARD_MIN_FORM_SECONDS": float(os.environ.get("PINBOARD_MIN_FORM_SECONDS", 2)),
        # How often an open board asks whether anything changed (seconds; one key read
        # in Redis per ask, none while the tab is hidden).
        "PINBOARD_LIVE_SECONDS": float(os.environ.get("PINBOARD_LIVE_SECONDS", 2)),
        # How often the hub screen by the door asks whether anything changed (seconds; one
        # key read in Redis per ask); it also renders anew when a date starts or ends.
        "SCREEN_CHECK_SECONDS": float(os.environ.get("SCREEN_CHECK_SECONDS", 15)),
        # Following a post by e-mail: the confirmation link works this many days (then
        # `flask purge-personal-data` forgets the address); follow requests per address
        # are limited by PINBOARD_RATE_LIMIT, and per e-mail address by this.
        "PINBOARD_FOLLOW_CONFIRM_DAYS": int(os.environ.get("PINBOARD_FOLLOW_CONFIRM_DAYS", 3)),
        "PINBOARD_FOLLOW_EMAIL_RATE_LIMIT": os.environ.get("PINBOARD_FOLLOW_EMAIL_RATE_LIMIT",
                                                           "5 per hour"),
        # Questions from outside ("Leg een vraag neer"): questions and replies per address,
        # and questions per e-mail; a form sent sooner than this after it was shown is taken
        # for a bot; the largest document (PDF, office file) an asker may attach.
        "QUESTION_RATE_LIMIT": os.environ.get("QUESTION_RATE_LIMIT", "10 per 10 minutes"),
        "QUESTION_EMAIL_RATE_LIMIT": os.environ.get("QUESTION_EMAIL_RATE_LIMIT",
                                                    "3 per 10 minutes"),
        "QUESTION_MIN_FORM_SECONDS": float(os.environ.get("QUESTION_MIN_FORM_SECONDS", 3)),
        "QUESTION_DOCUMENT_BYTES": int(os.environ.get("QUESTION_DOCUMENT_BYTES",
                                                      5 * 1024 * 1024)),
        # Keeping partners involved: an organisation without a contact-log entry in this many
        # months is listed as quiet (/partners/betrekken, ?maanden= overrides it); requests
        # for the monthly digest per address.
        "PARTNERS_STALE_MONTHS": int(os.environ.get("PARTNERS_STALE_MONTHS", 6)),
        "DIGEST_RATE_LIMIT": os.environ.get("DIGEST_RATE_LIMIT", "10 per 10 minutes"),
        # Calendar feeds: dates from this many days back; cancelled activities, dates and
        # bookings stay in (as STATUS:CANCELLED) this many days; Cache-Control max-age
        # (seconds) and the refresh hint written into every feed (minutes).
        "FEED_PAST_DAYS": int(os.environ.get("FEED_PAST_DAYS", 90)),
        "FEED_CANCELLED_DAYS": int(os.environ.get("FEED_CANCELLED_DAYS", 30)),
        "FEED_MAX_AGE": int(os.environ.get("FEED_MAX_AGE", 600)),
        "FEED_REFRESH_MINUTES": int(os.environ.get("FEED_REFRESH_MINUTES", 60)),
    }
