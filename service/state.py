"""The attribution pipeline of one process, kept in ``app.extensions``, and its loading."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from attribution import load_parser
from attribution.errors import AttributionError, ModelNotFoundError

EXTENSION = "attribution"
LOAD_MODES = ("eager", "background", "never")
log = logging.getLogger(__name__)
FAILED_MESSAGE = "The models could not be loaded; the server log says why."


class NotReadyError(ModelNotFoundError):
    """The models are not loaded (yet, or they failed to load)."""


@dataclass
class PipelineState:
    """The parser once loaded, or why it is not."""

    parser: Any = None
    error: str | None = None
    loading: bool = False

    @property
    def ready(self) -> bool:
        """Whether requests can be attributed."""
        return self.parser is not None

    def require(self) -> Any:
        """The parser; raise `NotReadyError` (→ 503) when it is not loaded."""
        if self.parser is None:
            # the detailed error names server paths: it goes to the log, not to clients
            reason = (FAILED_MESSAGE if self.error else "The models are still loading."
                      if self.loading else "No models are loaded.")
            raise NotReadyError(reason + " Retry when GET /readyz answers 200.")
        return self.parser

    def load(self, model_dir: str | None, threads: int | None) -> None:
        """Build the parser; keep the error message instead of raising."""
        self.loading = True
        try:
            self.parser = load_parser(model_dir, threads=threads)
        except AttributionError as error:
            self.error = str(error)
            log.error("attribution models not loaded: %s", error)
        finally:
            self.loading = False


def init_pipeline(app: Flask, pipeline: Any = None) -> PipelineState:
    """Attach the pipeline state to ``app`` and load it the way the config says."""
    state = PipelineState(parser=pipeline)
    app.extensions[EXTENSION] = state
    mode = app.config["LOAD_PIPELINE"]
    if mode not in LOAD_MODES:
        raise ValueError(f"LOAD_PIPELINE must be one of {LOAD_MODES}, not {mode!r}")
    if pipeline is not None or mode == "never":
        return state
    args = (app.config["MODEL_DIR"], app.config["TORCH_THREADS"])
    if mode == "background":
        state.loading = True
        threading.Thread(target=state.load, args=args, name="load-models", daemon=True).start()
    else:
        state.load(*args)
    return state


def exit_unless_loaded(app: Flask) -> None:
    """Stop the process with the loading error (exit status 1) when eager loading failed.

    For ``attribution serve``: a server that can never attribute should not run, answering
    503 forever; gunicorn, preloading the app, exits with this message instead.
    """
    state = app.extensions[EXTENSION]
    if state.error and app.config["LOAD_PIPELINE"] == "eager":
        raise SystemExit(f"attribution serve: the models could not be loaded.\n{state.error}")


def pipeline_state() -> PipelineState:
    """The state of the current app."""
    return current_app.extensions[EXTENSION]
