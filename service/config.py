"""Configuration defaults; each key can be overridden by an ``ATTRIBUTION_<KEY>`` variable.

Environment values are read as JSON when they parse (``ATTRIBUTION_MAX_TEXT_CHARS=50000``
is an int, ``ATTRIBUTION_CHECK_LANGUAGE=false`` a bool), else as strings. A ``config``
mapping passed to `create_app` wins over both.
"""

from __future__ import annotations

import json
import os
from typing import Any

ENV_PREFIX = "ATTRIBUTION"

DEFAULTS: dict[str, Any] = {
    # Limits: a body over MAX_CONTENT_LENGTH bytes or a text over MAX_TEXT_CHARS → 413.
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
    "MAX_TEXT_CHARS": 200_000,
    "MAX_BATCH_DOCUMENTS": 32,
    # Seconds of work one text may take (checked between parsing stages and sentences); over
    # it the request answers 503 instead of holding the worker. 0 or null: no budget.
    "TIME_BUDGET": 60,
    # Requests allowed to wait for the worker's pipeline while it parses; more → 503 with
    # Retry-After (RETRY_AFTER seconds).
    "MAX_QUEUE": 2,
    "RETRY_AFTER": 5,
    # Reject long texts that do not look like English (422).
    "CHECK_LANGUAGE": True,
    # Rules only: leave out the learned cue detector (attribution.cuemodel).
    "RULES_ONLY": False,
    # "eager": load at start (gunicorn --preload); "background": load in a thread while the
    # app already answers /healthz (and 503 elsewhere); "never": only an injected pipeline.
    "LOAD_PIPELINE": "eager",
    "MODEL_DIR": None,
    "TORCH_THREADS": None,
    # flask-smorest: the OpenAPI document and Swagger UI, with no CDN.
    "API_TITLE": "Quote and claim attribution",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "/docs",
    "OPENAPI_SWAGGER_UI_URL": "/docs/assets/",
    # Swagger UI otherwise asks validator.swagger.io to check the spec: a call to the internet.
    "OPENAPI_SWAGGER_UI_CONFIG": {"validatorUrl": None},
}


def setting(key: str) -> Any:
    """``ATTRIBUTION_<KEY>`` read as the app reads it (JSON when it parses), else the default.

    For code that runs without an app, such as the command line, so that one variable
    configures the service and the command line alike.
    """
    raw = os.environ.get(f"{ENV_PREFIX}_{key}")
    if raw is None:
        return DEFAULTS[key]
    try:
        return json.loads(raw)
    except ValueError:
        return raw
