"""Replay the request/response pairs of examples/requests against the app.

Error examples run on a fake parser; successful ones need the real pipeline. Timing and
model fields of ``meta`` are not compared. When the engine changes on purpose, rewrite the
stored answers with ``ATTRIBUTION_UPDATE_EXAMPLES=1 pytest tests/service/test_service_examples.py``
and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from attribution.service import create_app

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "requests").glob("*.json"))
VOLATILE = ("elapsed_ms", "model", "model_source")


def stable(body: Any) -> Any:
    """``body`` without the meta fields that change from run to run."""
    if isinstance(body, dict):
        return {k: stable(v) for k, v in body.items()
                if not (k in VOLATILE and "characters" in body)}
    if isinstance(body, list):
        return [stable(v) for v in body]
    return body


def replay(client: Any, path: Path) -> None:
    """Send the stored request; compare (or, when asked, store) the answer."""
    example = json.loads(path.read_text(encoding="utf-8"))
    request = example["request"]
    response = client.open(request["path"], method=request["method"],
                           headers=request.get("headers"), json=request.get("json"),
                           data=request.get("data"))
    answer = {"status": response.status_code, "json": stable(response.get_json())}
    if os.environ.get("ATTRIBUTION_UPDATE_EXAMPLES") == "1":
        example["response"] = answer
        path.write_text(json.dumps(example, ensure_ascii=False, indent=2) + "\n", "utf-8")
    assert answer == example["response"]


def is_error(path: Path) -> bool:
    """Whether the example is an error answer (these need no models)."""
    return path.name.startswith("error-")


@pytest.mark.parametrize("path", [p for p in EXAMPLES if is_error(p)], ids=lambda p: p.stem)
def test_error_examples(client: Any, path: Path) -> None:
    """Error examples answer exactly as stored."""
    replay(client, path)


@pytest.mark.pipeline
@pytest.mark.parametrize("path", [p for p in EXAMPLES if not is_error(p)], ids=lambda p: p.stem)
def test_success_examples(parser: Any, path: Path) -> None:
    """Successful examples, on the real pipeline, answer exactly as stored."""
    replay(create_app({"TESTING": True}, pipeline=parser).test_client(), path)


def test_there_are_examples_of_both_kinds() -> None:
    """The folder holds at least one success and one error example."""
    assert any(is_error(p) for p in EXAMPLES) and not all(is_error(p) for p in EXAMPLES)
