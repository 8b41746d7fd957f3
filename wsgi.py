"""WSGI entry point: ``gunicorn wsgi:app``."""

from leadcapture import create_app

app = create_app()
