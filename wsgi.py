"""WSGI entry point: `gunicorn wsgi:app`."""

from hubsite import create_app

app = create_app()
