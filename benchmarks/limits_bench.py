"""Time and peak memory of `attribution.extract` on prose and on adversarial shapes.

    python benchmarks/limits_bench.py                     # prose 10k..200k chars + shapes
    python benchmarks/limits_bench.py --sizes 10000 50000 --shapes quote-marks nested

Each case runs in its own process (the model loads first and is not timed), so the peak
resident memory printed is that case's alone. Prose is the example articles repeated to the
size asked; the shapes are the inputs of issue 13 (quote-mark runs, one long sentence with no
punctuation, nested quotes, "He said that" repeated, a very long token) and words just within
`MAX_URL_SCAN_CHARS`. Compare each shape with prose of the same length: the aim is under 3x
its time and under 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ARTICLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
PROSE_SIZES = (10_000, 25_000, 50_000, 100_000, 200_000)
NESTING = 200


def prose(size: int) -> str:
    """The example articles repeated (paragraph-separated) to ``size`` characters."""
    articles = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    text, number = "", 0
    while len(text) < size:
        text += articles[number % len(articles)] + "\n\n"
        number += 1
    return text[:size]


def nested(depth: int) -> str:
    """``depth`` quotes each inside the other, alternating double and single marks."""
    opening = "".join("“" if i % 2 == 0 else "‘" for i in range(depth))
    closing = "".join("”" if i % 2 == 0 else "’" for i in reversed(range(depth)))
    return "He said " + opening.replace("“", "“she said ") + "yes" + closing + "."


SHAPES = {
    "quote-marks-50k": lambda: '"' * 50_000,
    "curly-pairs-5k": lambda: "“”" * 5_000,
    "no-punctuation-100k": lambda: " ".join(["word"] * 20_000),
    "nested-200": lambda: nested(NESTING),
    "he-said-that-1500": lambda: "He said that " * 1_500,
    "long-token-50k": lambda: "a" * 50_000,
    "long-words-50k": lambda: ("a" * 999 + " ") * 50,  # the longest the URL search still reads
}


def measure(text: str) -> dict[str, float]:
    """Extract once (after a warm-up) and report seconds and peak resident memory."""
    from attribution import extract, load_parser

    parser = load_parser(threads=1)
    extract("Warm up, she said.", parser)
    started = time.perf_counter()
    result = extract(text, parser)
    return {"seconds": round(time.perf_counter() - started, 2),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            "attributions": len(result.attributions), "chars": len(text)}


def run_case(name: str, timeout: float) -> dict[str, object]:
    """Measure one case in a child process; a case over ``timeout`` seconds is reported so."""
    try:
        out = subprocess.run([sys.executable, __file__, "--child", name], capture_output=True,
                             text=True, timeout=timeout, check=True).stdout
        return {"case": name, **json.loads(out.strip().splitlines()[-1])}
    except subprocess.TimeoutExpired:
        return {"case": name, "seconds": f"> {timeout:g}"}
    except subprocess.CalledProcessError as error:
        return {"case": name, "error": error.stderr.strip().splitlines()[-1:]}


def text_of(name: str) -> str:
    """The text of a case: ``prose-<size>`` or a shape name."""
    return prose(int(name.split("-")[1])) if name.startswith("prose-") else SHAPES[name]()


def main() -> None:
    """Run the cases asked for and print one line each."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--sizes", type=int, nargs="*", default=list(PROSE_SIZES))
    args.add_argument("--shapes", nargs="*", default=list(SHAPES), choices=list(SHAPES))
    args.add_argument("--timeout", type=float, default=300)
    args.add_argument("--child", help=argparse.SUPPRESS)
    options = args.parse_args()
    if options.child:
        print(json.dumps(measure(text_of(options.child))))
        return
    for name in [f"prose-{n}" for n in options.sizes] + options.shapes:
        print(json.dumps(run_case(name, options.timeout)), flush=True)


if __name__ == "__main__":
    main()
