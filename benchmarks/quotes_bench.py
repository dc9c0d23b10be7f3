"""How long the raw-text quote finder takes on large and adversarial inputs (not a test).

    python benchmarks/quotes_bench.py
"""

from __future__ import annotations

import random
import time

from attribution.quotes import find_quotes

SENTENCES = [
    "The council met on Tuesday and the members voted on the budget for next year.",
    "“We will not give in,” the mayor said, “and we don't need to.”",
    "She called the plan 'a mess' and left the students' union meeting early.",
    "“It was a long night.",
    "He said the ‘deal’ of the ’90s was over” and nobody answered.",
]


def timed(name: str, text: str) -> None:
    """Print the time to scan ``text``."""
    began = time.perf_counter()
    quotes = find_quotes(text)
    elapsed = time.perf_counter() - began
    print(f"{name:<32} {len(text):>9} chars {len(quotes):>7} quotes {elapsed:7.3f} s")


def main() -> None:
    """Scan a 1 MB article-like text and two adversarial ones."""
    rng = random.Random(7)
    paragraphs = [" ".join(rng.choices(SENTENCES, k=4)) for _ in range(4000)]
    timed("1 MB of news-like paragraphs", "\n\n".join(paragraphs)[:1_000_000])
    timed("50k unclosed openers + closers", "'a " * 50_000 + 'x" ' * 50_000)
    timed("100k straight double marks", '"a" ' * 100_000)


if __name__ == "__main__":
    main()
