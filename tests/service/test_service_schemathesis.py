"""Schemathesis over the OpenAPI document: every operation, generated requests, every check.

The app runs around a fake parser (no model), so this checks the HTTP contract: no 5xx, each
status and content type documented, bodies that match their schemas, and requests valid by
the spec accepted, invalid ones refused. The number of examples per operation is bounded so
the test takes well under two minutes.
"""

from __future__ import annotations

import schemathesis
from attribution.service import create_app
from hypothesis import HealthCheck, settings
from stanza.models.common.doc import Document

EXAMPLES = 100


class EmptyParser:
    """An empty parse of any text."""

    model_name = "fake-model"
    manifest = {"name": "fake-model"}

    def __call__(self, text: str) -> Document:
        """No sentences: the engine answers with no attributions."""
        return Document([], text=text)


APP = create_app({"TESTING": True, "CHECK_LANGUAGE": False}, pipeline=EmptyParser())
schema = schemathesis.openapi.from_wsgi("/openapi.json", APP)


def test_every_operation_is_in_the_document() -> None:
    """The five API operations, /v1/render included."""
    paths = set(APP.test_client().get("/openapi.json").get_json()["paths"])
    assert {"/v1/attributions", "/v1/attributions/batch", "/v1/render", "/healthz", "/readyz",
            "/version"} <= paths


def repeats_ids(case: schemathesis.Case) -> bool:
    """Whether a generated batch repeats a document id: a rule JSON Schema cannot state
    (the spec says it in words), so such a batch must be refused with 422."""
    documents = case.body.get("documents") if isinstance(case.body, dict) else None
    if not isinstance(documents, list):
        return False
    ids = [d.get("id") for d in documents if isinstance(d, dict)]
    return len(ids) != len({repr(i) for i in ids})


def too_many(case: schemathesis.Case) -> bool:
    """Whether a generated batch holds more documents than the spec's ``maxItems`` (the
    configured MAX_BATCH_DOCUMENTS): the service answers 413, which says why, where
    schemathesis expects a 400 or 422 for a request that breaks the schema."""
    documents = case.body.get("documents") if isinstance(case.body, dict) else None
    return isinstance(documents, list) and len(documents) > APP.config["MAX_BATCH_DOCUMENTS"]


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_document(case: schemathesis.Case) -> None:
    """Generated requests: every schemathesis check passes (a batch with repeated ids: 422;
    one over the batch limit: 413, or 422 if it also breaks the schema otherwise)."""
    if case.path == "/v1/attributions/batch" and too_many(case):
        assert case.call().status_code in {413, 422}  # 422 when it breaks the schema too
        return
    if case.path == "/v1/attributions/batch" and repeats_ids(case):
        assert case.call().status_code == 422
        return
    case.call_and_validate()
