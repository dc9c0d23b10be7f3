"""The WSGI app for gunicorn (``service.wsgi:app``): built, models loaded, at import."""

from service import create_app

app = create_app()
