"""Schemas of the operational endpoints (health, readiness, version) and of an error body."""

from __future__ import annotations

from marshmallow import Schema, fields


class HealthSchema(Schema):
    """``GET /healthz``: the process answers."""

    status = fields.String(required=True, metadata={"example": "ok"})


class ReadySchema(Schema):
    """``GET /readyz``: the models are loaded and the service takes requests."""

    status = fields.String(required=True, metadata={"example": "ready"})
    model = fields.String(required=True)


class ModelSchema(Schema):
    """The model set in use and its manifest."""

    name = fields.String(required=True)
    source = fields.String(required=True)
    manifest = fields.Dict(keys=fields.String(), required=True)


class VersionSchema(Schema):
    """``GET /version``: package version and model provenance (null until loaded)."""

    version = fields.String(required=True)
    model = fields.Nested(ModelSchema, allow_none=True, required=True)


class ErrorBodySchema(Schema):
    """One error: the same fields as every error response of the service."""

    code = fields.Integer(required=True)
    status = fields.String(required=True)
    message = fields.String(required=True)
    errors = fields.Dict()
