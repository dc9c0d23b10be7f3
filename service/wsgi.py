"""The WSGI app for gunicorn (``attribution.service.wsgi:app``): built, models loaded, at import."""

from attribution.service import create_app

app = create_app()
