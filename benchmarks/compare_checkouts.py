"""Time the whole `attribution batch` job of two checkouts side by side, alternating runs.

    python benchmarks/compare_checkouts.py --base ../wt-base --base-python ../venv-base/bin/python \
        --head . --head-python ../venv-speed/bin/python [--input ../shared/polnear/dev.jsonl]
        [--limit N] [--repeats 3] [--cpu 0] [--json OUT.json]

Each run is one process, `attribution batch IN OUT --workers 1` (imports, model load, parse,
attribution and JSON out), pinned to one core with ``taskset -c CPU`` and ``OMP_NUM_THREADS=1``,
started in the checkout with that checkout's Python (a virtualenv with the checkout installed
editable, so that ``attribution`` and ``attribution.service`` both come from it; the script
checks this before timing). Runs alternate base, head, head, base, ... so that the machine's
drift falls on both alike; the medians of each side (wall and CPU seconds, from ``os.wait4``:
CPU time is the steadier figure when other jobs share the core), their ratios and each side's
largest peak RSS (the run's own) are printed. Words are the whitespace-separated words of
the input texts. The attributions and speakers of every document are compared between the two
sides (``meta`` holds timings and versions, so it is left out). A script, not a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT.parent / "shared" / "polnear" / "dev.jsonl"
WHERE = ("import attribution, attribution.service; "
         "print(attribution.__file__); print(attribution.service.__file__)")


@dataclass
class Side:
    """One checkout, the Python that runs it, and its timed runs."""

    name: str
    checkout: Path
    python: str
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)

    def check_imports(self) -> None:
        """Fail unless this Python imports the package from this checkout."""
        done = subprocess.run([self.python, "-c", WHERE], cwd=self.checkout, check=True,
                              capture_output=True, text=True)
        for path in done.stdout.split():
            if not Path(path).resolve().is_relative_to(self.checkout.resolve()):
                raise SystemExit(f"{self.name}: {self.python} imports {path}, which is not in "
                                 f"{self.checkout}; install the checkout in its own venv.")

    def summary(self, words: int) -> dict[str, Any]:
        """Median wall and CPU time, words/s and the largest peak RSS of this side's runs."""
        wall, cpu = statistics.median(self.walls), statistics.median(self.cpus)
        return {"wall_s": wall, "words_per_s": words / wall, "cpu_s": cpu,
                "words_per_cpu_s": words / cpu, "peak_rss_mib": max(self.rss_kib) / 1024,
                "runs": self.walls}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The script's command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the checkout to compare with")
    parser.add_argument("--base-python", default=sys.executable)
    parser.add_argument("--head", type=Path, default=ROOT, help="the checkout measured")
    parser.add_argument("--head-python", default=sys.executable)
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT, help="JSONL {id, text}")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each side (median)")
    parser.add_argument("--cpu", default="0", help="taskset's CPU list (default 0)")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    return parser.parse_args(argv)


def subset(source: Path, limit: int | None, folder: Path) -> tuple[Path, int]:
    """The input (its first ``limit`` lines if given) and its number of words."""
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = lines[:limit] if limit else lines
    path = folder / "input.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, sum(len(json.loads(line)["text"].split()) for line in lines)


def timed_run(side: Side, source: Path, out: Path, cpu: str) -> None:
    """One whole `batch` job of ``side``; its wall time, peak RSS and answers are kept."""
    out.unlink(missing_ok=True)
    command = ["taskset", "-c", cpu, side.python, "-m", "attribution.service.cli", "batch",
               str(source), str(out), "--workers", "1"]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=side.checkout, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    side.walls.append(time.perf_counter() - started)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{side.name}: {' '.join(command)} exited with {process.returncode}")
    side.rss_kib.append(usage.ru_maxrss)
    side.cpus.append(usage.ru_utime + usage.ru_stime)
    side.answers = answers(out)


def answers(out: Path) -> dict[str, str]:
    """Each document's attributions and speakers (or error), as canonical JSON."""
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {row["id"]: json.dumps({k: v for k, v in row.items() if k != "meta"},
                                  sort_keys=True) for row in rows}


def report(base: Side, head: Side, words: int, documents: int) -> dict[str, object]:
    """Print both sides, the ratio and whether the answers agree; the figures as a dict."""
    figures = {side.name: side.summary(words) for side in (base, head)}
    ratio = figures["base"]["wall_s"] / figures["head"]["wall_s"]
    cpu_ratio = figures["base"]["cpu_s"] / figures["head"]["cpu_s"]
    same = [doc for doc, answer in base.answers.items() if head.answers.get(doc) == answer]
    print(f"{documents} documents, {words:,} words, {len(base.walls)} runs each, alternating")
    for name, fig in figures.items():
        runs = ", ".join(f"{wall:.1f}" for wall in fig["runs"])
        print(f"{name:>5}: median {fig['wall_s']:.1f} s, {fig['words_per_s']:,.0f} words/s, "
              f"{fig['cpu_s']:.1f} CPU s ({fig['words_per_cpu_s']:,.0f} words/CPU s), "
              f"peak RSS {fig['peak_rss_mib']:,.0f} MiB (runs: {runs} s)")
    print(f"ratio (head words/s over base words/s): {ratio:.3f}; per CPU second: "
          f"{cpu_ratio:.3f}")
    print(f"identical answers: {len(same)} of {len(base.answers)} documents")
    return {**figures, "ratio": ratio, "cpu_ratio": cpu_ratio, "words": words,
            "documents": documents, "identical_documents": len(same)}


def main(argv: list[str] | None = None) -> int:
    """Check both checkouts, run them alternately, print the comparison."""
    args = parse_args(argv)
    base = Side("base", args.base.resolve(), args.base_python)
    head = Side("head", args.head.resolve(), args.head_python)
    for side in (base, head):
        side.check_imports()
    with tempfile.TemporaryDirectory(prefix="compare-checkouts-") as tmp:
        folder = Path(tmp)
        source, words = subset(args.input, args.limit, folder)
        for repeat in range(args.repeats):
            order = (base, head) if repeat % 2 == 0 else (head, base)
            for side in order:
                timed_run(side, source, folder / f"{side.name}.jsonl", args.cpu)
                print(f"  run {repeat + 1} {side.name}: {side.walls[-1]:.1f} s", flush=True)
        documents = len(base.answers)
    figures = report(base, head, words, documents)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
