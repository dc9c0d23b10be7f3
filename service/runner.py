"""One text through the engine, as the service and the command line both run it.

Checks (length, language), `attribution.extract`, the client's filters, and meta. Nothing
here knows about HTTP: errors are the core's exceptions, and `document_item` turns them into
the error body of a batch item.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import attribution
from attribution.errors import AttributionError, EmptyTextError, InputError, TextTooLongError
from attribution.language import ensure_english
from attribution.limits import check_deadline, deadline
from attribution.model import AttributionType, Result

from .errors import error_body, status_for

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Options:
    """What the client asked to get back (see `attribution.schemas.OptionsSchema`)."""

    types: frozenset[AttributionType] | None = None
    min_confidence: float = 0.0
    resolve_speakers: bool = True

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Options:
        """Options from loaded request data; missing keys keep their defaults."""
        data = dict(data or {})
        if data.get("types") is not None:
            data["types"] = frozenset(AttributionType(name) for name in data["types"])
        return cls(**data)


@dataclass(frozen=True)
class Limits:
    """Checks made before a text is parsed, and how the engine runs (deployment settings)."""

    max_text_chars: int = 200_000
    check_language: bool = True
    # no learned component: the cue lexicon's rules only (ATTRIBUTION_RULES_ONLY, --rules-only)
    rules_only: bool = False
    time_budget: float | None = None  # seconds for one text (`attribution.limits.deadline`)


def check_text(text: str, limits: Limits) -> None:
    """Raise the core's input errors for a text that must not reach the parser."""
    if not text.strip():
        raise EmptyTextError("The text is empty: send the article text to attribute.")
    if len(text) > limits.max_text_chars:
        raise TextTooLongError(
            f"The text has {len(text):,} characters; the limit is {limits.max_text_chars:,}. "
            "Split the article, or raise the limit (ATTRIBUTION_MAX_TEXT_CHARS; "
            "attribution extract --max-chars)."
        )
    if limits.check_language:
        ensure_english(text)


def select(result: Result, options: Options) -> Result:
    """The result with only the attributions the options ask for (speakers' ids kept in step)."""
    kept = tuple(
        a for a in result.attributions
        if a.confidence >= options.min_confidence
        and (options.types is None or a.type in options.types)
    )
    if len(kept) == len(result.attributions):
        return result
    ids = {a.id for a in kept}
    speakers = tuple(
        dataclasses.replace(s, attributions=tuple(i for i in s.attributions if i in ids))
        for s in result.speakers
    )
    return dataclasses.replace(result, attributions=kept, speakers=speakers)


def model_meta(parser: Any) -> dict[str, str]:
    """Name and source of the parser's models, for response meta."""
    source = getattr(parser, "source", None)
    return {
        "model": str(getattr(parser, "model_name", "unknown")),
        "model_source": str(getattr(source, "name", "unknown")),
    }


def run(text: str, parser: Any, options: Options, limits: Limits) -> tuple[Result, dict[str, Any]]:
    """Check, parse and attribute ``text``: the filtered `Result` and its meta."""
    started = time.perf_counter()
    check_text(text, limits)
    with deadline(limits.time_budget):
        check_deadline()  # a batch's budget may be gone already: do not start the text
        result = attribution.extract(text, parser, resolve_speakers=options.resolve_speakers,
                                     rules_only=limits.rules_only)
    result = select(result, options)
    meta = {
        **model_meta(parser),
        "version": attribution.__version__,
        "characters": len(text),
        "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    return result, meta


def attribute(text: str, parser: Any, options: Options, limits: Limits) -> dict[str, Any]:
    """``{"attributions", "speakers", "meta"}`` for ``text``, ready for the response schema."""
    result, meta = run(text, parser, options, limits)
    return {"attributions": result.attributions, "speakers": result.speakers, "meta": meta}


def document_item(doc_id: str, text: Any, parser: Any, options: Options,
                  limits: Limits) -> dict[str, Any]:
    """One batch item: the answer for a document, or its error; never raises for bad input."""
    try:
        if not isinstance(text, str):
            raise InputError("The document has no text: send {'id', 'text'}.")
        return {"id": doc_id, **attribute(text, parser, options, limits)}
    except AttributionError as error:
        return {"id": doc_id, "error": error_body(status_for(error), str(error))}
    except Exception:  # one document must never fail the others; the log has the trace
        log.exception("document %r failed", doc_id)
        return {"id": doc_id, "error": error_body(500, "The document could not be processed.")}
