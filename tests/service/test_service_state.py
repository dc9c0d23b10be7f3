"""Loading the pipeline: in the background, /readyz answers 503 until the models are loaded."""

from __future__ import annotations

import threading
import time
from typing import Any

import attribution.service.state
import pytest
from attribution.service import create_app


def test_background_loading_turns_ready(monkeypatch: pytest.MonkeyPatch, fake_parser: Any) -> None:
    """While the loader runs, /readyz is 503 and /healthz 200; then /readyz is 200."""
    release = threading.Event()

    def slow_load(model_dir: Any, threads: Any = None) -> Any:
        release.wait(10)
        return fake_parser

    monkeypatch.setattr(attribution.service.state, "load_parser", slow_load)
    client = create_app({"LOAD_PIPELINE": "background"}).test_client()
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "still loading" in response.get_json()["message"]
    release.set()
    deadline = time.monotonic() + 10
    while client.get("/readyz").status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert client.get("/readyz").get_json() == {"status": "ready", "model": "fake-model"}
