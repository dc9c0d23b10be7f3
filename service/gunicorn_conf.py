"""Gunicorn settings for the attribution service: models load once, before the fork.

``preload_app`` builds the app (and so the Stanza pipeline) in the master process; workers
are forked from it and share the model weights copy-on-write. Each worker is a threaded
`attribution.service.worker.ServiceWorker` (gthread whose client sockets time out), so
``/healthz`` and ``/readyz`` answer on a free thread while another parses, and a slow client
holds one thread for at most ``ATTRIBUTION_CLIENT_TIMEOUT`` seconds per read. Parsing is
serialised per worker behind the pipeline's lock, and the app refuses with 503 and
``Retry-After`` what would queue beyond ``ATTRIBUTION_MAX_QUEUE`` (service/guards.py).
Sizes come from the environment:

    ATTRIBUTION_BIND            address to listen on (default 127.0.0.1:8000)
    ATTRIBUTION_WORKERS         worker processes (default: one per core)
    ATTRIBUTION_THREADS         threads per worker (default 8): one parses, the others read
                                bodies, answer health checks and refuse what cannot queue
    ATTRIBUTION_TORCH_THREADS   torch threads per worker (default 1)
    ATTRIBUTION_CLIENT_TIMEOUT  seconds a client may stall on one read or write (default 10)
    ATTRIBUTION_TIMEOUT         seconds before a silent worker is restarted (default 120)
    ATTRIBUTION_GRACEFUL_TIMEOUT seconds a stopping worker has to finish its requests
                                (default 90: longer than the default time budget of 60 s)

Run: ``attribution serve``, or ``gunicorn -c python:attribution.service.gunicorn_conf``.
The settings ship inside the package, so an installed wheel serves exactly as the checkout does.
"""

import os


def _cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "attribution.service.wsgi:app"
bind = os.environ.get("ATTRIBUTION_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ATTRIBUTION_WORKERS") or _cores())
worker_class = "attribution.service.worker.ServiceWorker"
threads = int(os.environ.get("ATTRIBUTION_THREADS", "8"))
worker_connections = 100  # connections one worker holds open at once; more wait in the backlog
preload_app = True
timeout = int(os.environ.get("ATTRIBUTION_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("ATTRIBUTION_GRACEFUL_TIMEOUT", "90"))
keepalive = 5
limit_request_line = 4094
limit_request_fields = 100
accesslog = "-"


def post_fork(server, worker):
    """Give each worker its own small torch thread pool (the master's is not fork-safe)."""
    import torch

    torch.set_num_threads(int(os.environ.get("ATTRIBUTION_TORCH_THREADS", "1")))
