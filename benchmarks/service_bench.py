"""Measure the service: throughput in process, latency through gunicorn, memory per worker.

    python benchmarks/service_bench.py [--dev ../shared/polnear/dev.jsonl] [--limit N]
                                       [--requests 30] [--concurrency 1] [--threads 1]

1. Throughput: the pipeline on one torch thread over every article of ``--dev``:
   documents/s and tokens/s, parse and attribution together.
2. Latency: gunicorn with the repository's config (one worker, ``--threads`` threads) on a
   loopback port; ``--requests`` POSTs of the dev article closest to 1,000 words, sent by
   ``--concurrency`` clients at once; p50 and p95.
3. Memory: peak RSS (VmHWM) and PSS (shared model pages counted once) of each worker.

A script, never a test: the figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from attribution import extract_document, load_parser  # noqa: E402  (after the path fix)


def read_articles(path: Path, limit: int | None) -> list[str]:
    """The texts of a JSONL file of ``{"text", ...}`` lines."""
    with path.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
    return texts[:limit] if limit else texts


def throughput(texts: list[str]) -> dict[str, float]:
    """Documents/s and tokens/s of parse + attribution on one torch thread."""
    parser = load_parser(threads=1)
    parser(texts[0])  # warm-up
    tokens, started = 0, time.perf_counter()
    for text in texts:
        document = parser(text)
        tokens += document.num_tokens
        extract_document(text, document)
    seconds = time.perf_counter() - started
    return {"documents": len(texts), "tokens": tokens, "seconds": round(seconds, 1),
            "docs_per_s": round(len(texts) / seconds, 2), "tokens_per_s": round(tokens / seconds)}


def free_port() -> int:
    """A free port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post(url: str, text: str) -> float:
    """Seconds for one POST /v1/attributions of ``text``."""
    body = json.dumps({"text": text}).encode("utf-8")
    request = urllib.request.Request(url + "/v1/attributions", data=body,
                                     headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:
        response.read()
    return time.perf_counter() - started


def start_gunicorn(port: int, threads: int, workers: int | None = 1) -> subprocess.Popen:
    """gunicorn with the repository config and ``workers`` workers (None: the config's
    default, one per core); returns once /readyz is 200."""
    env = {**os.environ, "ATTRIBUTION_THREADS": str(threads)}
    if workers is not None:
        env["ATTRIBUTION_WORKERS"] = str(workers)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:attribution.service.gunicorn_conf",
         "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5):
                return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("gunicorn did not become ready")


def worker_memory(master: int) -> list[dict[str, int]]:
    """Peak RSS and current PSS (MiB) of each worker of the gunicorn ``master``."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    figures = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peak = next(int(line.split()[1]) for line in status.splitlines()
                    if line.startswith("VmHWM"))
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
        pss = next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        figures.append({"pid": int(pid), "peak_rss_mib": peak // 1024, "pss_mib": pss // 1024})
    return figures


def latency(text: str, requests: int, concurrency: int, threads: int) -> dict[str, Any]:
    """p50/p95 of POSTs of ``text`` through gunicorn, and the worker's memory."""
    port = free_port()
    process = start_gunicorn(port, threads)
    url = f"http://127.0.0.1:{port}"
    try:
        post(url, text)  # warm-up
        started = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            times = sorted(pool.map(lambda _: post(url, text), range(requests)))
        wall = time.perf_counter() - started
        return {"words": len(text.split()), "requests": requests, "concurrency": concurrency,
                "threads": threads, "p50_ms": round(statistics.median(times) * 1000),
                "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)] * 1000),
                "requests_per_s": round(requests / wall, 2), "workers": worker_memory(process.pid)}
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(60)


def main() -> int:
    """Run the three measurements and print them as JSON."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--dev", type=Path, default=ROOT.parent / "shared/polnear/dev.jsonl")
    args.add_argument("--limit", type=int, help="only the first N articles for throughput")
    args.add_argument("--requests", type=int, default=30)
    args.add_argument("--concurrency", type=int, default=1)
    args.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    args.add_argument("--skip-throughput", action="store_true")
    options = args.parse_args()
    texts = read_articles(options.dev, None)
    article = min(texts, key=lambda text: abs(len(text.split()) - 1000))
    report: dict[str, Any] = {"cpus": os.cpu_count(), "load_avg": os.getloadavg()}
    if not options.skip_throughput:
        report["throughput"] = throughput(texts[:options.limit] if options.limit else texts)
    report["latency"] = latency(article, options.requests, options.concurrency, options.threads)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
