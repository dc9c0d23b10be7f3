"""Real gunicorn with the package settings around a slow fake parser (no model needed).

The worker class, its client timeout, the JSON error pages, the chunked body limit and the
parse queue are gunicorn-level behaviour, so they are checked on a loopback port.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CONF = "python:attribution.service.gunicorn_conf"
POST_HEAD = (b"POST /v1/attributions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
             b"Content-Type: application/json\r\n")


def free_port() -> int:
    """A port no one listens on now, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> int:
    """Status of a GET."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status


def start_server(log_dir: Path, app: str = "slow_wsgi:app",
                 **settings: str) -> tuple[subprocess.Popen, str, int]:
    """gunicorn on a free port: one worker, parses of 2 s, no queue, 1 s client timeout
    (``settings`` add or replace environment variables)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(HERE), "SLOW_PARSE_SECONDS": "2",
           "ATTRIBUTION_WORKERS": "1", "ATTRIBUTION_THREADS": "4", "ATTRIBUTION_MAX_QUEUE": "0",
           "ATTRIBUTION_CLIENT_TIMEOUT": "1", **settings}
    log = (log_dir / "gunicorn.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", CONF, "--bind",
                                f"127.0.0.1:{port}", app], env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            get(url + "/healthz")
            break
        except OSError:
            assert process.poll() is None, "gunicorn exited"
            time.sleep(0.25)
    return process, url, port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """One `start_server` for the module."""
    process, url, port = start_server(tmp_path_factory.mktemp("gunicorn"))
    try:
        yield url, port
    finally:
        process.terminate()
        process.wait(120)


def post_text(url: str, text: str = "Hello.") -> tuple[int, str | None]:
    """Status and Retry-After of one POST of a short text."""
    request = urllib.request.Request(url + "/v1/attributions",
                                     data=json.dumps({"text": text}).encode("utf-8"),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After")


def exchange(port: int, data: bytes) -> bytes:
    """Send raw bytes; everything the server answers until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(data)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
        return answer


def status_and_body(answer: bytes) -> tuple[int, bytes]:
    """The status code and body of a raw HTTP answer."""
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.parametrize("request_bytes, status", [
    (b"GARBAGE\r\n\r\n", 400),
    (POST_HEAD + b"Transfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n", 400),
    (POST_HEAD + b"Transfer-Encoding: chunked\r\n\r\n"
     + b"1000\r\n" + b"a" * 4096 + b"\r\n" + b"1000\r\n" + b"a" * 4096 + b"\r\n0\r\n\r\n", 413),
], ids=["bad-request-line", "bad-chunk-size", "chunked-over-limit"])
def test_gunicorn_and_framing_errors_answer_json(server: tuple[str, int],
                                                 request_bytes: bytes, status: int) -> None:
    """Errors gunicorn raises itself, or meets while reading the body, are JSON 4xx."""
    code, body = status_and_body(exchange(server[1], request_bytes))
    assert code == status
    assert body.startswith(b"{") and b'"code"' in body


def test_a_stalled_client_is_dropped_and_health_still_answers(server: tuple[str, int]) -> None:
    """Half a request line of headers: the server closes the socket (client timeout); the
    worker answers /healthz meanwhile."""
    url, port = server
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
        assert get(url + "/healthz") == 200
        assert connection.recv(65536) == b""  # closed without an answer


def test_a_full_queue_answers_503_with_retry_after_and_health_answers(
        server: tuple[str, int]) -> None:
    """Four texts at once with no queue: one parses, the others are refused with 503 and
    Retry-After, and /readyz answers while the parse runs."""
    url, _ = server
    statuses: list[tuple[int, str | None]] = []

    def post() -> None:
        statuses.append(post_text(url))

    clients = [threading.Thread(target=post) for _ in range(4)]
    for client in clients:
        client.start()
    assert get(url + "/readyz") == 200
    for client in clients:
        client.join(60)
    assert (200, None) in statuses
    assert (503, "5") in statuses
    assert {s for s, _ in statuses} <= {200, 503}


def test_serve_exits_non_zero_when_the_models_cannot_load(tmp_path: Path) -> None:
    """No models where ATTRIBUTION_MODEL_DIR points: gunicorn stops with status 1 and says
    why, instead of answering 503 forever."""
    env = {**os.environ, "ATTRIBUTION_MODEL_DIR": str(tmp_path / "missing")}
    done = subprocess.run([sys.executable, "-m", "gunicorn", "-c", CONF, "--bind",
                           f"127.0.0.1:{free_port()}"], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 1
    assert "the models could not be loaded" in done.stderr


def test_sigterm_lets_the_request_in_progress_finish(tmp_path: Path) -> None:
    """Graceful shutdown: a text being parsed when SIGTERM arrives is still answered 200."""
    process, url, _ = start_server(tmp_path)
    answers: list[tuple[int, str | None]] = []
    client = threading.Thread(target=lambda: answers.append(post_text(url)))
    try:
        client.start()
        time.sleep(1)  # let the request reach the parser (it sleeps 2 s there)
        process.terminate()
        client.join(60)
        assert answers == [(200, None)]
        assert process.wait(120) == 0
    finally:
        if process.poll() is None:
            process.kill()


def wait_until(condition: Callable[[], bool], seconds: float = 30) -> bool:
    """Whether ``condition`` holds within ``seconds`` (looked at every 10 ms)."""
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(0.01)
    return True


def test_a_graceful_close_returns_at_once_and_lingers_on_its_own_thread() -> None:
    """`TimedConnection.close(graceful=True)` sends the FIN and returns while the client is
    still open (the event loop that calls it never waits on a client); the `Linger` thread
    closes the socket once the client closes its side."""
    from attribution.service.worker import Linger, TimedConnection

    server_side, client_side = socket.socketpair()
    with client_side:
        connection = TimedConnection(None, server_side, ("127.0.0.1", 1), ("127.0.0.1", 2),
                                     Linger(seconds=3600))
        connection.close(graceful=True)
        client_side.settimeout(30)
        assert client_side.recv(1) == b""  # the FIN came; the server side still lingers
        assert server_side.fileno() != -1
    assert wait_until(lambda: server_side.fileno() == -1)


def test_a_request_abandoned_in_the_queue_is_not_parsed(tmp_path: Path) -> None:
    """Through gunicorn: while one text holds the parser, a client sends a whole request and
    closes its socket; that request is answered 499 (in the access log) and never parsed."""
    parsed, release = tmp_path / "parsed.txt", tmp_path / "release"
    process, url, port = start_server(tmp_path, "gated_wsgi:app", ATTRIBUTION_MAX_QUEUE="2",
                                      PARSE_LOG=str(parsed), PARSE_RELEASE=str(release))
    holder = threading.Thread(target=lambda: post_text(url, "Hold the line."))
    try:
        holder.start()
        assert wait_until(lambda: parsed.exists() and "Hold" in parsed.read_text())
        body = b'{"text": "Abandoned."}'
        with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
            connection.sendall(POST_HEAD + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        release.touch()
        holder.join(60)
        log = tmp_path / "gunicorn.log"
        assert wait_until(lambda: '"POST /v1/attributions HTTP/1.1" 499' in log.read_text())
        assert post_text(url, "Next.") == (200, None)
        assert parsed.read_text().splitlines() == ["Hold the line.", "Next."]
    finally:
        release.touch()
        process.terminate()
        process.wait(120)
