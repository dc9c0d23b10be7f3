"""Real gunicorn on a loopback port, with the repository's config, answering a real article."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "examples" / "seed-article.txt"
OWN_ARTICLE = (
    "The port authority said on Monday that the new container terminal would open in March. "
    "“We are ready,” its director told reporters. According to a union official, crews have "
    "not yet been trained on the new cranes."
)


def example_client() -> Any:
    """examples/client.py, imported from its path."""
    spec = importlib.util.spec_from_file_location("example_client", ROOT / "examples/client.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    """A port no one listens on now, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(url: str, body: bytes | None = None, timeout: float = 120) -> tuple[int, Any]:
    """Status and JSON of one request."""
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def wait_ready(url: str, process: subprocess.Popen, seconds: float) -> None:
    """Poll /readyz until it answers 200; fail if gunicorn exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited"
        try:
            if call(url + "/readyz", timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail("gunicorn was not ready in time")


@pytest.mark.pipeline
def test_gunicorn_serves_an_article(tmp_path: Path) -> None:
    """gunicorn with the package settings loads the models and attributes an article."""
    port = free_port()
    env = {**os.environ, "ATTRIBUTION_WORKERS": "1", "ATTRIBUTION_THREADS": "2"}
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:attribution.service.gunicorn_conf",
         "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, process, seconds=300)
        text = SEED.read_text(encoding="utf-8") if SEED.is_file() else OWN_ARTICLE
        status, body = call(url + "/v1/attributions", json.dumps({"text": text}).encode())
        assert status == 200, body
        assert body["meta"]["characters"] == len(text)
        for item in body["attributions"]:
            content = item["content"]
            assert text[content["start"]:content["end"]] == content["text"]
        assert call(url + "/v1/attributions", b"{oops")[0] == 400
        assert "attributions" in example_client().attribute(OWN_ARTICLE, url, timeout=120)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()
