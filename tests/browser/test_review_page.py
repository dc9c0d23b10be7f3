"""The review page in a real headless Chromium, against the real app on a loopback port.

Two layers:

- with a fake engine (``attribution.extract`` replaced by a hand-built result for a known
  article), the page itself is checked: highlights at exact offsets, nesting (a quote holding
  another is one highlight, ringed whole when focused), the speakers panel and its counts under
  the filters, choosing a speaker, filters, exports, errors in words, a sidebar that does not
  move under the pointer at desktop and phone widths, no missing file (favicon), and that an
  article full of ``<script>`` and ``<img onerror>`` text executes nothing;
- marked ``pipeline``, the real models (the session's ``parser`` fixture) on the seed
  article, read from ``../shared/examples`` at run time (skipped when it is absent).

Needs Debian's ``chromium`` and Playwright for Python (never ``playwright install``). Both are
skipped locally when missing and fail under CI. Screenshots go to ``artifacts/``; the seed
article's also to ``docs/review-page.png`` for the README when ``ATTRIBUTION_UPDATE_SCREENSHOT``
is set.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from attribution.service import create_app
from flask import Flask
from werkzeug.serving import make_server

import attribution
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

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
SEED = ROOT.parent / "shared" / "examples" / "seed-article.txt"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WAIT_MS = 15_000
PIPELINE_WAIT_MS = 240_000
CSV_COLUMNS = ["speaker", "resolved name", "anonymous", "type", "cue", "content",
               "confidence", "start", "end"]

ARTICLE = (
    "Talks in Geneva \U0001f1e8\U0001f1ed\n\n"
    "Foreign Minister Ana Ruiz met her counterpart on Tuesday. She said later that "
    "\u201creal progress\u201d had been made on the trade deal.\n\n"
    "According to an official of the trade delegation, the meeting \u201cwent better than "
    "the last one\u201d. \u201cWe are not there yet,\u201d he admitted.\n\n"
    "The spokesman of the ministry said Ana Ruiz told the press that she had discussed "
    "the tariffs with her counterpart.\n\n"
    "\u201cNothing has been signed,\u201d it was announced on Wednesday.\n"
)
NESTED = (
    "\u201cAna Ruiz said \u2018we have a deal\u2019 last night,\u201d the aide wrote.\n\n"
    "\u201cWe are close,\u201d she said, \u201cbut we are not there.\u201d\n"
)
SLOW = "This text takes the fake engine a while, the test said."
HOSTILE = (
    "The minister said <script>window.__pwned = 'script'</script> was fine.\n"
    "An aide wrote <img src=x onerror=\"window.__pwned = 'img'\"> twice.\n"
    "<svg onload=\"window.__pwned = 'svg'\"></svg> and <iframe srcdoc=\"<script>"
    "parent.__pwned = 'iframe'</script>\"></iframe> & \"quotes\", said the clerk.\n"
    "</div></span><b onmouseover=\"window.__pwned = 'hover'\">bold</b>\n"
)


def span(text: str, needle: str, after: str = "") -> tuple[int, int]:
    """Code-point offsets of the first ``needle`` at or after the first ``after``."""
    start = text.index(needle, text.index(after) if after else 0)
    return start, start + len(needle)


def mention(text: str, needle: str, entity: str | None, after: str = "") -> Mention:
    """A mention of ``needle`` linked to ``entity``."""
    return Mention(Span.of(text, *span(text, needle, after)), entity)


def record(text: str, ident: str, kind: str, content: str, cue: str | None,
           speaker: Mention | None, confidence: float, **extra: Any) -> Attribution:
    """A hand-built attribution; the cue is the first after ``extra["cue_after"]``."""
    cue_span = span(text, cue, extra.get("cue_after", "")) if cue else None
    cue_record = Cue(Span.of(text, *cue_span), cue.lower()) if cue and cue_span else None
    return Attribution(
        ident, AttributionType(kind), Content.of(text, [span(text, content)]), cue_record,
        speaker, extra.get("addressee"), confidence, extra.get("rule", "hand-built"), 0,
        extra.get("nested_in"),
    )


def article_result(text: str) -> Result:
    """The hand-built result of `ARTICLE`: nested, anonymous and unsourced attributions."""
    ruiz, official = "Ana Ruiz", "an official of the trade delegation"
    spokesman = "The spokesman of the ministry"
    attributions = (
        record(text, "a1", "mixed", "\u201creal progress\u201d had been made on the trade deal",
               "said", mention(text, "She", "e1"), 0.82, rule="say-ccomp"),
        record(text, "a2", "mixed", "the meeting \u201cwent better than the last one\u201d",
               "According to", mention(text, official, "e2"), 0.86, rule="according-to"),
        record(text, "a3", "direct", "\u201cWe are not there yet,\u201d", "admitted",
               mention(text, "he", "e2", "he admitted"), 0.9, rule="quote-said"),
        record(text, "a4", "indirect", "Ana Ruiz told the press that she had discussed the "
               "tariffs with her counterpart", "said", mention(text, spokesman, "e3"), 0.8,
               cue_after=spokesman),
        record(text, "a5", "indirect", "she had discussed the tariffs with her counterpart",
               "told", mention(text, ruiz, "e1", "said Ana"), 0.75, nested_in="a4",
               addressee=mention(text, "the press", None)),
        record(text, "a6", "direct", "\u201cNothing has been signed,\u201d", "announced",
               None, 0.55, rule="passive-announce"),
    )
    speakers = (
        Speaker("e1", ruiz, SpeakerKind.PERSON, False, (), ("a1", "a5")),
        Speaker("e2", official, SpeakerKind.PERSON, True, (), ("a2", "a3")),
        Speaker("e3", spokesman, SpeakerKind.PERSON, True, (), ("a4",)),
    )
    return Result(text, attributions, speakers)


def nested_result(text: str) -> Result:
    """`NESTED`: a quote holding a quote with its cue and speaker; a quote in two pieces."""
    outer = "\u201cAna Ruiz said \u2018we have a deal\u2019 last night,\u201d"
    two_pieces = record(text, "n3", "direct", "\u201cWe are close,\u201d", "said",
                        mention(text, "she", "e1"), 0.9, cue_after="she")
    pieces = [span(text, "\u201cWe are close,\u201d"), span(text, "\u201cbut we are not")]
    pieces[1] = (pieces[1][0], text.index("\u201d", pieces[1][0]) + 1)
    attributions = (
        record(text, "n1", "direct", outer, "wrote", mention(text, "the aide", "e2"), 0.9),
        record(text, "n2", "direct", "\u2018we have a deal\u2019", "said",
               mention(text, "Ana Ruiz", "e1"), 0.85, nested_in="n1"),
        dataclasses.replace(two_pieces, content=Content.of(text, pieces)),
    )
    speakers = (
        Speaker("e1", "Ana Ruiz", SpeakerKind.PERSON, False, (), ("n2", "n3")),
        Speaker("e2", "the aide", SpeakerKind.PERSON, True, (), ("n1",)),
    )
    return Result(text, attributions, speakers)


def hostile_result(text: str) -> Result:
    """Attributions whose content, cue and speaker cover the markup of `HOSTILE`."""
    attributions = (
        record(text, "a1", "direct", "<script>window.__pwned = 'script'</script>", "said",
               mention(text, "The minister", "e1"), 0.9),
        record(text, "a2", "direct", "<img src=x onerror=\"window.__pwned = 'img'\">", "wrote",
               mention(text, "An aide", None), 0.9),
        record(text, "a3", "indirect", HOSTILE[span(text, "<svg")[0]:span(text, "&")[1]],
               "said", mention(text, "the clerk", None), 0.7, cue_after="said the"),
    )
    name = "<img src=x onerror=\"window.__pwned = 'name'\">"
    return Result(text, attributions, (Speaker("e1", name, SpeakerKind.PERSON, False, (),
                                                ("a1",)),))


def fake_extract(text: str, parse: Any, *, resolve_speakers: bool = True,
                 rules_only: bool = False) -> Result:
    """Stands in for `attribution.extract`: hand-built results for the known articles."""
    if text == SLOW:
        time.sleep(1.5)
    if text == ARTICLE:
        return article_result(text)
    if text == NESTED:
        return nested_result(text)
    if text == HOSTILE:
        return hostile_result(text)
    return Result(text, (), ())


def playwright_or_skip() -> Any:
    """Playwright's sync API; skip (fail under CI) when it or Chromium is missing."""
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "playwright is not installed (pip install playwright)"
    if missing is None and not Path(CHROMIUM).exists():
        missing = f"{CHROMIUM} is missing (apt-get install chromium chromium-driver)"
    if missing and os.environ.get("CI"):
        pytest.fail(missing)
    if missing:
        pytest.skip(missing)
    return sync_playwright


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Run ``app`` on a free loopback port in a thread; yield its base URL; stop it."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="review-page", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless system Chromium for the module."""
    sync_playwright = playwright_or_skip()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        yield chromium
        chromium.close()


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The real app with the fake engine, served on loopback for one test."""
    monkeypatch.setattr(attribution, "extract", fake_extract)
    app = create_app({"LOAD_PIPELINE": "never", "CHECK_LANGUAGE": False,
                      "MAX_TEXT_CHARS": 5_000}, pipeline=lambda text: None)
    with serve(app) as base:
        yield base


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that accepts downloads and records dialogs and page errors."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.dialogs = []
    page.errors = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def attribute(page: Any, base: str, text: str, timeout: int = WAIT_MS) -> None:
    """Open the page, paste ``text``, click Attribute and wait for the result."""
    page.goto(base, timeout=WAIT_MS)
    page.fill("#text", text)
    page.get_by_role("button", name="Attribute").click()
    page.wait_for_selector("#results:not([hidden])", state="attached", timeout=timeout)
    page.wait_for_selector("#attribute:not([disabled])", state="attached", timeout=timeout)


def download_text(page: Any, button: str) -> str:
    """Click an export button and read the downloaded file."""
    with page.expect_download(timeout=WAIT_MS) as info:
        page.click(button)
    return Path(info.value.path()).read_text(encoding="utf-8-sig")


def marked_text(page: Any, ident: str, role: str) -> str:
    """The text an attribution's mark of ``role`` covers in the article."""
    return page.eval_on_selector_all(
        f'#article [data-attr="{ident}"][data-role="{role}"]',
        "nodes => nodes.filter(n => !n.parentElement.closest("
        f"'[data-attr=\"{ident}\"][data-role=\"{role}\"]')).map(n => n.textContent).join('')",
    )


def screenshot(page: Any, name: str, *copies: Path) -> None:
    """Save a full-page screenshot, scrolled to the top and unfocused, to artifacts/ and copies."""
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); "
                  "const box = document.querySelector('#text'); if (box) box.scrollTop = 0; }")
    image = page.screenshot(full_page=True, timeout=WAIT_MS)
    for path in (ARTIFACTS / name, *copies):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(image)


def test_highlights_follow_offsets_and_nest(page: Any, fake_server: str) -> None:
    """Every mark covers exactly its code-point offsets; the nested one sits in the outer."""
    attribute(page, fake_server, ARTICLE)
    assert page.text_content("#article") == ARTICLE
    expected = article_result(ARTICLE)
    for a in expected.attributions:
        assert marked_text(page, a.id, "content") == a.content.text
        if a.speaker:
            assert marked_text(page, a.id, "speaker") == a.speaker.span.text
        if a.cue:
            assert marked_text(page, a.id, "cue") == a.cue.span.text
    inner = '#article [data-attr="a4"][data-role="content"] [data-attr="a5"][data-role="content"]'
    assert page.locator(inner).count() > 0
    assert page.locator("#article .hl[tabindex='0']").count() == len(expected.attributions)
    assert page.errors == []
    screenshot(page, "review-page-fake.png")


def test_focus_shows_speaker_type_confidence_and_rule(page: Any, fake_server: str) -> None:
    """Tabbing to a highlight shows who said it, resolved, with type, confidence and rule."""
    attribute(page, fake_server, ARTICLE)
    page.focus("#hl-a2")
    details = page.text_content("#details")
    for words in ("an official of the trade delegation", "mixed", "0.86", "according-to"):
        assert words in details
    page.keyboard.press("Tab")
    assert "We are not there yet" in page.text_content("#details")


def speaker_button(page: Any, name: str) -> Any:
    """The speakers panel's button for ``name``."""
    return page.locator("#speakers button.speaker", has_text=name)


def test_speakers_panel_and_choosing_a_speaker(page: Any, fake_server: str) -> None:
    """Kinds, counts and anonymous badges; choosing a speaker dims every other attribution."""
    attribute(page, fake_server, ARTICLE)
    assert page.locator("#speakers button.speaker").count() == 3
    official = speaker_button(page, "an official of the trade delegation")
    assert official.locator(".badge.anonymous").count() == 1
    ruiz = speaker_button(page, "Ana Ruiz")
    assert ruiz.locator(".badge.anonymous").count() == 0
    assert "2 attributions" in ruiz.text_content() and "person" in ruiz.text_content()
    assert "Nothing has been signed" in page.text_content("#unsourced")
    ruiz.click()
    assert ruiz.get_attribute("aria-pressed") == "true"
    selected = set(page.eval_on_selector_all("#article .hl.sel", "n => n.map(e => e.dataset.attr)"))
    dimmed = set(page.eval_on_selector_all("#article .hl.dim", "n => n.map(e => e.dataset.attr)"))
    assert selected == {"a1", "a5"} and dimmed == {"a2", "a3", "a4", "a6"}
    assert page.locator("#speaker-quote-list li").count() == 2
    page.keyboard.press("Escape")
    assert page.locator("#article .hl.dim").count() == 0


def test_filters_by_type_and_confidence(page: Any, fake_server: str) -> None:
    """Unchecking a type or raising the minimum confidence removes those highlights."""
    attribute(page, fake_server, ARTICLE)
    page.uncheck("input[name=type][value=direct]")
    shown = set(page.eval_on_selector_all("#article .hl", "n => n.map(e => e.dataset.attr)"))
    assert shown == {"a1", "a2", "a4", "a5"}
    page.check("input[name=type][value=direct]")
    page.fill("#min-confidence", "0.8")
    shown = set(page.eval_on_selector_all("#article .hl", "n => n.map(e => e.dataset.attr)"))
    assert shown == {"a1", "a2", "a3", "a4"}
    assert page.text_content("#article") == ARTICLE


def test_exports_hold_one_row_per_attribution(page: Any, fake_server: str) -> None:
    """CSV (quoted properly) and JSON exports of the whole result."""
    attribute(page, fake_server, ARTICLE)
    rows = list(csv.reader(io.StringIO(download_text(page, "#export-csv"))))
    expected = article_result(ARTICLE).attributions
    assert rows[0] == CSV_COLUMNS
    assert len(rows) == 1 + len(expected)
    by_content = {row[5]: row for row in rows[1:]}
    assert by_content["\u201cWe are not there yet,\u201d"][:5] == [
        "he", "an official of the trade delegation", "true", "direct", "admitted"]
    assert by_content["\u201cNothing has been signed,\u201d"][:3] == ["", "", ""]
    assert [int(x) for x in rows[1][7:]] == [expected[0].content.start, expected[0].content.end]
    exported = json.loads(download_text(page, "#export-json"))
    assert exported["text"] == ARTICLE
    assert len(exported["attributions"]) == len(expected)


def test_keyboard_alone_attributes_and_chooses_a_speaker(page: Any, fake_server: str) -> None:
    """Ctrl+Enter attributes; Tab reaches the highlights; Enter on a speaker chooses it."""
    page.goto(fake_server, timeout=WAIT_MS)
    page.focus("#text")
    page.keyboard.insert_text(ARTICLE)
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#hl-a1", timeout=WAIT_MS)
    page.focus("#article")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "hl-a1"
    speaker_button(page, "Ana Ruiz").focus()
    page.keyboard.press("Enter")
    assert speaker_button(page, "Ana Ruiz").get_attribute("aria-pressed") == "true"
    page.keyboard.press("Escape")
    assert speaker_button(page, "Ana Ruiz").get_attribute("aria-pressed") == "false"


DROP_FILE = """(text) => {
  const data = new DataTransfer();
  data.items.add(new File([text], "article.txt", { type: "text/plain" }));
  document.querySelector("#text").dispatchEvent(
    new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
}"""


def test_a_txt_file_can_be_dropped_or_opened(page: Any, fake_server: str) -> None:
    """Dropping a .txt file on the box, or choosing one, fills it; other files are refused."""
    page.goto(fake_server, timeout=WAIT_MS)
    page.evaluate(DROP_FILE, ARTICLE)
    page.wait_for_function("() => document.querySelector('#text').value.length > 0",
                           timeout=WAIT_MS)
    assert page.input_value("#text") == ARTICLE
    page.fill("#text", "")
    page.set_input_files("#file", files=[
        {"name": "article.txt", "mimeType": "text/plain", "buffer": ARTICLE.encode()}])
    page.wait_for_function("() => document.querySelector('#text').value.length > 0",
                           timeout=WAIT_MS)
    assert page.input_value("#text") == ARTICLE
    page.set_input_files("#file", files=[
        {"name": "photo.png", "mimeType": "image/png", "buffer": b"\x89PNG"}])
    page.wait_for_selector("#error:not([hidden])", timeout=WAIT_MS)
    assert "not a plain-text" in page.text_content("#error")


RINGED = """(id) => [...document.querySelectorAll(`#article .hl-content[data-attr="${id}"]`)]
  .map((node) => [node.textContent, getComputedStyle(node).outlineStyle !== "none"])"""


def test_a_quote_holding_a_quote_is_one_highlight_ringed_whole(page: Any,
                                                               fake_server: str) -> None:
    """The outer quote is one element around its whole text, nested quote, cue and speaker
    included; focused, it is ringed whole; a quote in two pieces has both pieces ringed."""
    attribute(page, fake_server, NESTED)
    result = nested_result(NESTED)
    outer, inner, two_pieces = result.attributions
    assert page.text_content("#hl-n1") == outer.content.text
    assert page.locator("#hl-n1 [data-attr='n2'][data-role='speaker']").count() == 1
    assert page.text_content("#hl-n2") == inner.content.text
    page.focus("#hl-n1")
    assert page.evaluate(RINGED, "n1") == [[outer.content.text, True]]
    page.focus("#hl-n3")
    assert page.evaluate(RINGED, "n3") == [
        [piece.text, True] for piece in two_pieces.content.spans]
    assert page.evaluate(RINGED, "n1") == [[outer.content.text, False]]
    assert page.errors == []


def test_speaker_counts_follow_the_filters(page: Any, fake_server: str) -> None:
    """Each speaker's count is of the attributions the filters let through."""
    attribute(page, fake_server, ARTICLE)
    official = speaker_button(page, "an official of the trade delegation")
    ruiz = speaker_button(page, "Ana Ruiz")
    assert "2 attributions" in official.text_content()
    page.uncheck("input[name=type][value=direct]")
    assert "1 of 2 attributions shown" in official.text_content()
    assert "2 attributions" in ruiz.text_content()
    page.fill("#min-confidence", "0.85")
    assert "0 of 2 attributions shown" in ruiz.text_content()
    page.check("input[name=type][value=direct]")
    page.fill("#min-confidence", "0")
    assert "2 attributions" in official.text_content()
    assert "shown" not in official.text_content()


UNSOURCED_PLACE = """() => {
  const side = document.querySelector(".side");
  const box = document.querySelector("#unsourced").closest("section").getBoundingClientRect();
  return [Math.round(box.top - side.getBoundingClientRect().top + side.scrollTop),
          side.scrollHeight];
}"""
UNSOURCED_IN_VIEW = """() => {
  const box = document.querySelector("#unsourced-heading").getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + 5, box.top + box.height / 2);
  return hit !== null && hit.closest("#unsourced-heading") !== null;
}"""


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_unsourced_list_stays_put_whatever_is_hovered(browser: Any, fake_server: str,
                                                      width: int, height: int) -> None:
    """Hovering any highlight changes neither the sidebar's height nor where "No speaker: to
    check" sits in it; brought into view, the list stays in view while highlights are hovered."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        attribute(page, fake_server, ARTICLE)
        place = page.evaluate(UNSOURCED_PLACE)
        highlights = page.locator("#article .hl-content")
        assert highlights.count() >= len(article_result(ARTICLE).attributions)
        for index in range(highlights.count()):
            highlights.nth(index).hover()
            assert page.evaluate(UNSOURCED_PLACE) == place, f"after hovering highlight {index}"
        page.locator("#unsourced-heading").scroll_into_view_if_needed()
        hovered = 0
        for index in range(highlights.count()):  # those on screen beside the list
            box = highlights.nth(index).bounding_box()
            if box and box["y"] >= 0 and box["y"] + box["height"] <= height:
                page.mouse.move(box["x"] + 2, box["y"] + box["height"] / 2)
                assert page.evaluate(UNSOURCED_IN_VIEW), f"after hovering highlight {index}"
                hovered += 1
        assert hovered > 0 or width < 900  # one column: the article is above the list
        page.locator("#unsourced button.quote-link").first.click()
        assert page.evaluate("document.activeElement.id") == "hl-a6"
    finally:
        context.close()


def test_every_file_of_the_page_is_found(page: Any, fake_server: str) -> None:
    """Loading and using the page asks for nothing the service lacks, its icon included."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    attribute(page, fake_server, ARTICLE)
    assert page.evaluate("document.querySelector('link[rel=icon]').href").endswith(".svg")
    for path in ("ui/favicon.svg", "favicon.ico"):
        response = page.request.get(fake_server + path, timeout=WAIT_MS)
        assert response.ok and response.headers["content-type"].startswith("image/svg+xml")
    assert failed == []


def test_narrow_screen_has_one_column_and_no_sideways_scroll(browser: Any,
                                                            fake_server: str) -> None:
    """On a phone-sized screen the panels follow the article and nothing overflows."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        attribute(page, fake_server, ARTICLE)
        assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
        article = page.locator("#article").bounding_box()
        side = page.locator(".side").bounding_box()
        assert side["y"] >= article["y"] + article["height"]
        screenshot(page, "review-page-narrow.png")
    finally:
        context.close()


CSV_CASES = [
    # (content, the cell as written, the cell as a spreadsheet reads it)
    ("plain words", "plain words", "plain words"),
    ('He said, "no".', '"He said, ""no""."', 'He said, "no".'),
    ("two\r\nlines", '"two\r\nlines"', "two\r\nlines"),
    ('=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"', '\'=HYPERLINK("x")'),
    ("@SUM(A1)", "'@SUM(A1)", "'@SUM(A1)"),
    ("caf\u00e9 \U0001f600", "caf\u00e9 \U0001f600", "caf\u00e9 \U0001f600"),
]
TO_CSV = """([contents]) => import("./ui/exports.js").then(({ toCsv }) => toCsv(
  contents.map((text, i) => ({ id: `a${i}`, type: "direct", speaker: null, cue: null,
    content: { text, start: i, end: i + 1, spans: [[i, i + 1]] }, confidence: 0.5 })),
  new Map()))"""


def test_csv_cells_are_quoted_and_never_formulas(page: Any, fake_server: str) -> None:
    """RFC 4180 quoting; a cell a spreadsheet would run as a formula is kept as text."""
    page.goto(fake_server, timeout=WAIT_MS)
    written = page.evaluate(TO_CSV, [[content for content, _, _ in CSV_CASES]])
    assert written.startswith("\ufeff" + ",".join(CSV_COLUMNS) + "\r\n")
    for _, raw, _ in CSV_CASES:
        assert f",,,direct,,{raw},0.5," in written
    rows = list(csv.reader(io.StringIO(written.removeprefix("\ufeff"), newline="")))
    assert [row[5] for row in rows[1:]] == [read for _, _, read in CSV_CASES]


def test_progress_shows_while_the_service_works(page: Any, fake_server: str) -> None:
    """The button is disabled and a progress bar shown until the answer comes."""
    page.goto(fake_server, timeout=WAIT_MS)
    page.fill("#text", SLOW)
    page.get_by_role("button", name="Attribute").click()
    page.wait_for_selector("#progress progress", state="visible", timeout=WAIT_MS)
    assert page.is_disabled("#attribute")
    page.wait_for_selector("#progress", state="hidden", timeout=WAIT_MS)
    assert page.is_enabled("#attribute")
    assert "No attributions were found" in page.text_content("#summary")


def test_api_errors_are_shown_in_words(page: Any, fake_server: str) -> None:
    """An empty text and a text over the service's limit each give a sentence, not a stack."""
    page.goto(fake_server, timeout=WAIT_MS)
    page.get_by_role("button", name="Attribute").click()
    assert "empty" in page.text_content("#error")
    page.fill("#text", "word " * 1_200)
    page.get_by_role("button", name="Attribute").click()
    page.wait_for_selector("#error:not([hidden])", timeout=WAIT_MS)
    page.wait_for_function("() => document.querySelector('#error').textContent.includes('limit')",
                           timeout=WAIT_MS)
    assert "Traceback" not in page.text_content("#error")


def test_article_markup_never_executes(page: Any, fake_server: str) -> None:
    """<script>, <img onerror>, <svg onload> and <iframe> in the article render as text."""
    attribute(page, fake_server, HOSTILE)
    page.hover("#article [data-attr='a3']")
    page.focus("#hl-a1")
    page.click("#speakers button.speaker")
    assert page.text_content("#article") == HOSTILE
    tags = page.eval_on_selector_all(
        "body script, body img, body svg, body iframe, #article b", "n => n.length")
    assert tags == 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == [] and page.errors == []


def test_rendered_document_never_executes(page: Any, fake_server: str) -> None:
    """The standalone document of POST /v1/render shows the markup as text, inert."""
    page.goto(fake_server, timeout=WAIT_MS)
    response = page.request.post(fake_server + "v1/render", data={"text": HOSTILE},
                                 timeout=WAIT_MS)
    assert response.ok
    page.set_content(response.text(), timeout=WAIT_MS)
    assert page.text_content("#article") == HOSTILE
    assert page.locator("#article script, #article img, #article svg, #article iframe").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []


@pytest.mark.pipeline
def test_seed_article_on_the_real_models(browser: Any, parser: Any) -> None:
    """The seed article through the real pipeline: Pompeo and the anonymous official."""
    if not SEED.is_file():
        pytest.skip(f"{SEED} is absent")
    text = SEED.read_text(encoding="utf-8")
    with serve(create_app({"LOAD_PIPELINE": "never"}, pipeline=parser)) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(WAIT_MS)
        try:
            attribute(page, base, text, timeout=PIPELINE_WAIT_MS)
            assert page.is_hidden("#error"), page.text_content("#error")
            assert page.locator("#article .hl-content").count() > 0
            official = speaker_button(page, "an official of the US delegation")
            assert official.locator(".badge.anonymous").count() == 1
            pompeo = speaker_button(page, "Mike Pompeo")
            assert pompeo.locator(".badge.anonymous").count() == 0
            assert "0 attributions" not in pompeo.text_content()
            pompeo.click()
            assert page.locator("#article .hl.sel").count() > 0
            assert page.locator("#speaker-quote-list li").count() > 0
            page.keyboard.press("Escape")
            readme_copy = [ROOT / "docs" / "review-page.png"] if os.environ.get(
                "ATTRIBUTION_UPDATE_SCREENSHOT") else []
            screenshot(page, "review-page.png", *readme_copy)
        finally:
            page.close()
