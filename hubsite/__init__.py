"""hubsite: the web site of the "Ruimte voor ondernemendheid" hubs.

`create_app` binds the extensions, registers one blueprint per capability and the
commands; the layering is described in the README ("Architecture").
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from hubsite import (
    cli,
    config,
    data_version,
    errors,
    extensions,
    i18n,
    inputs,
    mail,
    markup,
    models,  # noqa: F401  (registers every model on the metadata)
    page_cache,
    security,
    static_files,
    templating,
)
from hubsite.accounts.views import bp as accounts_bp
from hubsite.accounts.views import init_login
from hubsite.admin.views import bp as admin_bp
from hubsite.agenda.views import bp as agenda_bp
from hubsite.bookings.views import bp as bookings_bp
from hubsite.collaboration.views import bp as collaboration_bp
from hubsite.feeds.views import bp as feeds_bp
from hubsite.hubs.dashboard import bp as dashboard_bp
from hubsite.hubs.views import bp as hubs_bp
from hubsite.media.views import bp as media_bp
from hubsite.onsite.views import bp as onsite_bp
from hubsite.organisations.views import bp as organisations_bp
from hubsite.pages.views import bp as pages_bp
from hubsite.partners.views import bp as partners_bp
from hubsite.pinboard.views import bp as pinboard_bp
from hubsite.projects.archive import bp as projects_archive_bp
from hubsite.projects.views import bp as projects_bp
from hubsite.questions.views import bp as questions_bp

ROOT = Path(__file__).resolve().parent.parent
BLUEPRINTS = (pages_bp, accounts_bp, admin_bp, hubs_bp, organisations_bp, feeds_bp, agenda_bp,
              bookings_bp, media_bp, dashboard_bp, pinboard_bp, partners_bp, projects_bp,
              projects_archive_bp, questions_bp, collaboration_bp, onsite_bp)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints and commands."""
    app = Flask(
        __name__,
        instance_path=config.instance_path(ROOT),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(config.load(app.instance_path))
    if test_config:
        app.config.update(test_config)

    extensions.db.init_app(app)
    data_version.init_app()
    extensions.migrate.init_app(app, extensions.db, directory=str(ROOT / "migrations"))
    extensions.htmx.init_app(app)
    extensions.csrf.init_app(app)
    page_cache.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    inputs.init_app(app)
    mail.init_app(app)
    _init_limiter(app)

    init_login(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)

    templating.init_app(app)
    static_files.init_app(app)
    markup.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    return app


def _init_limiter(app: Flask) -> None:
    if app.config["HUBSITE_ENV"] == "production" and not app.config["REDIS_URL"]:
        app.logger.warning("REDIS_URL is not set: rate limits are counted per worker process.")
    extensions.limiter.init_app(app)
