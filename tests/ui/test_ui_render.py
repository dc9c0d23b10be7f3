"""`render_html` on hand-built results: escaping, nesting and overlap, exact offsets."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from attribution.model import (
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
from attribution.render import marks_of, render_html


def find(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """Code-point offsets of the ``occurrence``-th ``needle`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def record(text: str, ident: str, content: list[str], *, cue: str | None = None,
           speaker: str | None = None, entity: str | None = None,
           kind: AttributionType = AttributionType.DIRECT, nested_in: str | None = None,
           confidence: float = 0.9) -> Attribution:
    """An attribution whose parts are the first occurrences of the given needles."""
    return Attribution(
        id=ident, type=kind, content=Content.of(text, [find(text, c) for c in content]),
        cue=Cue(Span.of(text, *find(text, cue)), cue.lower()) if cue else None,
        speaker=Mention(Span.of(text, *find(text, speaker)), entity) if speaker else None,
        addressee=None, confidence=confidence, rule="test-rule", sentence=0,
        nested_in=nested_in,
    )


def person(ident: str, name: str, ids: tuple[str, ...], anonymous: bool = False) -> Speaker:
    """A person speaker with no recorded mentions."""
    return Speaker(ident, name, SpeakerKind.PERSON, anonymous, (), ids)


class ArticleReader(HTMLParser):
    """Collects the article's text and, per (attribution, role), the text each mark wraps."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.stack: list[tuple[str, str] | None] = []
        self.text = ""
        self.marked: dict[tuple[str, str], str] = {}
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if values.get("id") == "article":
            self.depth = 1
            return
        if self.depth:
            self.depth += 1
            mark = (values["data-attr"], values["data-role"]) if "data-attr" in values else None
            self.stack.append(mark)

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if self.depth:
                self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.depth:
            return
        self.text += data
        for mark in {m for m in self.stack if m}:
            self.marked[mark] = self.marked.get(mark, "") + data


def read(result: Result) -> ArticleReader:
    """Parse the rendered document of ``result``."""
    reader = ArticleReader()
    reader.feed(render_html(result))
    reader.close()
    return reader


def expected_marks(result: Result) -> dict[tuple[str, str], str]:
    """What each (attribution, role) should wrap: its pieces of the text, joined."""
    expected: dict[tuple[str, str], str] = {}
    for mark in marks_of(result):
        key = (mark.attribution.id, mark.role)
        expected[key] = expected.get(key, "") + result.text[mark.start:mark.end]
    return expected


HOSTILE = [
    'He said "<script>alert(1)</script>" loudly.',
    'She wrote: <img src=x onerror="alert(1)"> and left.',
    "Tags </div></span><script src=//evil></script> & 'quotes' \" here.",
    "An <iframe srcdoc='<script>x()</script>'></iframe> said nothing.",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_article_html_is_escaped_and_nothing_executable_remains(text: str) -> None:
    """Markup in the article renders as text: no script, img or iframe element is produced."""
    result = Result(text, (record(text, "a1", [text[3:20]], speaker=text[:2]),), ())
    reader = read(result)
    assert reader.text == text
    assert not {"script", "img", "iframe"} & set(reader.tags)
    document = render_html(result).lower()
    assert not any(f"<{tag}" in document for tag in ("script", "img", "iframe"))


def test_document_forbids_scripts_even_if_escaping_failed() -> None:
    """The document carries a CSP with no script source and no script element of its own."""
    document = render_html(Result("Hello.", (), ()))
    assert "default-src 'none'" in document
    assert "<script" not in document.lower()


def test_hostile_speaker_names_and_rules_are_escaped() -> None:
    """Speaker names, rules and cue lemmas land in attributes and cells escaped."""
    text = "X said yes."
    attribution = record(text, "a1", ["yes"], cue="said", speaker="X", entity="e1")
    speaker = person("e1", '"><script>alert(1)</script>', ("a1",))
    reader = read(Result(text, (attribution,), (speaker,)))
    assert "script" not in reader.tags


TEXTS = [
    # (description, text)
    ("ascii", 'The minister said that "taxes will fall", an aide added.'),
    ("astral and combining", "Ана сказала 😀👍🏽 «café́ déjà» — the aide said it 🇫🇷 twice."),
    ("crlf", "Line one.\r\nThe minister said\r\n\"taxes will fall\"\r\n, an aide added.\r\n"),
    ("control characters", "Tab\there, bell\x07 said \u2028 the minister \"ok\"."),
]


@pytest.mark.parametrize(("description", "text"), TEXTS)
def test_text_round_trips_and_every_mark_wraps_its_offsets(description: str, text: str) -> None:
    """The article's text equals the input, and each mark wraps exactly text[start:end]."""
    words = [w for w in text.split() if len(w) > 2]
    attributions = (
        record(text, "a1", [words[1]], cue=words[2], speaker=words[0], entity="e1"),
        record(text, "a2", [text[2:len(text) - 3]], speaker=words[-1]),
    )
    result = Result(text, attributions, (person("e1", "Someone", ("a1",)),))
    reader = read(result)
    assert reader.text == text, description
    assert reader.marked == expected_marks(result), description


def test_nested_attribution_sits_inside_the_outer_one() -> None:
    """The inner attribution's elements are inside the outer content's, which stays whole."""
    text = "The spokesman said Pompeo told Moon that he had talked with Kim."
    outer = record(text, "a1", ["Pompeo told Moon that he had talked with Kim"],
                   cue="said", speaker="The spokesman", kind=AttributionType.INDIRECT)
    inner = record(text, "a2", ["he had talked with Kim"], cue="told", speaker="Pompeo",
                   kind=AttributionType.INDIRECT, nested_in="a1")
    result = Result(text, (outer, inner), ())
    assert read(result).marked == expected_marks(result)
    article = render_html(result).split('id="article">')[1]
    assert article.index('data-attr="a1" data-role="content"') < article.index(
        'data-attr="a2" data-role="speaker"')


def test_overlapping_attributions_that_do_not_nest_render_well_formed() -> None:
    """Two contents that cross each other split into segments, each wrapping both."""
    text = "alpha beta gamma delta epsilon"
    first = record(text, "a1", ["alpha beta gamma"], speaker="epsilon")
    second = record(text, "a2", ["beta gamma delta"], speaker="alpha")
    result = Result(text, (first, second), ())
    reader = read(result)
    assert reader.text == text
    assert reader.marked == expected_marks(result)
    assert reader.stack == []


def test_discontinuous_content_marks_each_piece() -> None:
    """A quote split by its reporting clause is one attribution with two marked pieces."""
    text = '"We will win," he said, "and soon."'
    quote = record(text, "a1", ['"We will win,"', '"and soon."'], cue="said", speaker="he")
    result = Result(text, (quote,), ())
    assert read(result).marked[("a1", "content")] == '"We will win,""and soon."'


@pytest.mark.parametrize(("start", "end"), [(-5, 3), (3, 999), (4, 4), (8, 2)])
def test_offsets_outside_the_text_are_clipped_or_dropped(start: int, end: int) -> None:
    """Bad offsets never raise and never lose text."""
    text = "Some short text."
    bad = Attribution("a1", AttributionType.DIRECT, Content((Span(start, end, ""),), ""),
                      None, None, None, 0.5, "r", 0)
    assert read(Result(text, (bad,), ())).text == text


def test_focus_tip_names_resolved_speaker_type_confidence_and_rule() -> None:
    """The first piece of each content is focusable and carries who, type, confidence, rule."""
    text = "According to an official, it went well."
    attribution = record(text, "a1", ["it went well"], cue="According to",
                         speaker="an official", entity="e1", kind=AttributionType.INDIRECT,
                         confidence=0.86)
    speaker = person("e1", "an official", ("a1",), anonymous=True)
    document = render_html(Result(text, (attribution,), (speaker,)))
    assert 'tabindex="0"' in document
    assert ("a1 · indirect · speaker: an official = an official (anonymous) · confidence 0.86 "
            "· rule test-rule") in document
    assert '<span class="badge">anonymous</span>' in document


def test_no_speaker_is_said_in_words() -> None:
    """A quote with no named source says so in its tip and in the table."""
    text = 'It was announced that "all is fine".'
    document = render_html(Result(text, (record(text, "a1", ['"all is fine"']),), ()))
    assert "no speaker named" in document
    assert "none named" in document
    assert "<li>a1 (direct): &quot;all is fine&quot;</li>" in document
