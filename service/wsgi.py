"""The WSGI app for gunicorn (``attribution.service.wsgi:app``): built, models loaded, at import.

When the models cannot be loaded, importing this module exits (status 1) with the reason, so
``attribution serve`` stops with a clear message instead of answering 503 forever.
"""

from attribution.service import create_app
from attribution.service.state import exit_unless_loaded

app = create_app()
exit_unless_loaded(app)
