"""The release as a user gets it: sdist and wheel built, installed alone, served from elsewhere.

`python -m build` makes the sdist, then the wheel from that sdist (so a file missing from the
sdist is missing from the wheel too). The wheel is installed with its dependencies into a new
virtualenv that does not see this machine's site-packages (so an undeclared dependency fails
here), with `constraints.txt` as the README's install command uses it; then, from a directory
outside the checkout and with no ``OMP_NUM_THREADS`` set, ``attribution extract`` must print
its table with nothing on stderr, and ``attribution serve`` on a loopback port must answer an
article: the gunicorn settings, the page and the models have to come from the installed
package.

Marked ``release`` (about two minutes, most of it installing torch into the virtualenv):
deselect with ``-m "not release"``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.release

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "examples" / "articles" / "talks-envoy.txt"
DATA_DIRS = ("attribution/data", "attribution/models/en", "attribution/models/cues",
             "service/static")
MODULES = ("service/gunicorn_conf.py", "service/wsgi.py", "attribution/nlp.py")
INSTALL_SECONDS = 900
READY_SECONDS = 240
ANSWER_SECONDS = 90  # a worker without its thread settings hangs until gunicorn kills it


# Where the repository's top-level folders install (pyproject.toml's package-dir).
INSTALLED_AS = {"service/": "attribution/service/", "schemas/": "attribution/schemas/"}


def package_files() -> list[str]:
    """Every data file of the checkout's packages, and the modules `serve` needs."""
    files = [str(path.relative_to(ROOT)) for folder in DATA_DIRS
             for path in sorted((ROOT / folder).rglob("*"))
             if path.is_file() and "__pycache__" not in path.parts]
    return [*files, *MODULES]


def installed_name(name: str) -> str:
    """The path a checkout file has inside the wheel."""
    for folder, target in INSTALLED_AS.items():
        if name.startswith(folder):
            return target + name.removeprefix(folder)
    return name


def run(command: list[Any], **kwargs: Any) -> str:
    """Run a command; fail with its output when it fails."""
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True,
                          **kwargs)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel built from it, as a release is built."""
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", out, ROOT], timeout=INSTALL_SECONDS)
    return out


@pytest.fixture(scope="module")
def venv(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtualenv, without this machine's site-packages, holding the installed wheel."""
    home = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", home], timeout=INSTALL_SECONDS)
    wheel = next(dist.glob("*.whl"))
    run([home / "bin" / "python", "-m", "pip", "install", "--quiet",
         "-c", ROOT / "constraints.txt", wheel], timeout=INSTALL_SECONDS)
    return home


def test_sdist_and_wheel_hold_the_package_data(dist: Path) -> None:
    """Models, word lists, the page's files and the gunicorn settings ship in both."""
    wheel = set(zipfile.ZipFile(next(dist.glob("*.whl"))).namelist())
    with tarfile.open(next(dist.glob("*.tar.gz"))) as sdist:
        top = sdist.getnames()[0].split("/")[0]
        in_sdist = {name.removeprefix(top + "/") for name in sdist.getnames()}
    wanted = package_files()
    assert len(wanted) > 10
    assert [name for name in wanted if installed_name(name) not in wheel] == []
    assert [name for name in wanted if name not in in_sdist] == []
    # nothing but the project's own package at the top of site-packages
    assert {name.split("/")[0] for name in wheel if not name.split("/")[0].endswith(
        ".dist-info")} == {"attribution"}
    assert {"LICENSE", "README.md", "constraints.txt", "pyproject.toml"} <= in_sdist
    assert not [name for name in wheel if name.startswith(("tests/", "benchmarks/", "tools/"))]


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, body: bytes | None = None, timeout: float = 10,
          content_type: str = "text/plain; charset=utf-8") -> tuple[int, bytes]:
    """Status and body of one request."""
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def user_environment(home: Path, workdir: Path) -> dict[str, str]:
    """A user's shell: the venv on PATH, no project variables, no thread count set."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("ATTRIBUTION_", "PYTHON", "OMP_", "VIRTUAL_ENV"))}
    env["PATH"] = f"{home / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["STANZA_RESOURCES_DIR"] = str(workdir / "no-stanza-resources")  # bundled models only
    return env


@pytest.fixture(scope="module")
def served(venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``attribution serve`` of the venv, run from outside the checkout: (base URL, log)."""
    workdir = tmp_path_factory.mktemp("elsewhere")
    port, log = free_port(), workdir / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [venv / "bin" / "attribution", "serve", "--port", str(port)], cwd=workdir,
            env=user_environment(venv, workdir), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, process, log)
        yield base, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def wait_ready(base: str, process: subprocess.Popen, log: Path) -> None:
    """Poll /readyz until 200; fail with the server's log if it exits or never gets ready."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"attribution serve exited:\n{log.read_text()[-3000:]}")
        try:
            if fetch(base + "/readyz", timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    pytest.fail(f"attribution serve was not ready in {READY_SECONDS} s:\n"
                f"{log.read_text()[-3000:]}")


def test_the_wheel_imports_from_its_own_virtualenv(venv: Path) -> None:
    """The package runs from the venv, not from this checkout."""
    where = run([venv / "bin" / "python", "-c", "import attribution; print(attribution.__file__)"],
                cwd=venv)
    assert Path(where.strip()).is_relative_to(venv)


def test_installed_command_extracts_from_elsewhere(
        venv: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """``attribution extract`` of the venv, outside the checkout: the table, nothing on stderr."""
    workdir = tmp_path_factory.mktemp("extract")
    (workdir / "article.txt").write_bytes(ARTICLE.read_bytes())
    done = subprocess.run([venv / "bin" / "attribution", "extract", "article.txt", "--format",
                           "table"], cwd=workdir, env=user_environment(venv, workdir),
                          capture_output=True, text=True, timeout=READY_SECONDS)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.split(" attributions, ")[0].isdigit()


def test_installed_wheel_serves_an_article(served: tuple[str, Path]) -> None:
    """A POSTed article comes back attributed, offsets into the text sent, quickly."""
    base, log = served
    text = ARTICLE.read_text(encoding="utf-8")
    status, body = fetch(base + "/v1/attributions", text.encode(), timeout=ANSWER_SECONDS)
    assert status == 200, body[:500]
    answer = json.loads(body)
    assert answer["meta"]["model_source"] == "bundled models"
    assert len(answer["attributions"]) >= 3
    assert any(a["speaker"] for a in answer["attributions"])
    for item in answer["attributions"]:
        assert text[item["content"]["start"]:item["content"]["end"]] == item["content"]["text"]
    output = log.read_text()
    assert "WORKER TIMEOUT" not in output and "unsupported language" not in output


@pytest.mark.parametrize(("path", "kind"), [
    ("/", "text/html"), ("/ui/review.js", "javascript"), ("/favicon.ico", "image/"),
    ("/docs", "text/html"), ("/openapi.json", "application/json"),
])
def test_installed_wheel_serves_the_page_and_docs(served: tuple[str, Path], path: str,
                                                   kind: str) -> None:
    """The review page, its files, the icon and the API docs come from the installed package."""
    request = urllib.request.Request(served[0] + path)
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200 and kind in response.headers["Content-Type"]
