"""Exceptions raised by the attribution core.

    AttributionError            base of everything the core raises on purpose
    ├── ModelNotFoundError      no model set could be loaded; the message lists where it looked
    ├── InputError              the input cannot be processed
    │   ├── EmptyTextError      nothing but white space
    │   ├── TextTooLongError    over the configured character limit
    │   └── NotEnglishError     the text does not look like English
    ├── EvaluationError         a gold or prediction file is malformed
    └── TimeBudgetError         the text was not processed within its time budget

The service maps these to HTTP statuses; the command line prints their message.
"""

from __future__ import annotations


class AttributionError(Exception):
    """Base class of the core's own errors."""


class ModelNotFoundError(AttributionError):
    """No Stanza model set could be loaded from any of the places searched."""


class InputError(AttributionError):
    """The input text cannot be processed."""


class EmptyTextError(InputError):
    """The text is empty or white space only."""


class TextTooLongError(InputError):
    """The text is longer than the configured limit."""


class NotEnglishError(InputError):
    """The text does not look like English."""


class EvaluationError(AttributionError):
    """A gold or prediction file is malformed."""


class TimeBudgetError(AttributionError):
    """The text could not be processed within the time budget set for it."""
