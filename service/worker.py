"""The gunicorn worker of the service: gthread, with a timeout on every client socket.

gunicorn's threaded worker answers health checks on free threads while one thread parses,
but once a client has sent its first byte a thread blocks on it with no time limit: a client
that declares ``Content-Length: 100000`` and sends 24 bytes, or one header line every few
seconds, held a thread (with the sync worker, the whole worker) for good. `ServiceWorker`
gives each client socket a timeout of ``ATTRIBUTION_CLIENT_TIMEOUT`` seconds (default
`CLIENT_TIMEOUT`) for every read and write, so a slow or idle client loses its connection
instead of holding a thread.

gunicorn answers the requests it cannot parse itself (bad request line, bad headers, bad
chunked framing) with an HTML page; the worker answers them in the service's one JSON error
shape instead (`write_json_error`).

Use: ``worker_class = "attribution.service.worker.ServiceWorker"`` (gunicorn_conf.py).
"""

from __future__ import annotations

import errno
import json
import os

from gunicorn import util
from gunicorn.workers import gthread

CLIENT_TIMEOUT = 10.0  # seconds a client may take per read or write on its socket
CLIENT_TIMEOUT_ENV = "ATTRIBUTION_CLIENT_TIMEOUT"


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


class TimedConnection(gthread.TConn):
    """A gthread connection whose socket times out when the client stalls."""

    def init(self) -> None:
        """Initialise as gunicorn does, then bound every blocking read and write."""
        super().init()
        self.sock.settimeout(client_timeout())


class ServiceWorker(gthread.ThreadWorker):
    """gthread with `TimedConnection` sockets and JSON error pages."""

    def init_process(self) -> None:
        """Answer gunicorn's own errors in JSON, then start as gthread does."""
        util.write_error = write_json_error
        super().init_process()

    def accept(self, listener) -> None:
        """Accept a connection as gthread does, as a `TimedConnection`."""
        try:
            client_sock, client_addr = listener.accept()
            self.nr_conns += 1
            client_sock.setblocking(True)
            conn = TimedConnection(self.cfg, client_sock, client_addr, listener.getsockname())
            self.enqueue_req(conn)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
