"""The HTTP service: `create_app()` builds a Flask app around one attribution pipeline.

    app.py           the factory: config, flask-smorest `Api`, blueprints, the pipeline
    config.py        defaults, overridden by ``ATTRIBUTION_*`` environment variables
    state.py         the pipeline of the process and whether it is loaded
    runner.py        text → checked, attributed, filtered answer (no Flask here)
    errors.py        one JSON error shape; core errors → HTTP statuses; the catch-all
    parsing.py       request bodies: JSON, or ``text/plain`` where a schema allows it
    attributions.py  ``POST /v1/attributions`` and ``/v1/attributions/batch``
    ops.py           ``/healthz``, ``/readyz``, ``/version``
    docs.py          Swagger UI assets served from the installed ``swagger-ui-bundle``
    wsgi.py          ``app`` for gunicorn
"""

from .app import create_app

__all__ = ["create_app"]
