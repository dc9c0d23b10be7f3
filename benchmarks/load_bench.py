"""Load the service through gunicorn on loopback: latency percentiles, errors, memory.

    python benchmarks/load_bench.py [--clients 20 50] [--seconds 30] [--threads 8]

Starts gunicorn with the package settings (one worker per core, models preloaded) on a free
127.0.0.1 port, then for each client count runs that many closed-loop clients for a bounded
``--seconds``, each POSTing an example article again and again. A 503 with ``Retry-After``
is the queue refusing work: the client counts it and waits (at most one second here) as a
polite client would. Meanwhile a prober GETs ``/healthz`` and ``/readyz`` twice a second.
Printed per run: p50/p95/p99 of answered requests, answered/refused/error counts, the
slowest ``/healthz`` and ``/readyz`` probes and how many took over a second, and each
worker's peak RSS and PSS. Loopback only; a script, never a test.
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from service_bench import free_port, start_gunicorn, worker_memory  # noqa: E402

ARTICLE = Path(__file__).resolve().parents[1] / "examples" / "articles" / "talks-envoy.txt"
PROBE_EVERY = 0.5
PROBES = ("/healthz", "/readyz")
MAX_BACKOFF = 1.0


def percentile(ordered: list[float], share: float) -> float:
    """The value below which ``share`` of the sorted values lie (nearest rank)."""
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


class Run:
    """Counters shared by the clients of one run."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: list[float] = []
        self.refused = 0
        self.errors: list[str] = []
        self.probes: dict[str, list[float]] = {path: [] for path in PROBES}

    def record(self, kind: str, value: object) -> None:
        """Add one outcome under the lock."""
        with self.lock:
            if kind == "ok":
                self.times.append(value)
            elif kind == "refused":
                self.refused += 1
            else:
                self.errors.append(str(value))


def client(url: str, body: bytes, until: float, run: Run) -> None:
    """POST the article until ``until``; back off on 503 as Retry-After says (capped)."""
    while time.monotonic() < until:
        request = urllib.request.Request(url + "/v1/attributions", data=body,
                                         headers={"Content-Type": "application/json"})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
            run.record("ok", time.perf_counter() - started)
        except urllib.error.HTTPError as error:
            if error.code == 503 and error.headers.get("Retry-After"):
                run.record("refused", None)
                time.sleep(min(MAX_BACKOFF, float(error.headers["Retry-After"])))
            else:
                run.record("error", error.code)
        except OSError as error:
            run.record("error", type(error).__name__)


def prober(url: str, until: float, run: Run) -> None:
    """GET each of `PROBES` every `PROBE_EVERY` seconds; record how long each took."""
    while time.monotonic() < until:
        for path in PROBES:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url + path, timeout=30) as response:
                    response.read()
                run.probes[path].append(time.perf_counter() - started)
            except OSError as error:
                run.record("error", f"{path} {type(error).__name__}")
        time.sleep(PROBE_EVERY)


def probe_figures(run: Run) -> dict[str, object]:
    """The slowest probe of each path and how many took over one second."""
    figures: dict[str, object] = {}
    for path, times in run.probes.items():
        name = path.strip("/")
        figures[f"slowest_{name}_s"] = round(max(times or [float("nan")]), 3)
        figures[f"{name}_over_1s"] = f"{sum(t > 1 for t in times)}/{len(times)}"
    return figures


def load(url: str, clients: int, seconds: float, master: int) -> dict[str, object]:
    """One bounded run with ``clients`` clients."""
    body = json.dumps({"text": ARTICLE.read_text(encoding="utf-8")}).encode("utf-8")
    run, until = Run(), time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(url, body, until, run))
               for _ in range(clients)]
    threads.append(threading.Thread(target=prober, args=(url, until, run)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times = sorted(run.times) or [float("nan")]
    return {
        "clients": clients, "seconds": seconds, "answered": len(run.times),
        "refused_503": run.refused, "errors": len(run.errors),
        "error_kinds": sorted(set(run.errors))[:5],
        "p50_s": round(statistics.median(times), 2), "p95_s": round(percentile(times, 0.95), 2),
        "p99_s": round(percentile(times, 0.99), 2),
        "requests_per_s": round(len(run.times) / seconds, 2),
        **probe_figures(run),
        "workers": worker_memory(master),
    }


def main() -> int:
    """Start gunicorn, run each client count, print one JSON line per run."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--clients", type=int, nargs="*", default=[20, 50])
    args.add_argument("--seconds", type=float, default=30)
    args.add_argument("--threads", type=int, default=8)
    options = args.parse_args()
    port = free_port()
    process = start_gunicorn(port, options.threads, workers=None)
    try:
        for clients in options.clients:
            print(json.dumps(load(f"http://127.0.0.1:{port}", clients, options.seconds,
                                  process.pid)), flush=True)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(120)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
