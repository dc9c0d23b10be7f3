"""Render a `Result` as one standalone HTML document with every attribution highlighted.

The highlighting is built from character offsets alone. Every piece of content, every cue,
speaker and addressee mention is a `Mark`; the text is split at every mark boundary, and each
segment is wrapped in one element per mark active over it, outermost first. Overlapping and
nested attributions therefore always give well-formed HTML, and stacked underlines show the
nesting. Every character of the article goes through `html.escape`; the document carries no
script and a Content-Security-Policy that forbids scripts, so an article full of ``<script>``
renders as text. Carriage returns are written as ``&#13;`` so that the browser's text of the
article equals the input, offset for offset.

Used by ``POST /v1/render`` and ``attribution extract --format html``.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass

from .model import Attribution, Result, Speaker

ROLES = ("content", "speaker", "addressee", "cue")
ROLE_LABELS = {"content": "", "speaker": "", "addressee": "to", "cue": ""}
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'"

STYLE = """
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5f6368; }
body { font: 17px/1.5 Georgia, "Times New Roman", serif; color: var(--ink); margin: 0 auto;
  max-width: 48rem; padding: 1rem; }
h1, h2, table, .legend, .badge { font-family: system-ui, sans-serif; }
.article { white-space: pre-wrap; line-height: 2.6; overflow-wrap: anywhere; }
.hl { position: relative; }
.hl-content { padding-bottom: 3px; border-bottom: 2px solid #1f5fa8; }
.hl-content.t-direct { background: rgba(255, 214, 102, .35); }
.hl-content.t-indirect { background: rgba(120, 190, 255, .28); border-bottom-style: dotted; }
.hl-content.t-mixed { background: rgba(170, 230, 160, .35); border-bottom-style: dashed; }
.hl-cue { font-weight: bold; outline: 1px dashed #8a4b00; outline-offset: -1px; }
.hl-speaker { border-bottom: 3px double #8b1a6b; padding-bottom: 1px; font-style: italic; }
.hl-addressee { border-bottom: 1px dotted #555; padding-bottom: 1px; }
.hl.first::before { content: attr(data-label); white-space: nowrap; margin-right: 1px;
  font: 600 .62em/1 system-ui, sans-serif; vertical-align: super; color: var(--muted); }
.hl[tabindex]:focus { outline: 3px solid #000; outline-offset: 1px; }
.hl[tabindex]:focus::after { content: attr(data-tip); position: absolute; left: 0; top: 100%;
  z-index: 5; width: max-content; max-width: 22rem; white-space: normal; line-height: 1.3;
  font: .8rem/1.3 system-ui, sans-serif; background: #222; color: #fff; padding: .3rem .5rem;
  border-radius: 3px; }
.legend span { margin-right: 1rem; line-height: 2; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { border: 1px solid #ccc; padding: .25rem .4rem; text-align: left; vertical-align: top; }
.badge { font-size: .75rem; border: 1px solid currentColor; border-radius: 3px; padding: 0 .3rem; }
.none { color: #a00; font-weight: bold; }
"""


@dataclass(frozen=True)
class Mark:
    """One highlighted stretch of the text: a content piece, cue, speaker or addressee."""

    start: int
    end: int
    role: str
    attribution: Attribution

    def sort_key(self) -> tuple[int, int, int]:
        """Outer marks first: earlier start, then longer, then content before mentions."""
        return (self.start, -self.end, ROLES.index(self.role))


def marks_of(result: Result) -> list[Mark]:
    """Every mark of every attribution, clipped to the text, empty ones dropped."""
    marks: list[Mark] = []
    for attribution in result.attributions:
        pieces = [("content", span) for span in attribution.content.spans]
        if attribution.cue is not None:
            pieces.append(("cue", attribution.cue.span))
        for role in ("speaker", "addressee"):
            mention = getattr(attribution, role)
            if mention is not None:
                pieces.append((role, mention.span))
        for role, span in pieces:
            start, end = max(span.start, 0), min(span.end, len(result.text))
            if start < end:
                marks.append(Mark(start, end, role, attribution))
    return sorted(set(marks), key=Mark.sort_key)


def segments(text: str, marks: list[Mark]) -> Iterator[tuple[int, int, list[Mark]]]:
    """Split ``text`` at every mark boundary; yield each piece with its active marks."""
    cuts = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    for start, end in zip(cuts, cuts[1:], strict=False):
        yield start, end, [m for m in marks if m.start <= start and end <= m.end]


def escape_text(text: str) -> str:
    """Escape article text for element content, keeping carriage returns as characters."""
    return html.escape(text, quote=True).replace("\r", "&#13;")


def attr(value: str) -> str:
    """Escape a value for a double-quoted attribute."""
    return escape_text(value).replace("\n", "&#10;")


def speaker_of(attribution: Attribution, speakers: dict[str, Speaker]) -> Speaker | None:
    """The document-level speaker an attribution is linked to, if any."""
    entity = attribution.speaker.entity if attribution.speaker else None
    return speakers.get(entity) if entity else None


def describe(attribution: Attribution, speakers: dict[str, Speaker]) -> str:
    """One line a reviewer reads on focus: who, resolved to whom, type, confidence, rule."""
    if attribution.speaker is None:
        who = "no speaker named"
    else:
        who = f"speaker: {attribution.speaker.span.text}"
        resolved = speaker_of(attribution, speakers)
        if resolved is not None:
            who += f" = {resolved.name}" + (" (anonymous)" if resolved.anonymous else "")
    return (f"{attribution.id} · {attribution.type.value} · {who} · "
            f"confidence {attribution.confidence:.2f} · rule {attribution.rule}")


def open_tag(mark: Mark, start: int, end: int, tip: str) -> str:
    """The opening tag of one mark over the segment ``start:end``."""
    attribution = mark.attribution
    classes = ["hl", f"hl-{mark.role}", f"t-{attribution.type.value}"]
    extra = ""
    if start == mark.start:
        classes.append("first")
        label = ROLE_LABELS[mark.role]
        if mark.role == "content":
            label = f"{attribution.id} {attribution.type.value}"
            label += "" if attribution.speaker else " · no speaker"
            if start == attribution.content.start:
                extra = f' tabindex="0" data-tip="{attr(tip)}"'
        extra += f' data-label="{attr(label)}"' if label else ""
    if end == mark.end:
        classes.append("last")
    return (f'<span class="{" ".join(classes)}" data-attr="{attr(attribution.id)}" '
            f'data-role="{mark.role}" title="{attr(tip)}"{extra}>')


def render_article(result: Result) -> str:
    """The article text, escaped, with one nested element per active mark on each segment."""
    speakers = {speaker.id: speaker for speaker in result.speakers}
    tips = {a.id: describe(a, speakers) for a in result.attributions}
    parts: list[str] = []
    for start, end, active in segments(result.text, marks_of(result)):
        parts.extend(open_tag(m, start, end, tips[m.attribution.id]) for m in active)
        parts.append(escape_text(result.text[start:end]))
        parts.append("</span>" * len(active))
    return "".join(parts)


def cell(value: object) -> str:
    """A table cell holding ``value`` as escaped text."""
    return f"<td>{escape_text(str(value))}</td>"


def attribution_rows(result: Result) -> str:
    """One table row per attribution."""
    speakers = {speaker.id: speaker for speaker in result.speakers}
    rows = []
    for a in result.attributions:
        resolved = speaker_of(a, speakers)
        speaker = ('<td class="none">none named</td>' if a.speaker is None
                   else cell(a.speaker.span.text))
        rows.append("<tr>" + cell(a.id) + speaker + cell(resolved.name if resolved else "")
                    + cell("yes" if resolved and resolved.anonymous else "") + cell(a.type.value)
                    + cell(a.cue.span.text if a.cue else "") + cell(a.content.text)
                    + cell(f"{a.confidence:.2f}") + cell(a.rule) + "</tr>")
    return "\n".join(rows)


def speaker_items(result: Result) -> str:
    """One list item per speaker: name, kind, number of attributions, anonymous badge."""
    items = []
    for speaker in result.speakers:
        badge = ' <span class="badge">anonymous</span>' if speaker.anonymous else ""
        count = len(speaker.attributions)
        items.append(f"<li>{escape_text(speaker.name)} ({escape_text(speaker.kind.value)}, "
                     f"{count} attribution{'' if count == 1 else 's'}){badge}</li>")
    return "\n".join(items) or "<li>No speakers found.</li>"


def unsourced_items(result: Result) -> str:
    """One list item per attribution with no speaker: the claims a fact-checker must source."""
    items = [f"<li>{escape_text(a.id)} ({escape_text(a.type.value)}): "
             f"{escape_text(a.content.text)}</li>" for a in result.attributions if not a.speaker]
    return "\n".join(items) or "<li>Every attribution has a speaker.</li>"


LEGEND = (
    '<p class="legend"><span class="hl hl-content t-direct">direct quote</span>'
    '<span class="hl hl-content t-indirect">indirect</span>'
    '<span class="hl hl-content t-mixed">mixed</span>'
    '<span class="hl hl-cue">cue</span><span class="hl hl-speaker">speaker</span>'
    '<span class="hl hl-addressee">addressee</span></p>'
)
HEADER = ("<tr><th>id</th><th>speaker</th><th>resolved name</th><th>anonymous</th><th>type</th>"
          "<th>cue</th><th>content</th><th>confidence</th><th>rule</th></tr>")


def render_html(result: Result) -> str:
    """A standalone HTML document of ``result``: the highlighted article, speakers, a table."""
    count = len(result.attributions)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Attributions ({count})</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<h1>Attributions ({count})</h1>\n{LEGEND}\n"
        f'<div class="article" id="article">{render_article(result)}</div>\n'
        f"<h2>Speakers</h2>\n<ul>\n{speaker_items(result)}\n</ul>\n"
        f"<h2>No speaker named: to check</h2>\n<ul>\n{unsourced_items(result)}\n</ul>\n"
        f"<h2>Attributions</h2>\n<table>\n{HEADER}\n{attribution_rows(result)}\n</table>\n"
        "</body>\n</html>\n"
    )
