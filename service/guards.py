"""What keeps the service answering: a bounded parse queue, security headers, hostile bodies.

- `ParseGate`: at most ``MAX_QUEUE`` requests per worker wait for the one pipeline (plus the
  one it is parsing); one more is refused at once with 503 and ``Retry-After``, so threads
  stay free for ``/healthz`` and ``/readyz`` and a client learns to come back instead of
  waiting minutes. A request takes its turn in the order the lock gives, within its time
  budget (`parse_slot` opens it, so the wait counts), and is dropped when its client has
  closed the connection meanwhile (`client_gone`): no one would read the answer.
- `security_headers`: ``nosniff``, no referrer, no framing on every response, and a
  Content-Security-Policy on every HTML page that has none (``/static/index.html``, ``/docs``).
- `HOSTILE_BODY_ERRORS`: bodies that break the readers below the app (JSON nested thousands
  deep, numbers of thousands of digits, framing errors, a client that stalls) are client
  errors (400, 408), never a 500 with a traceback.
- `ChunkedBodyLimit`: a chunked body (no ``Content-Length``) is read up to the body limit
  and answered 413 beyond it, like a declared length (Werkzeug would read it as empty).
- An optional allow-list of ``Host`` names is Flask's own ``TRUSTED_HOSTS`` setting
  (``ATTRIBUTION_TRUSTED_HOSTS='["localhost", "127.0.0.1"]'``): any other Host gets a 400.
"""

from __future__ import annotations

import io
import json
import logging
import select
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, Response, current_app, request
from gunicorn.http.errors import (
    ChunkMissingTerminator,
    InvalidChunkExtension,
    InvalidChunkSize,
    NoMoreData,
)
from werkzeug.exceptions import ClientDisconnected

from attribution.errors import AttributionError
from attribution.limits import check_deadline, deadline, remaining

from .errors import MESSAGES, error_body

GATE_EXTENSION = "attribution.gate"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# Swagger UI's page starts itself with an inline script and inline styles.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
DOCS_PATH = "/docs"
HOSTILE_BODY_ERRORS: tuple[tuple[tuple[type[BaseException], ...], int, str], ...] = (
    ((RecursionError,), 400, "The JSON is nested too deeply to read."),
    ((InvalidChunkSize, ChunkMissingTerminator, InvalidChunkExtension, NoMoreData), 400,
     "The body's chunked framing is malformed or cut short."),
    ((TimeoutError,), 408, "The client sent the request too slowly; send it again at once."),
    ((ClientDisconnected,), 400,
     "The body ended before its declared length, or came too slowly (client timeout)."),
)
READ_CHUNK = 64 * 1024
# nginx's code for a request whose client closed the connection before the answer
CLIENT_CLOSED = 499
GONE_MESSAGE = "The client closed the connection while its request waited; it was not processed."
log = logging.getLogger(__name__)


class BusyError(AttributionError):
    """Every place in the parse queue is taken."""


class ClientGoneError(AttributionError):
    """The client closed its connection before its request was worked on."""


def socket_closed(sock: socket.socket) -> bool:
    """Whether the peer of ``sock`` has closed it: readable, with nothing to read (EOF) or
    an error. Pending bytes (a pipelined request) are left where they are."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):  # reset by the peer, or already closed here
        return True


def client_gone() -> bool:
    """Whether the client of the current request has closed its connection.

    gunicorn puts the client's socket in the environ; without one (the test client, another
    server) the client is taken to be there. A client that shuts only its sending side after
    the request reads as gone, as nginx reads it."""
    sock = request.environ.get("gunicorn.socket")
    return sock is not None and socket_closed(sock)


def ensure_client_waiting() -> None:
    """Raise `ClientGoneError` when the current request's client has closed its connection."""
    if client_gone():
        raise ClientGoneError(GONE_MESSAGE)


def never_gone() -> bool:
    """A client check for callers that have no client."""
    return False


class ParseGate:
    """A bounded queue in front of the pipeline: one at work plus ``waiting`` in line."""

    def __init__(self, waiting: int) -> None:
        self._slots = threading.BoundedSemaphore(waiting + 1)
        self._turn = threading.Lock()

    @contextmanager
    def admit(self, gone: Callable[[], bool] = never_gone) -> Iterator[None]:
        """Run the block when the pipeline is free; raise `BusyError` at once when no place
        in line is free, `TimeBudgetError` when the budget runs out in line, and
        `ClientGoneError` when, at its turn, ``gone()`` says the client has left."""
        if not self._slots.acquire(blocking=False):
            raise BusyError("The service is busy: every place in its queue is taken. "
                            "Retry after the number of seconds in Retry-After.")
        try:
            self._wait_turn()
            try:
                if gone():
                    raise ClientGoneError(GONE_MESSAGE)
                yield
            finally:
                self._turn.release()
        finally:
            self._slots.release()

    def _wait_turn(self) -> None:
        """Take the pipeline's turn, waiting at most the time budget left."""
        while not self._turn.acquire(timeout=-1 if (left := remaining()) is None else left):
            check_deadline()


@contextmanager
def parse_slot(scope: str = "text") -> Iterator[None]:
    """The request's time budget (``TIME_BUDGET``, for ``scope``) and its turn in the current
    app's parse queue for the block (`ParseGate.admit`)."""
    gate = current_app.extensions[GATE_EXTENSION]
    with deadline(current_app.config["TIME_BUDGET"] or None, scope), gate.admit(client_gone):
        yield


def busy(error: BusyError) -> tuple[dict[str, Any], int, dict[str, str]]:
    """503 with ``Retry-After`` for a full queue."""
    return error_body(503, str(error)), 503, {
        "Retry-After": str(current_app.config["RETRY_AFTER"])}


def client_closed(error: ClientGoneError) -> tuple[dict[str, Any], int]:
    """499 (nginx's code) for a request whose client left: logged, read by no one."""
    log.info("request dropped: %s", error)
    return error_body(CLIENT_CLOSED, str(error)), CLIENT_CLOSED


def security_headers(response: Response) -> Response:
    """Add the security headers, and a CSP on HTML that has none."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html" and "Content-Security-Policy" not in response.headers:
        from .ui import PAGE_POLICY

        docs = request.path.startswith(DOCS_PATH)
        response.headers["Content-Security-Policy"] = DOCS_POLICY if docs else PAGE_POLICY
    return response


def _hostile_body_handler(status: int, message: str) -> Any:
    def handle(error: BaseException) -> tuple[dict[str, Any], int]:
        return error_body(status, message), status
    return handle


class ChunkedBodyLimit:
    """WSGI middleware: buffer a chunked body up to ``limit`` bytes, 413 beyond it."""

    def __init__(self, app: Callable, limit: Callable[[], int | None]) -> None:
        self.app, self.limit = app, limit

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        """Pass the request on with its body buffered and measured, or answer 413."""
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        limit = self.limit()
        if not chunked or environ.get("CONTENT_LENGTH") or limit is None:
            return self.app(environ, start_response)
        body = self._read(environ["wsgi.input"], limit)
        if body is None:
            payload = json.dumps(error_body(413, MESSAGES[413])).encode("utf-8")
            start_response("413 Request Entity Too Large", [
                ("Content-Type", "application/json"), ("Content-Length", str(len(payload))),
                ("Connection", "close"), *SECURITY_HEADERS.items()])
            return [payload]
        environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
        return self.app(environ, start_response)

    @staticmethod
    def _read(stream: Any, limit: int) -> bytes | None:
        """The whole body, or None as soon as it is over ``limit`` bytes."""
        parts, size = [], 0
        while chunk := stream.read(READ_CHUNK):
            size += len(chunk)
            if size > limit:
                return None
            parts.append(chunk)
        return b"".join(parts)


def register_guards(app: Flask) -> None:
    """Install the gate, the headers and the handlers of hostile bodies on ``app``."""
    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, lambda: app.config["MAX_CONTENT_LENGTH"])
    app.extensions[GATE_EXTENSION] = ParseGate(int(app.config["MAX_QUEUE"]))
    app.register_error_handler(BusyError, busy)
    app.register_error_handler(ClientGoneError, client_closed)
    for kinds, status, message in HOSTILE_BODY_ERRORS:
        for kind in kinds:
            app.register_error_handler(kind, _hostile_body_handler(status, message))
    app.after_request(security_headers)
