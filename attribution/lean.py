"""Import Stanza without the modules that parsing never runs: about 40 MiB less per process.

``import stanza`` imports every processor and utility it has. Three of the imports cost
memory in every process and do nothing for a parse:

* ``stanza.utils.get_tqdm`` imports IPython (22 MiB when it is installed) only to ask
  whether it runs inside a notebook shell. No shell runs in a process that has not imported
  IPython, so while Stanza loads, IPython is hidden (`HIDDEN`): the probe then takes its
  "no IPython" path, which gives the same progress bar as "IPython, no shell".
* ``networkx`` (12 MiB) builds Semgrex and enhanced-dependency graphs, and ``requests``
  (6 MiB) downloads models; neither happens here. They are imported lazily (`LAZY`): the
  name is bound at once to a `Deferred` module and the module's code runs the first time one
  of its attributes is read, so code that does use them still works. (The standard library's
  ``LazyLoader`` runs the code on any attribute, and torch reads ``__file__`` of every module
  in ``sys.modules`` while it registers operators, so it would load them all at once.)

Outputs are unchanged; `tests/attribution/test_lean.py` checks the modules and a parse.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager

HIDDEN = ("IPython",)
LAZY = ("networkx", "requests")


class Deferred(types.ModuleType):
    """A module whose code has not run yet; it runs when a missing attribute is first read.

    ``__name__``, ``__file__``, ``__path__`` and ``__spec__`` are set from the start, so
    looking at the module (or importing a submodule) does not run it.
    """

    def __getattr__(self, attr: str) -> object:
        self.__class__ = types.ModuleType  # from here on an ordinary module
        self.__spec__.loader.exec_module(self)  # type: ignore[union-attr]
        return getattr(self, attr)


def lazy_import(name: str) -> bool:
    """Bind ``name`` in ``sys.modules`` to a `Deferred` module; False if absent or imported."""
    if name in sys.modules:
        return False
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return False
    module = importlib.util.module_from_spec(spec)
    module.__class__ = Deferred
    sys.modules[name] = module
    return True


@contextmanager
def hidden(names: tuple[str, ...] = HIDDEN) -> Iterator[None]:
    """Make ``import NAME`` fail while the block runs, for names not imported already."""
    absent = [name for name in names if name not in sys.modules]
    for name in absent:
        sys.modules[name] = None  # type: ignore[assignment]  # import then raises ImportError
    try:
        yield
    finally:
        for name in absent:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]


def import_stanza() -> object:
    """``import stanza`` with `HIDDEN` hidden and `LAZY` lazy; returns the module."""
    if "stanza" in sys.modules:
        return sys.modules["stanza"]
    for name in LAZY:
        lazy_import(name)
    with hidden():
        import stanza
    return stanza
