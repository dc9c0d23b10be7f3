"""Quote and claim attribution for English news text.

The core: text (or a parsed Stanza Document) in, immutable `Result` records out. No web
framework is imported here; the service and the command line sit on top of `extract`.
"""

from .extract import extract, extract_document
from .model import (
    Attribution,
    AttributionType,
    Content,
    Cue,
    Mention,
    Result,
    Span,
    Speaker,
    SpeakerKind,
)
from .nlp import Parser, load_parser

__all__ = [
    "Attribution", "AttributionType", "Content", "Cue", "Mention", "Parser", "Result", "Span",
    "Speaker", "SpeakerKind", "extract", "extract_document", "load_parser",
]
__version__ = "0.1.0"
