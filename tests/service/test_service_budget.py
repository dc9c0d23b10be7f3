"""One time budget per request (a batch's covers all its documents), and requests whose
client has left are not parsed. No timing: a fake clock, and sockets closed on purpose."""

from __future__ import annotations

import socket
import threading
from typing import Any

import pytest
from attribution.service import create_app
from attribution.service.guards import ParseGate, socket_closed
from stanza.models.common.doc import Document

from attribution import limits
from attribution.errors import AttributionError


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class TimedParser:
    """A parser each of whose parses takes ``seconds`` on the fake clock."""

    model_name = "timed"
    manifest: dict[str, str] = {}

    def __init__(self, clock: FakeClock, seconds: float) -> None:
        self.clock, self.seconds, self.calls = clock, seconds, []

    def __call__(self, text: str) -> Document:
        self.calls.append(text)
        self.clock.now += self.seconds
        return Document([], text=text)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The budget's clock replaced by a `FakeClock`."""
    fake = FakeClock()
    monkeypatch.setattr(limits, "CLOCK", fake)
    return fake


def test_a_batch_has_one_budget_and_the_documents_past_it_get_error_items(
        clock: FakeClock) -> None:
    """Budget 15 s, parses of 10 s: the first two documents start within the budget and are
    attributed; the third would start after it, so it is a 503 item and is never parsed."""
    parser = TimedParser(clock, 10)
    app = create_app({"TESTING": True, "TIME_BUDGET": 15, "CHECK_LANGUAGE": False},
                     pipeline=parser)
    documents = [{"id": name, "text": f"Text {name}."} for name in "abc"]
    response = app.test_client().post("/v1/attributions/batch", json={"documents": documents})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["id"] for r in results] == ["a", "b", "c"]
    assert "attributions" in results[0] and "attributions" in results[1]
    assert results[2]["error"]["code"] == 503
    assert "batch's time budget of 15 s" in results[2]["error"]["message"]
    assert parser.calls == ["Text a.", "Text b."]


def test_one_text_keeps_its_own_budget(clock: FakeClock) -> None:
    """/v1/attributions: a text that starts within its budget is attributed."""
    parser = TimedParser(clock, 10)
    app = create_app({"TESTING": True, "TIME_BUDGET": 15, "CHECK_LANGUAGE": False},
                     pipeline=parser)
    assert app.test_client().post("/v1/attributions", json={"text": "One."}).status_code == 200


def test_nested_budgets_never_outlast_the_outer_one(clock: FakeClock) -> None:
    """An inner budget longer than what is left of the outer one ends with the outer one."""
    with limits.deadline(10, "batch"):
        clock.now = 8
        with limits.deadline(60):
            assert limits.remaining() == 2
            clock.now = 11
            with pytest.raises(AttributionError, match="batch's time budget"):
                limits.check_deadline()


def test_a_socket_reads_closed_only_once_its_peer_has_closed() -> None:
    """Open and silent, or with bytes waiting: not closed; after the peer's close: closed."""
    ours, theirs = socket.socketpair()
    with ours:
        assert not socket_closed(ours)
        theirs.sendall(b"GET / HTTP/1.1\r\n")
        assert not socket_closed(ours)
        assert ours.recv(64)  # the peek left the bytes in place
        theirs.close()
        assert socket_closed(ours)


def test_the_gate_drops_a_request_whose_client_left_while_it_waited() -> None:
    """At its turn, a request whose client is gone raises and never runs its block."""
    gate, ran = ParseGate(waiting=1), []
    with pytest.raises(AttributionError, match="closed the connection"), \
            gate.admit(lambda: True):
        ran.append("parsed")
    assert ran == []
    with gate.admit():  # the place and the turn were given back
        ran.append("parsed")
    assert ran == ["parsed"]


class HoldingParser:
    """Holds the pipeline on texts starting with "Hold" until released; records calls."""

    model_name = "holding"
    manifest: dict[str, str] = {}

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.holding, self.release = threading.Event(), threading.Event()

    def __call__(self, text: str) -> Document:
        self.calls.append(text)
        if text.startswith("Hold"):
            self.holding.set()
            self.release.wait(30)
        return Document([], text=text)


@pytest.mark.parametrize("path, body", [
    ("/v1/attributions", {"text": "Abandoned."}),
    ("/v1/attributions/batch", {"documents": [{"id": "a", "text": "Abandoned."}]}),
], ids=["text", "batch"])
def test_a_request_whose_client_closed_while_it_queued_is_not_parsed(
        path: str, body: dict[str, Any]) -> None:
    """One request holds the parser; the client of a second one closes its socket
    meanwhile; once the parser is free the second is dropped (499) unparsed, and the next
    request is parsed as usual."""
    parser = HoldingParser()
    app = create_app({"TESTING": True, "CHECK_LANGUAGE": False}, pipeline=parser)
    first: list[int] = []
    holder = threading.Thread(target=lambda: first.append(app.test_client().post(
        "/v1/attributions", json={"text": "Hold the line."}).status_code))
    holder.start()
    ours, theirs = socket.socketpair()
    answers: list[int] = []
    try:
        assert parser.holding.wait(30)
        theirs.close()  # the client of the second request leaves
        waiting = threading.Thread(target=lambda: answers.append(app.test_client().post(
            path, json=body, environ_overrides={"gunicorn.socket": ours}).status_code))
        waiting.start()
        parser.release.set()
        waiting.join(30)
    finally:
        parser.release.set()
        holder.join(30)
        ours.close()
    assert first == [200] and answers == [499]
    assert parser.calls == ["Hold the line."]
    app.test_client().post("/v1/attributions", json={"text": "Next."})
    assert parser.calls == ["Hold the line.", "Next."]
