"""Run the engine on cached parses and score against the gold file (development aid).

    python tools/score_cached.py GOLD.jsonl CACHE.pkl [--by-type] [--dump PRED.jsonl]
"""

from __future__ import annotations

import argparse
import json
import pickle

from stanza.models.common.doc import Document

from attribution.evaluate import load_documents, to_prediction
from attribution.extract import extract_document
from attribution.metrics import format_table, score


def main() -> None:
    """Extract from every cached parse, then print the reference metrics."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("gold")
    parser.add_argument("cache")
    parser.add_argument("--by-type", action="store_true")
    parser.add_argument("--by-rule", action="store_true")
    parser.add_argument("--reliability", action="store_true")
    parser.add_argument("--dump", default=None)
    args = parser.parse_args()
    with open(args.cache, "rb") as handle:
        cache = pickle.load(handle)
    gold = {k: v for k, v in load_documents(args.gold).items() if k in cache}
    predictions = {}
    for doc_id, (text, doc_dict) in cache.items():
        result = extract_document(text, Document(doc_dict, text=text))
        predictions[doc_id] = to_prediction(doc_id, result)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as handle:
            for record in predictions.values():
                handle.write(json.dumps(record) + "\n")
    print(format_table(score(gold, predictions), by_type=args.by_type, by_rule=args.by_rule,
                       reliability=args.reliability))


if __name__ == "__main__":
    main()
