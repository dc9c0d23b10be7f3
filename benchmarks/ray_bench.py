"""Compare the batch engines: the local one and Ray Data, on the same documents.

    python benchmarks/ray_bench.py [--dev ../shared/polnear/dev.jsonl] [--limit 40]

Runs, on the first ``--limit`` articles of ``--dev`` (read, never copied into the repository):
the local engine with 1 and 2 worker processes, and the Ray engine on a local Ray cluster of
2 CPUs with 1 and 2 actors. Each run is timed from start to end, model loading included, and
the peak RSS (VmHWM) of each process that holds a pipeline is sampled from /proc. Prints
docs/s for each, and Ray's overhead against the local engine at equal process counts.

A script, never a test: the figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT.parent / "shared" / "polnear" / "dev.jsonl"
CLUSTER_CPUS = 2
PROCESS_COUNTS = (1, 2)
SAMPLE_SECONDS = 0.5
ACTOR_TITLE = "MapWorker(MapBatches(Attributor))"
# Blocks of about 3 articles, so that 40 articles keep 2 actors busy to the end.
BLOCK_KIB = 16
MIB = 1024 * 1024


def write_input(dev: Path, limit: int, folder: Path) -> tuple[Path, int]:
    """The first ``limit`` dev articles as ``{id, text}`` lines in ``folder``; their words."""
    with dev.open(encoding="utf-8") as lines:
        docs = [json.loads(line) for line in lines if line.strip()][:limit]
    path = folder / "in.jsonl"
    path.write_text("".join(json.dumps({"id": d["id"], "text": d["text"]}) + "\n"
                            for d in docs), encoding="utf-8")
    return path, sum(len(d["text"].split()) for d in docs)


def peak_kib(pid: int) -> int:
    """The peak resident set (VmHWM, KiB) of a live process, 0 if it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((x for x in status.splitlines() if x.startswith("VmHWM:")), "VmHWM: 0 kB")
    return int(line.split()[1])


def cmdline(pid: int) -> str:
    """The command line of a process ('' if it is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


class PeakSampler(threading.Thread):
    """Samples the peak RSS of the processes a predicate picks, until stopped."""

    def __init__(self, picks: Callable[[int], bool]) -> None:
        super().__init__(daemon=True)
        self.picks, self.peaks, self.done = picks, {}, threading.Event()

    def run(self) -> None:
        """Record each picked process's VmHWM every `SAMPLE_SECONDS`."""
        while not self.done.wait(SAMPLE_SECONDS):
            for name in os.listdir("/proc"):
                if name.isdigit() and self.picks(int(name)):
                    self.peaks[int(name)] = max(self.peaks.get(int(name), 0),
                                                peak_kib(int(name)))

    def stop(self) -> list[float]:
        """Stop; the peak RSS of each process seen, MiB."""
        self.done.set()
        self.join()
        return sorted(round(kib / 1024) for kib in self.peaks.values())


def is_local_worker(pid: int) -> bool:
    """This process, or one of its multiprocessing children (the local engine's workers)."""
    if pid == os.getpid():
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[3] == str(os.getpid())
    except OSError:
        return False


def is_actor(pid: int) -> bool:
    """A Ray Data actor holding a pipeline."""
    return ACTOR_TITLE in cmdline(pid)


def timed(run: Callable[[], Any], picks: Callable[[int], bool]) -> tuple[float, list[float]]:
    """Seconds of ``run()`` and the peak RSS (MiB) of the processes ``picks`` chooses."""
    sampler = PeakSampler(picks)
    sampler.start()
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    return seconds, sampler.stop()


def bench_local(source: Path, workers: int, folder: Path) -> tuple[float, list[float]]:
    """The local engine with ``workers`` processes."""
    from attribution.service import cli

    out = folder / f"local-{workers}.jsonl"
    return timed(lambda: cli.run_batch(source, out, workers=workers), is_local_worker)


def bench_ray(source: Path, actors: int, folder: Path) -> tuple[float, list[float]]:
    """The Ray engine with ``actors`` actors on the running cluster."""
    from attribution.service import corpus

    job = corpus.CorpusJob(str(source), str(folder / f"ray-{actors}"), actors=actors,
                           block_kib=BLOCK_KIB)
    return timed(lambda: corpus.run_corpus(job), is_actor)


def report(name: str, docs: int, seconds: float, peaks: list[float]) -> float:
    """Print one run's line; its docs/s."""
    rate = docs / seconds
    print(f"{name:<22} {seconds:7.1f} s  {rate:5.2f} docs/s  peak RSS per process (MiB): "
          f"{peaks}", flush=True)
    return rate


def main() -> None:
    """Run the four measurements and print them with Ray's overhead."""
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    options.add_argument("--limit", type=int, default=40)
    args = options.parse_args()
    import ray

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source, words = write_input(args.dev, args.limit, folder)
        print(f"{args.limit} articles, {words:,} words; cluster of {CLUSTER_CPUS} CPUs")
        rates = {}
        for n in PROCESS_COUNTS:
            rates["local", n] = report(f"local, {n} process(es)", args.limit,
                                       *bench_local(source, n, folder))
        ray.init(num_cpus=CLUSTER_CPUS, include_dashboard=False,
                 _node_ip_address="127.0.0.1", log_to_driver=False)
        ray.data.DataContext.get_current().enable_progress_bars = False
        try:
            for n in PROCESS_COUNTS:
                rates["ray", n] = report(f"ray, {n} actor(s)", args.limit,
                                         *bench_ray(source, n, folder))
        finally:
            ray.shutdown()
    for n in PROCESS_COUNTS:
        overhead = 1 - rates["ray", n] / rates["local", n]
        print(f"Ray's overhead at {n} process(es): {overhead:+.1%} docs/s against local")


if __name__ == "__main__":
    sys.exit(main())
