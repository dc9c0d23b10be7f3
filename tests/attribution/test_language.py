"""The English check: function-word share over word tokens, with negative cases in the table."""

from __future__ import annotations

import pytest

from attribution.errors import NotEnglishError
from attribution.language import MIN_WORDS, english_share, ensure_english, looks_english, words

ENGLISH = ("The minister said on Tuesday that the new bridge would open next spring, but "
           "engineers warned that the budget had already doubled and that delays were likely.")
CASES = [
    ("english news", ENGLISH, True),
    ("english quote", "“We are not there yet,” one of the engineers told reporters after the "
                      "meeting, adding that the city would have to find more money for it.", True),
    ("french", "Le ministre a déclaré mardi que le nouveau pont ouvrirait au printemps prochain, "
               "mais les ingénieurs ont averti que le budget avait déjà doublé.", False),
    ("german", "Der Minister sagte am Dienstag, die neue Brücke werde im nächsten Frühjahr "
               "eröffnet, doch die Ingenieure warnten, dass sich das Budget verdoppelt habe.",
     False),
    ("spanish", "El ministro dijo el martes que el nuevo puente abriría la próxima primavera, "
                "pero los ingenieros advirtieron que el presupuesto ya se había duplicado.", False),
    ("russian", "Министр заявил во вторник, что новый мост откроется следующей весной, но "
                "инженеры предупредили, что бюджет уже удвоился и задержки вероятны, как и "
                "раньше говорили многие эксперты в городе.", False),
    ("short foreign headline", "Le pont ouvrira au printemps", True),
    ("numbers only", "12 34 56 " * 20, True),
    ("empty", "", True),
]


@pytest.mark.parametrize(("name", "text", "english"), CASES, ids=[c[0] for c in CASES])
def test_looks_english(name: str, text: str, english: bool) -> None:
    """Long English passes, long foreign text fails, texts too short to judge pass."""
    assert looks_english(text) is english


def test_ensure_english_raises_with_a_reason() -> None:
    """The error says what was measured and what the service accepts."""
    with pytest.raises(NotEnglishError, match="English news text only"):
        ensure_english(CASES[2][1])
    ensure_english(ENGLISH)


@pytest.mark.parametrize(("text", "expected"), [
    ("Don't stop", ["don't", "stop"]),
    ("l’État dit", ["l’état", "dit"]),
    ("x2 y_z 42", ["x", "y", "z"]),
])
def test_words(text: str, expected: list[str]) -> None:
    """Word tokens are runs of letters, lower-cased, with one inner apostrophe kept."""
    assert words(text) == expected


def test_share_bounds() -> None:
    """The share is 0 without words and high for English prose; MIN_WORDS guards short text."""
    assert english_share("") == 0.0
    assert english_share(ENGLISH) > 0.3
    assert len(words(CASES[6][1])) < MIN_WORDS
