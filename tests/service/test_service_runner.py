"""The runner: options from request data, input checks, and filtering of records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from attribution.service.errors import status_for
from attribution.service.runner import Limits, Options, check_text, document_item, select

from attribution.errors import NotEnglishError, TextTooLongError
from attribution.model import AttributionType


@pytest.mark.parametrize(("data", "options"), [
    (None, Options()),
    ({}, Options()),
    ({"types": ["direct"]}, Options(types=frozenset({AttributionType.DIRECT}))),
    ({"min_confidence": 0.3, "resolve_speakers": False},
     Options(min_confidence=0.3, resolve_speakers=False)),
])
def test_options_from_loaded_data(data: dict | None, options: Options) -> None:
    """Loaded options become an `Options`; missing keys keep the defaults."""
    assert Options.from_dict(data) == options


@pytest.mark.parametrize(("text", "limits", "error"), [
    ("short", Limits(max_text_chars=5), None),
    ("longer", Limits(max_text_chars=5), TextTooLongError),
    ("Der Minister sagte am Dienstag, die neue Brücke werde im nächsten Frühjahr eröffnet, "
     "doch die Ingenieure warnten vor Verzögerungen und Kosten.", Limits(), NotEnglishError),
    ("Der Minister sagte am Dienstag, die neue Brücke werde im nächsten Frühjahr eröffnet, "
     "doch die Ingenieure warnten vor Verzögerungen und Kosten.",
     Limits(check_language=False), None),
])
def test_check_text(text: str, limits: Limits, error: type[Exception] | None) -> None:
    """Too long and not English are refused before parsing; the checks can be relaxed."""
    if error is None:
        check_text(text, limits)
    else:
        with pytest.raises(error):
            check_text(text, limits)


def test_select_without_filters_is_identity(make_result: Callable[[str], Any]) -> None:
    """No filters: the very same result comes back."""
    result = make_result("Some text here.")
    assert select(result, Options()) is result


@pytest.mark.parametrize(("error", "status"), [
    (TextTooLongError("x"), 413), (NotEnglishError("x"), 422), (RuntimeError("x"), 500),
])
def test_status_for_errors(error: Exception, status: int) -> None:
    """Core errors map to their HTTP status; anything else is a 500."""
    assert status_for(error) == status


def test_document_item_never_raises_for_bad_input(fake_parser: Any) -> None:
    """A missing or wrong-typed text becomes an error item carrying the id."""
    item = document_item("d1", None, fake_parser, Options(), Limits())
    assert item["id"] == "d1" and item["error"]["code"] == 422


@pytest.mark.parametrize("rules_only", [False, True])
def test_rules_only_setting_reaches_the_engine(monkeypatch: pytest.MonkeyPatch,
                                               rules_only: bool) -> None:
    """ATTRIBUTION_RULES_ONLY / --rules-only (Limits.rules_only) turns the detector off."""
    from attribution.service.runner import run

    import attribution
    from attribution.model import Result

    seen: dict[str, Any] = {}

    def spy(text: str, parser: Any, **options: Any) -> Result:
        seen.update(options)
        return Result(text, (), ())

    monkeypatch.setattr(attribution, "extract", spy)
    run("The mayor said the bridge would reopen.", None, Options(),
        Limits(check_language=False, rules_only=rules_only))
    assert seen["rules_only"] is rules_only
