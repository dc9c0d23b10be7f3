"""Parse the documents of a gold JSONL once and keep the Stanza parses (development aid).

    python tools/cache_parses.py GOLD.jsonl OUT.pkl [--limit N]

`tools/score_cached.py` then runs the engine on the cached parses in seconds, so rule changes
can be measured without parsing again. The cache stays outside the repository.
"""

from __future__ import annotations

import argparse
import json
import pickle
import time

from attribution import load_parser


def main() -> None:
    """Parse every document and pickle ``{id: (text, doc_dict)}``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("gold")
    parser.add_argument("out")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    nlp = load_parser()
    cache, started, words = {}, time.time(), 0
    with open(args.gold, encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if args.limit is not None and number >= args.limit:
                break
            doc = json.loads(line)
            cache[doc["id"]] = (doc["text"], nlp(doc["text"]).to_dict())
            words += len(doc["text"].split())
    with open(args.out, "wb") as handle:
        pickle.dump(cache, handle)
    elapsed = time.time() - started
    print(f"{len(cache)} documents, {words} words, {elapsed:.0f} s, {words / elapsed:.0f} words/s")


if __name__ == "__main__":
    main()
