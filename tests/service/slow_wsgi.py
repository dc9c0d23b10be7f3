"""A WSGI app for gunicorn tests: the real app around a fake parser that takes its time.

``SLOW_PARSE_SECONDS`` (default 0) is how long each parse sleeps, so tests can fill the
parse queue without loading a model.
"""

from __future__ import annotations

import os
import time

from attribution.service import create_app
from stanza.models.common.doc import Document


class SlowParser:
    """Sleeps, then returns an empty parse of the text."""

    model_name = "slow-fake"
    manifest = {"name": "slow-fake"}

    def __call__(self, text: str) -> Document:
        """An empty Document of ``text``, after ``SLOW_PARSE_SECONDS``."""
        time.sleep(float(os.environ.get("SLOW_PARSE_SECONDS", "0")))
        return Document([], text=text)


app = create_app({"MAX_CONTENT_LENGTH": 4096, "CHECK_LANGUAGE": False}, pipeline=SlowParser())
