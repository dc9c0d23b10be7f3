"""Calibrated confidence: the probability that an attribution's content and speaker are right.

A rule's base confidence says how much that rule is trusted, not how often it is right. The
calibrator is a logistic regression over what the record shows of itself (the rule and its
type together, the base confidence, the cue's lemma when it is a frequent one, the kind of
speaker phrase and entity, where content and speaker lie from the cue, the content's length,
pieces and quote marks) and of its neighbours (how many other attributions share its sentence,
whether one overlaps it), fitted by ``attribution models calibrate`` on PolNeAR train: "right"
means the content matches an annotated one (word-token Jaccard >= 0.5) and the speaker is the
annotated one, so a confidence of 0.8 means about 8 in 10 such attributions are right on news
like PolNeAR's.

The calibrator also carries a ``floor``: attributions less likely to be right than that are
dropped by the engine (`attribution.extract`), because on held-out documents keeping them
costs more precision than it gains recall. It is chosen by the same cross-validation, as the
floor that gives the best end-to-end F1.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .model import Attribution, Result

CALIBRATION_FILE = "models/cues/calibration.json"
PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they", "it", "me", "us", "him", "her",
                      "them"})
RELATIVES = frozenset({"who", "that", "which", "whom"})
QUOTE_MARKS = frozenset("\"'“”‘’«»")
# A cue lemma without a weight of its own (too rare in training) reads as this one.
RARE_CUE = "cue=<rare>"


@dataclass(frozen=True)
class Context:
    """What the rest of a result says about one record."""

    same_sentence: int = 0  # other outermost attributions in its sentence
    overlapped: bool = False  # another outermost attribution's content overlaps its content
    speaker_kind: str | None = None  # its speaker entity's kind
    anonymous: bool = False


def contexts(result: Result) -> dict[str, Context]:
    """The `Context` of every record of ``result``, by id."""
    outer = [r for r in result.attributions if not r.nested_in]
    per_sentence = Counter(r.sentence for r in outer)
    entity = {a: speaker for speaker in result.speakers for a in speaker.attributions}
    found = {}
    for record in result.attributions:
        speaker = entity.get(record.id)
        found[record.id] = Context(
            same_sentence=per_sentence[record.sentence] - (0 if record.nested_in else 1),
            overlapped=any(other is not record and other.content.start < record.content.end
                           and record.content.start < other.content.end for other in outer),
            speaker_kind=speaker.kind.value if speaker else None,
            anonymous=bool(speaker and speaker.anonymous))
    return found


def features(attribution: Attribution, base: float,
             context: Context = Context()) -> Iterator[tuple[str, float]]:
    """The named features of one record (``base``: its rule's confidence before calibration)."""
    yield "base", base
    yield f"rule={attribution.rule}", 1.0
    yield f"type={attribution.type}", 1.0
    yield f"rule={attribution.rule}|type={attribution.type}", 1.0
    if attribution.cue is not None:
        yield f"cue={attribution.cue.lemma.lower()}", 1.0
        yield "content_before_cue", float(attribution.content.start < attribution.cue.span.start)
        if attribution.speaker is not None:
            yield "speaker_after_cue", float(
                attribution.speaker.span.start > attribution.cue.span.start)
    speaker = attribution.speaker.span.text.lower() if attribution.speaker else None
    if speaker is None:
        yield "speaker=none", 1.0
    elif speaker in PRONOUNS:
        yield "speaker=pronoun", 1.0
    elif speaker in RELATIVES:
        yield "speaker=relative", 1.0
    elif speaker[:1].isupper() or attribution.speaker.span.text[:1].isupper():
        yield "speaker=capitalised", 1.0
    else:
        yield "speaker=other", 1.0
    yield "cue=none", float(attribution.cue is None)
    words = len(attribution.content.text.split())
    yield "log_words", math.log1p(words)
    yield "short", float(words <= 3)
    yield "pieces", float(len(attribution.content.spans) - 1)
    yield "nested", float(attribution.nested_in is not None)
    yield "starts_quote", float(attribution.content.text[:1] in QUOTE_MARKS)
    yield "ends_quote", float(attribution.content.text[-1:] in QUOTE_MARKS)
    if attribution.speaker is not None:
        yield "speaker_words", math.log1p(len(attribution.speaker.span.text.split()))
        yield "speaker_entity", float(attribution.speaker.entity is not None)
    if context.speaker_kind is not None:
        yield f"kind={context.speaker_kind}", 1.0
    yield "anonymous", float(context.anonymous)
    yield "same_sentence", math.log1p(context.same_sentence)
    yield "overlapped", float(context.overlapped)


@dataclass(frozen=True)
class Calibrator:
    """A logistic regression over `features`, and the floor below which records are dropped."""

    weights: dict[str, float]
    bias: float
    meta: dict[str, Any]
    floor: float = 0.0

    def weight(self, name: str) -> float:
        """The weight of a feature: a cue lemma without one weighs as `RARE_CUE`."""
        if name in self.weights:
            return self.weights[name]
        return self.weights.get(RARE_CUE, 0.0) if name.startswith("cue=") else 0.0

    def probability(self, attribution: Attribution, base: float,
                    context: Context = Context()) -> float:
        """The calibrated confidence of one record."""
        z = self.bias + sum(self.weight(name) * value
                            for name, value in features(attribution, base, context))
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> str:
        """The calibrator as JSON (`from_json` reads it back)."""
        return json.dumps({"weights": self.weights, "bias": self.bias, "floor": self.floor,
                           "meta": self.meta}, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Calibrator:
        """A calibrator from `to_json`'s text."""
        data = json.loads(text)
        return cls(dict(data["weights"]), float(data["bias"]), dict(data.get("meta", {})),
                   float(data.get("floor", 0.0)))


@lru_cache(maxsize=1)
def load_calibrator() -> Calibrator | None:
    """The bundled calibrator, or None when the package ships none."""
    resource = resources.files("attribution").joinpath(CALIBRATION_FILE)
    return Calibrator.from_json(resource.read_text("utf-8")) if resource.is_file() else None
