"""Strict marshmallow fields: JSON types are taken as sent, never coerced.

marshmallow's `Boolean` loads ``0``, ``"yes"`` and ``"on"``, and its `Float` loads ``"0.5"``;
a client sending those has a bug the service should report (422), not guess around.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields


class StrictBoolean(fields.Boolean):
    """A JSON ``true`` or ``false``, nothing else."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class StrictFloat(fields.Float):
    """A JSON number (not a string, not a boolean) that a float can hold."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid", input=value)
        try:
            return super()._deserialize(value, attr, data, **kwargs)
        except OverflowError as error:
            raise self.make_error("too_large", input=value) from error
