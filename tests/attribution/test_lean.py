"""attribution.lean: deferred and hidden imports behave like the real modules when used."""

from __future__ import annotations

import subprocess
import sys
import types

import pytest

from attribution import lean


@pytest.fixture
def fresh_module(tmp_path, monkeypatch):
    """A package ``leanprobe`` on sys.path whose code records that it ran."""
    package = tmp_path / "leanprobe"
    package.mkdir()
    (package / "__init__.py").write_text("RAN = True\nVALUE = 41 + 1\n")
    (package / "sub.py").write_text("NAME = 'sub'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "leanprobe"
    for name in ("leanprobe", "leanprobe.sub"):
        sys.modules.pop(name, None)


def test_a_deferred_module_runs_on_its_first_attribute(fresh_module: str) -> None:
    """Binding does not run the code; reading an attribute does, once."""
    assert lean.lazy_import(fresh_module)
    module = sys.modules[fresh_module]
    assert isinstance(module, lean.Deferred)
    assert "RAN" not in vars(module)
    assert module.VALUE == 42
    assert type(module) is types.ModuleType
    assert module.RAN


def test_looking_at_a_deferred_module_does_not_run_it(fresh_module: str) -> None:
    """``__file__`` and ``__path__`` (what torch and the import system read) are there already."""
    lean.lazy_import(fresh_module)
    module = sys.modules[fresh_module]
    assert module.__file__.endswith("__init__.py")
    assert hasattr(module, "__path__")
    assert "RAN" not in vars(module)


def test_a_submodule_of_a_deferred_package_imports(fresh_module: str) -> None:
    """``import package.sub`` works on a package whose code has not run."""
    lean.lazy_import(fresh_module)
    import leanprobe.sub  # noqa: PLC0415

    assert leanprobe.sub.NAME == "sub"
    assert leanprobe.VALUE == 42


def test_lazy_import_leaves_imported_and_missing_modules_alone() -> None:
    """A module already imported is kept; one that does not exist is not bound."""
    assert not lean.lazy_import("json")
    assert not lean.lazy_import("surely_no_such_module_here")
    assert "surely_no_such_module_here" not in sys.modules


def test_hidden_modules_fail_to_import_only_inside_the_block(fresh_module: str) -> None:
    """Inside `hidden` the import raises ImportError; afterwards it imports normally."""
    with lean.hidden((fresh_module,)), pytest.raises(ImportError):
        __import__(fresh_module)
    assert __import__(fresh_module).VALUE == 42


def test_hidden_keeps_a_module_that_is_already_imported() -> None:
    """A module imported before the block stays importable in it."""
    with lean.hidden(("json",)):
        assert __import__("json").dumps([1]) == "[1]"


def test_a_lean_stanza_import_skips_ipython_networkx_and_requests() -> None:
    """In a fresh process the pipeline's imports leave the three modules unrun, and they work."""
    code = (
        "import sys\n"
        "from attribution import lean\n"
        "lean.import_stanza()\n"
        "import stanza.models.common.doc\n"
        "print(sorted(m for m in ('IPython', 'networkx', 'requests')"
        " if type(sys.modules.get(m)).__name__ == 'module'))\n"
        "import networkx\n"
        "print(networkx.DiGraph().number_of_nodes())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "0"]
