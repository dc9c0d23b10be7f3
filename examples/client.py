"""A small client of the attribution service, standard library only.

    python examples/client.py article.txt [--url http://127.0.0.1:8000]

Prints who said what. Errors come back as JSON ``{"code", "status", "message", "errors"}``.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any


def attribute(text: str, url: str = "http://127.0.0.1:8000", timeout: float = 60,
              **options: Any) -> dict[str, Any]:
    """POST ``text`` to /v1/attributions and return the parsed answer; raise on an error."""
    body = json.dumps({"text": text, "options": options}).encode("utf-8")
    request = urllib.request.Request(f"{url}/v1/attributions", data=body,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        problem = json.load(error)
        raise RuntimeError(f"{problem['code']} {problem['status']}: {problem['message']}") \
            from error


def main() -> int:
    """Attribute one file and print speaker → content lines."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("file", type=Path)
    args.add_argument("--url", default="http://127.0.0.1:8000")
    options = args.parse_args()
    answer = attribute(options.file.read_text(encoding="utf-8"), options.url)
    speakers = {s["id"]: s for s in answer["speakers"]}
    for item in answer["attributions"]:
        speaker = speakers.get((item["speaker"] or {}).get("entity"))
        name = speaker["name"] if speaker else (item["speaker"] or {}).get("text", "(unnamed)")
        print(f"{name} [{item['type']}]: {item['content']['text']}")
    print(f"-- {answer['meta']['elapsed_ms']} ms, model {answer['meta']['model']}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
