"""Benchmark a Stanza model set: accuracy on UD test data, speed, load time, size, memory.

    python benchmarks/models_bench.py --ud ../shared/ud [--model-dir DIR] [--limit N]
        [--texts FILE.jsonl [--texts-limit N]] [--repeats N] [--without-speedups]
        [--json OUT.json] [--markdown OUT.md]

Accuracy: EWT test and GUM's news test documents, from raw text and on gold tokens with
predicted tags, scored with the CoNLL 2018 scorer. Speed: one thread over GUM's news test
texts and, with ``--texts``, over the ``text`` field of a JSON-lines file (input only).
This is a script, not a timed test: run it by hand on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from attribution.training import scoring


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The benchmark's command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ud", type=Path, required=True, help="folder holding UD_English-*")
    parser.add_argument("--model-dir", type=Path, help="models to test (default: the loader's)")
    parser.add_argument("--limit", type=int, help="score only the first N sentences per set")
    parser.add_argument("--texts", type=Path, help="JSON lines with a 'text' field, for speed")
    parser.add_argument("--texts-limit", type=int, help="use only the first N of --texts")
    parser.add_argument("--repeats", type=int, default=1,
                        help="time each speed input N times and report the median run")
    parser.add_argument("--without-speedups", action="store_true",
                        help="time Stanza's own inference code (no attribution.speedups)")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--markdown", type=Path, help="write the tables here as Markdown")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the Markdown tables."""
    args = parse_args(argv)
    texts = scoring.jsonl_texts(args.texts, args.texts_limit) if args.texts else []
    extra_name = f"{args.texts.parent.name} {args.texts.stem}" if args.texts else "extra"
    results = scoring.run_benchmark(args.model_dir, args.ud, args.limit, texts, extra_name,
                                    speedups=not args.without_speedups, repeats=args.repeats)
    table = scoring.markdown_table(results)
    print(table)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
