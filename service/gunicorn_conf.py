"""Gunicorn settings for the attribution service: models load once, before the fork.

``preload_app`` builds the app (and so the Stanza pipeline) in the master process; workers
are forked from it and share the model weights copy-on-write. Sizes come from the
environment:

    ATTRIBUTION_BIND           address to listen on (default 127.0.0.1:8000)
    ATTRIBUTION_WORKERS        worker processes (default 1; one per core is the ceiling)
    ATTRIBUTION_THREADS        threads per worker (default 1). Requests in one worker share one
                               pipeline behind a lock, so threads overlap only network and JSON
                               work, never parsing.
    ATTRIBUTION_TORCH_THREADS  torch threads per worker (default 1)
    ATTRIBUTION_TIMEOUT        seconds before a silent worker is restarted (default 120)

Run: ``attribution serve``, or ``gunicorn -c python:attribution.service.gunicorn_conf``.
The settings ship inside the package, so an installed wheel serves exactly as the checkout does.
"""

import os

wsgi_app = "attribution.service.wsgi:app"
bind = os.environ.get("ATTRIBUTION_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ATTRIBUTION_WORKERS", "1"))
threads = int(os.environ.get("ATTRIBUTION_THREADS", "1"))  # > 1 selects the gthread worker
preload_app = True
timeout = int(os.environ.get("ATTRIBUTION_TIMEOUT", "120"))
graceful_timeout = 30
accesslog = "-"


def post_fork(server, worker):
    """Give each worker its own small torch thread pool (the master's is not fork-safe)."""
    import torch

    torch.set_num_threads(int(os.environ.get("ATTRIBUTION_TORCH_THREADS", "1")))
