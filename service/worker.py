"""The gunicorn worker of the service: gthread, with a timeout on every client socket.

gunicorn's threaded worker answers health checks on free threads while one thread parses,
but once a client has sent its first byte a thread blocks on it with no time limit: a client
that declares ``Content-Length: 100000`` and sends 24 bytes, or one header line every few
seconds, held a thread (with the sync worker, the whole worker) for good. `ServiceWorker`
gives each client socket a timeout of ``ATTRIBUTION_CLIENT_TIMEOUT`` seconds (default
`CLIENT_TIMEOUT`) for every read and write, so a slow or idle client loses its connection
instead of holding a thread.

gunicorn closes each finished connection gracefully (FIN, then it reads until the client
closes too, up to 2 s) on the worker's event loop, the one thread that accepts connections
and hands them to the others: while a client was slow to close, no connection was accepted,
and ``/healthz`` waited behind it (1.03-1.06 s at 20 and 50 clients). `Linger` does that
waiting on a thread of its own with a selector, so the event loop never waits on a client.

gunicorn answers the requests it cannot parse itself (bad request line, bad headers, bad
chunked framing) with an HTML page; the worker answers them in the service's one JSON error
shape instead (`write_json_error`).

Use: ``worker_class = "attribution.service.worker.ServiceWorker"`` (gunicorn_conf.py).
"""

from __future__ import annotations

import errno
import json
import os
import queue
import selectors
import socket
import threading
import time
from typing import Any

from gunicorn import util
from gunicorn.workers import gthread

CLIENT_TIMEOUT = 10.0  # seconds a client may take per read or write on its socket
CLIENT_TIMEOUT_ENV = "ATTRIBUTION_CLIENT_TIMEOUT"
LINGER_SECONDS = 2.0  # how long a closed connection waits for the client's FIN (as gunicorn)
LINGER_DRAIN = 64 * 1024  # bytes read from a closing client before giving up on its FIN
LINGER_TICK = 0.05  # seconds between the linger thread's looks at new and expired sockets


def client_timeout() -> float:
    """The per-read client timeout, from the environment or the default."""
    return float(os.environ.get(CLIENT_TIMEOUT_ENV) or CLIENT_TIMEOUT)


def json_error_bytes(status: int, reason: str, message: str) -> bytes:
    """A complete HTTP response carrying the service's JSON error body."""
    body = json.dumps({"code": status, "status": reason,
                       "message": message or reason}).encode("utf-8")
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "X-Content-Type-Options: nosniff\r\n\r\n")
    return head.encode("latin-1") + body


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's `util.write_error`, answering JSON instead of HTML."""
    util.write_nonblock(sock, json_error_bytes(status_int, reason, mesg))


class Linger:
    """Graceful closes off the event loop: FIN at once, then drain until the client closes.

    A socket that is closed while the client still sends makes the kernel answer with a
    reset, which can cut off the response the client has not read yet (RFC 9112 9.6); so
    the write side is shut first and the read side drained until the client's FIN, at most
    `LINGER_SECONDS` and `LINGER_DRAIN` bytes. One daemon thread per worker does it for all
    the sockets at once.
    """

    def __init__(self, seconds: float = LINGER_SECONDS, drain: int = LINGER_DRAIN) -> None:
        self.seconds, self.drain = seconds, drain
        self._new: queue.SimpleQueue[socket.socket] = queue.SimpleQueue()
        self._selector = selectors.DefaultSelector()
        threading.Thread(target=self._run, name="linger", daemon=True).start()

    def close(self, sock: socket.socket) -> None:
        """Send the FIN now; the linger thread reads what is left and closes the socket."""
        try:
            sock.shutdown(socket.SHUT_WR)
            sock.setblocking(False)
        except OSError:
            util.close(sock)
            return
        self._new.put(sock)

    def _run(self) -> None:
        while True:
            self._admit()
            for key, _ in self._selector.select(LINGER_TICK):
                self._read(key.fileobj, key.data)
            self._expire()

    def _admit(self) -> None:
        """Watch the sockets handed over since the last look."""
        while True:
            try:
                sock = self._new.get_nowait()
            except queue.Empty:
                return
            state = {"until": time.monotonic() + self.seconds, "read": 0}
            self._selector.register(sock, selectors.EVENT_READ, state)

    def _read(self, sock: Any, state: dict[str, float]) -> None:
        """Drain a readable socket; close it at the client's FIN, an error or the byte cap."""
        try:
            data = sock.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        state["read"] += len(data)
        if not data or state["read"] >= self.drain:
            self._drop(sock)

    def _expire(self) -> None:
        """Close the sockets whose client has not closed within `LINGER_SECONDS`."""
        now = time.monotonic()
        for key in list(self._selector.get_map().values()):
            if key.data["until"] <= now:
                self._drop(key.fileobj)

    def _drop(self, sock: Any) -> None:
        self._selector.unregister(sock)
        util.close(sock)


class TimedConnection(gthread.TConn):
    """A gthread connection whose socket times out when the client stalls, and whose
    graceful close lingers on the worker's `Linger` thread, not on the event loop."""

    def __init__(self, cfg: Any, sock: socket.socket, client: Any, server: Any,
                 linger: Linger | None = None) -> None:
        super().__init__(cfg, sock, client, server)
        self.linger = linger

    def init(self) -> None:
        """Initialise as gunicorn does, then bound every blocking read and write."""
        super().init()
        self.sock.settimeout(client_timeout())

    def close(self, graceful: bool = False) -> None:
        """Close as gunicorn does, but hand a graceful close's lingering to `Linger`."""
        if graceful and self.linger is not None:
            self.linger.close(self.sock)
        else:
            super().close(graceful)


class ServiceWorker(gthread.ThreadWorker):
    """gthread with `TimedConnection` sockets, a `Linger` thread and JSON error pages."""

    def init_process(self) -> None:
        """Answer gunicorn's own errors in JSON, then start as gthread does."""
        util.write_error = write_json_error
        self.linger = Linger()
        super().init_process()

    def accept(self, listener) -> None:
        """Accept a connection as gthread does, as a `TimedConnection`."""
        try:
            client_sock, client_addr = listener.accept()
            self.nr_conns += 1
            client_sock.setblocking(True)
            conn = TimedConnection(self.cfg, client_sock, client_addr, listener.getsockname(),
                                   self.linger)
            self.enqueue_req(conn)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
