"""Fixtures shared by every test package: the real Stanza pipeline, built once per session."""

from __future__ import annotations

import pytest

from attribution import Parser, load_parser


@pytest.fixture(scope="session")
def parser() -> Parser:
    """The real pipeline, found the way `load_parser` documents (bundled models in CI)."""
    return load_parser()
