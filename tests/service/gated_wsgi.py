"""A WSGI app for gunicorn tests: the real app around a parser a test holds and releases.

Each text parsed is appended to the file ``PARSE_LOG``; a text starting with "Hold" waits
until the file ``PARSE_RELEASE`` exists, so a test can keep the pipeline busy without a
model and see which requests reached it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from attribution.service import create_app
from stanza.models.common.doc import Document


class GatedParser:
    """Logs every text; holds on "Hold..." texts until the release file appears."""

    model_name = "gated-fake"
    manifest = {"name": "gated-fake"}

    def __call__(self, text: str) -> Document:
        """An empty Document of ``text``, once the release file exists for held texts."""
        with Path(os.environ["PARSE_LOG"]).open("a", encoding="utf-8") as log:
            log.write(text + "\n")
        while text.startswith("Hold") and not Path(os.environ["PARSE_RELEASE"]).exists():
            time.sleep(0.01)
        return Document([], text=text)


app = create_app({"CHECK_LANGUAGE": False}, pipeline=GatedParser())
