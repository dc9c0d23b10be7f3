"""The ``attribution`` command line: extract, batch, serve, and subcommands other modules add.

    attribution extract [FILE|-] [--format json|jsonl|table|html] [--encoding E] [--max-chars N]
    attribution batch IN.jsonl|FOLDER OUT.jsonl [--workers N] [--resume] [--max-chars N]
    attribution serve [--host H] [--port P]

`extract` reads and checks its text (encoding, empty, length, language) before it loads the
models, so a bad input fails at once; the length limit is ``--max-chars``, else the service's
``ATTRIBUTION_MAX_TEXT_CHARS``.

Modules in `PLUGINS` that can be imported add their own subcommands: each has a
``register(subparsers)`` that adds a parser and sets ``func`` (``args → exit code``) with
``set_defaults``. `batch` loads the models once and forks its worker processes after that,
so they share the weights copy-on-write; the pipeline lives in `_WORKER`, the one place a
pipeline is a module global, because `multiprocessing` cannot send a pipeline to a worker.
"""

from __future__ import annotations

import argparse
import codecs
import functools
import importlib
import json
import os
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, NamedTuple

from attribution.schemas import AttributionResponseSchema, BatchItemSchema

from attribution import render
from attribution.errors import AttributionError, InputError
from attribution.model import Result
from attribution.nlp import load_parser

from . import config, corpus
from .errors import error_body
from .runner import Limits, Options, check_text, document_item, run

PLUGINS = ("attribution.evaluate", "attribution.training.cli")
FORMATS = ("json", "jsonl", "table", "html")
# inside the package, so a wheel has it too
GUNICORN_CONF = "python:attribution.service.gunicorn_conf"
_WORKER: Any = None  # the BatchWorker of this process
EXAMPLE_LINE = '{"id": "a1", "text": "The article…"}'
JSON_KINDS = {list: "array", str: "string", int: "number", float: "number", bool: "boolean",
              type(None): "null"}


DESCRIPTION = "Find every quote and reported claim in a news article, and who made it."
EPILOG = """examples:
  attribution extract article.txt --format table     who said what, one block each
  attribution extract - < article.txt                the JSON answer of the service
  attribution batch articles.jsonl answers.jsonl     many articles, one line each
  attribution serve --port 8000                      the HTTP service and review page

Each command has its own help: attribution extract --help."""
FORMAT_HELP = ("json: the service's answer, indented (default); jsonl: the same on one line; "
               "table: speaker → what they said; html: a standalone page with highlights")
SERVE_HELP = "run the HTTP service and the review page (gunicorn)"
SERVE_DESCRIPTION = (
    "Run the HTTP service and the review page under gunicorn, with the package's settings "
    "(service/gunicorn_conf.py; ATTRIBUTION_WORKERS, ATTRIBUTION_THREADS and the other "
    "ATTRIBUTION_* variables size it). The models load once, before the workers start. Open "
    "http://HOST:PORT/ for the review page and http://HOST:PORT/docs for the API.")


def decode_text(data: bytes, name: str, encoding: str = "utf-8") -> str:
    """``data`` as text, line ends kept; an error that names ``name`` and says what to do."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name} is not valid {encoding} text (byte {error.start} is "
            f"{data[error.start:error.start + 1]!r}). If it is text in another encoding, "
            "name it, for example --encoding latin-1 or --encoding cp1252."
        ) from None
    if "\x00" in text:
        raise InputError(f"{name} holds NUL characters: it looks like a binary file, not text "
                         "(for UTF-16 text, pass --encoding utf-16).")
    return text


def read_text(source: str, encoding: str = "utf-8") -> str:
    """The exact text of FILE or of stdin ('-'), with line ends kept (CRLF stays)."""
    if source == "-":
        return decode_text(sys.stdin.buffer.read(), "standard input", encoding)
    return decode_text(Path(source).read_bytes(), source, encoding)


def encoding_name(value: str) -> str:
    """An ``--encoding`` that Python knows (argparse type)."""
    try:
        return codecs.lookup(value).name
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {value!r}") from None


def positive_int(value: str) -> int:
    """A whole number above zero (argparse type)."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number above 0, not {value!r}")
    return int(value)


def text_limits(max_chars: int | None = None, rules_only: bool = False) -> Limits:
    """Checks made before parsing: ``max_chars``, else the service's variables, else defaults."""
    limit = max_chars or config.setting("MAX_TEXT_CHARS")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise InputError(f"{config.ENV_PREFIX}_MAX_TEXT_CHARS must be a whole number of "
                         f"characters above 0, not {limit!r}.")
    return Limits(limit, bool(config.setting("CHECK_LANGUAGE")),
                  rules_only or bool(config.setting("RULES_ONLY")))


def status(message: str) -> None:
    """A one-line note on a terminal's stderr, overwritten by the next (none when redirected)."""
    if sys.stderr.isatty():
        print(f"\r\033[K{message}", end="", file=sys.stderr, flush=True)


def to_json(obj: Any, indent: int | None = None) -> str:
    """JSON as readable UTF-8 when possible (a lone surrogate in the text forces \\u escapes)."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(obj, indent=indent)
    return text


def dump_answer(result: Result, meta: dict[str, Any]) -> dict[str, Any]:
    """The JSON answer for one text, in the service's response shape."""
    answer = {"attributions": result.attributions, "speakers": result.speakers, "meta": meta}
    return AttributionResponseSchema().dump(answer)


def speaker_label(result: Result, attribution: Any) -> str:
    """Who said it, for a person to read: the speaker's full name, anonymity marked."""
    if attribution.speaker is None:
        return "(no source named)"
    speakers = {s.id: s for s in result.speakers}
    speaker = speakers.get(attribution.speaker.entity)
    name = speaker.name if speaker else attribution.speaker.span.text
    return f"{name} [anonymous]" if speaker and speaker.anonymous else name


def render_table(result: Result, meta: dict[str, Any], width: int = 100) -> str:
    """Speaker → what they said, one block per attribution."""
    lines = [f"{len(result.attributions)} attributions, {len(result.speakers)} speakers "
             f"({meta['model']}, {meta['elapsed_ms']} ms)", ""]
    for item in result.attributions:
        label = f"{speaker_label(result, item)} ({item.type.value})"
        content = " ".join(item.content.text.split())
        lines.append(f"{item.id:>4}  {label} →")
        lines += textwrap.wrap(content, width, initial_indent=" " * 6, subsequent_indent=" " * 6)
    return "\n".join(lines)


def render_html(result: Result) -> str:
    """The standalone highlighted HTML document of ``attribution.render``."""
    return render.render_html(result)


def cmd_extract(args: argparse.Namespace) -> int:
    """Attribute one text and print it in the chosen format."""
    if args.file == "-" and sys.stdin.isatty():
        args.command_parser.error("no FILE given, and standard input is a terminal: name a "
                                  "file, or send the text in (attribution extract - < FILE)")
    text = read_text(args.file, args.encoding)
    limits = text_limits(args.max_chars, args.rules_only)
    check_text(text, limits)  # before the models load: a bad input fails at once
    status("Loading the models…")
    parser = load_parser()
    status("Attributing…")
    result, meta = run(text, parser, Options(), limits)
    status("")
    if args.format == "table":
        print(render_table(result, meta))
    elif args.format == "html":
        print(render_html(result))
    else:
        print(to_json(dump_answer(result, meta), indent=2 if args.format == "json" else None))
    return 0


class BatchDoc(NamedTuple):
    """One input document of ``batch``: its id and text, or why it cannot be attributed."""

    doc_id: str
    text: str | None
    problem: str | None = None


class Outcome(NamedTuple):
    """One output line of ``batch`` and what the summary counts of it."""

    line: str
    attributions: int
    failed: bool


@dataclass
class BatchWorker:
    """What a batch process attributes with: the parser and the text limits."""

    parser: Any
    limits: Limits


@dataclass
class Summary:
    """The counts of a ``batch`` run, for its last line on stderr."""

    documents: int = 0
    attributions: int = 0
    errors: int = 0
    skipped: int = 0
    started: float = field(default_factory=time.perf_counter)

    def add(self, outcome: Outcome) -> None:
        """Count one written line."""
        self.documents += 1
        self.attributions += outcome.attributions
        self.errors += outcome.failed

    def line(self) -> str:
        """``batch: N documents, N attributions, N errors, N s`` (and what resume skipped)."""
        seconds = time.perf_counter() - self.started
        done = f", {self.skipped:,} already done" if self.skipped else ""
        return (f"batch: {self.documents:,} documents, {self.attributions:,} attributions, "
                f"{self.errors:,} errors, {seconds:.1f} s{done}")


def jsonl_problem(number: int, line: str) -> tuple[Any, str | None]:
    """The JSON object of input line ``number`` (if any) and what is wrong with it (if any)."""
    try:
        doc = json.loads(line)
    except json.JSONDecodeError as error:
        return None, (f"Line {number} is not JSON ({error.msg} at character {error.pos + 1}). "
                      f"Each line must be one JSON object such as {EXAMPLE_LINE}.")
    if not isinstance(doc, dict):
        kind = JSON_KINDS.get(type(doc), type(doc).__name__)
        return None, (f"Line {number} holds a JSON {kind}, not an object such as "
                      f"{EXAMPLE_LINE}.")
    if not isinstance(doc.get("text"), str):
        missing = "has no \"text\" field" if doc.get("text") is None else \
            "has a \"text\" that is not a string"
        return doc, f"Line {number} {missing}: give the article as {EXAMPLE_LINE}."
    return doc, None


def parse_input(number: int, line: str) -> BatchDoc:
    """The document of one JSONL input line; ids default to ``line-N``."""
    doc, problem = jsonl_problem(number, line)
    has_id = doc is not None and doc.get("id") is not None
    doc_id = str(doc["id"]) if has_id else f"line-{number}"
    return BatchDoc(doc_id, None if problem else doc["text"], problem)


def read_jsonl(in_path: Path) -> Iterator[BatchDoc]:
    """The documents of a JSONL file, one per non-blank line."""
    with in_path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                yield parse_input(number, line)


def text_files(folder: Path) -> list[Path]:
    """The ``.txt`` files of ``folder``, sorted by name; an error when it has none."""
    files = sorted(p for p in folder.iterdir() if p.suffix == ".txt" and p.is_file())
    if not files:
        raise InputError(f"{folder} holds no .txt files: batch reads a folder of .txt "
                         "articles (id = file name without .txt) or a JSONL file.")
    return files


def read_folder(folder: Path, encoding: str = "utf-8") -> Iterator[BatchDoc]:
    """One document per ``.txt`` file, id = file name without the extension."""
    for path in text_files(folder):
        try:
            yield BatchDoc(path.stem, decode_text(path.read_bytes(), path.name, encoding))
        except InputError as error:
            yield BatchDoc(path.stem, None, str(error))


def read_documents(in_path: Path, encoding: str = "utf-8") -> Iterator[BatchDoc]:
    """The documents of IN, a JSONL file or a folder of ``.txt`` files, repeated ids marked."""
    docs = read_folder(in_path, encoding) if in_path.is_dir() else read_jsonl(in_path)
    return mark_repeated(docs)


def count_documents(in_path: Path) -> int:
    """How many documents IN holds (for the progress bar), without parsing them."""
    if in_path.is_dir():
        return len(text_files(in_path))
    with in_path.open(encoding="utf-8") as lines:
        return sum(1 for line in lines if line.strip())


def mark_repeated(docs: Iterator[BatchDoc]) -> Iterator[BatchDoc]:
    """Later documents with an id already seen get an error, as the service answers 422."""
    seen: set[str] = set()
    for number, doc in enumerate(docs, 1):
        if doc.doc_id in seen:
            yield BatchDoc(doc.doc_id, None,
                           f"Document {number} repeats the id {doc.doc_id!r} of an earlier "
                           "document, so it was not attributed: ids must be unique.")
            continue
        seen.add(doc.doc_id)
        yield doc


def input_ids(in_path: Path, encoding: str = "utf-8") -> Iterator[str]:
    """The id of each document of IN, in order."""
    return (doc.doc_id for doc in read_documents(in_path, encoding))


def done_ids(out_path: Path, in_path: Path | None = None,
             encoding: str = "utf-8") -> Counter[str]:
    """Ids already written to OUT, keeping only its longest start that answers IN line by
    line: from a line cut off, corrupt or out of IN's order on, OUT is truncated and done
    again, so a resumed OUT keeps the input order whatever it held."""
    kept, ids = [], Counter()
    expected = input_ids(in_path, encoding) if in_path is not None else None
    for line in out_path.read_text(encoding="utf-8").splitlines(keepends=True):
        try:
            doc_id = str(json.loads(line)["id"])
        except (json.JSONDecodeError, KeyError, TypeError):
            break
        if expected is not None and next(expected, None) != doc_id:
            break
        ids[doc_id] += 1
        kept.append(line if line.endswith("\n") else line + "\n")
    tmp = out_path.with_name(out_path.name + ".tmp")
    tmp.write_text("".join(kept), encoding="utf-8")
    os.replace(tmp, out_path)
    return ids


def pending(docs: Iterator[BatchDoc], skip: Counter[str]) -> Iterator[BatchDoc]:
    """The documents not yet in OUT (one skip per id written)."""
    skip = Counter(skip)
    for doc in docs:
        if skip[doc.doc_id] > 0:
            skip[doc.doc_id] -= 1
            continue
        yield doc


def process_document(doc: BatchDoc) -> Outcome:
    """The output line of one document (in a process with `_WORKER`)."""
    return attribute_document(doc, _WORKER.parser, _WORKER.limits)


def attribute_document(doc: BatchDoc, parser: Any, limits: Limits) -> Outcome:
    """One output line: the answer for ``doc`` or its error."""
    if doc.problem is not None:
        item: dict[str, Any] = {"id": doc.doc_id, "error": error_body(422, doc.problem)}
    else:
        item = document_item(doc.doc_id, doc.text, parser, Options(), limits)
    failed = "error" in item
    count = 0 if failed else len(item["attributions"])
    return Outcome(to_json(BatchItemSchema().dump(item)), count, failed)


def set_worker(worker: BatchWorker) -> None:
    """Make ``worker`` the one this process attributes with."""
    global _WORKER
    _WORKER = worker


def _init_forked_worker() -> None:
    """In a forked batch process: its own one-thread torch pool (the parent's is not shared)."""
    import torch

    torch.set_num_threads(1)


def map_documents(todo: Iterator[BatchDoc], workers: int) -> Iterator[Outcome]:
    """Output lines in input order, in this process or in ``workers`` forked processes.

    The processes are forked after the models are loaded, so they share the weights
    copy-on-write instead of loading them again.
    """
    if workers <= 1:
        yield from map(process_document, todo)
        return
    with get_context("fork").Pool(workers, initializer=_init_forked_worker) as pool:
        yield from pool.imap(process_document, todo, chunksize=1)


def default_workers() -> int:
    """One batch process per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def run_batch(in_path: Path, out_path: Path, workers: int | None = None, resume: bool = False,
              factory: Callable[[], Any] | None = None, limits: Limits | None = None,
              encoding: str = "utf-8") -> int:
    """Attribute every document of IN into OUT, one line each, resuming after an interruption.

    IN is a JSONL file of ``{"id", "text"}`` lines or a folder of ``.txt`` files. A summary
    line goes to stderr at the end; the exit code is 1 when no document could be attributed.
    """
    from tqdm import tqdm

    workers = workers or default_workers()
    if out_path.exists() and not resume:
        raise SystemExit(f"{out_path} exists: pass --resume to continue it, or remove it.")
    total = count_documents(in_path)
    if not total:
        raise InputError(f"{in_path} holds no documents: give one JSON object per line, "
                         f"such as {EXAMPLE_LINE}, or a folder of .txt files.")
    skip = done_ids(out_path, in_path, encoding) if resume and out_path.exists() else Counter()
    summary = Summary(skipped=min(sum(skip.values()), total))
    set_worker(BatchWorker((factory or functools.partial(load_parser, threads=1))(),
                           limits or Limits()))
    todo = pending(read_documents(in_path, encoding), skip)
    bar = tqdm(total=total, initial=summary.skipped, unit="doc")
    with out_path.open("a", encoding="utf-8") as out, bar:
        for outcome in map_documents(todo, min(workers, max(1, total - summary.skipped))):
            out.write(outcome.line + "\n")
            out.flush()
            summary.add(outcome)
            bar.update()
    print(summary.line(), file=sys.stderr)
    return batch_exit_code(summary, in_path)


def batch_exit_code(summary: Summary, in_path: Path) -> int:
    """0 if a document was attributed (or all were done before); 1, with a hint, if none was."""
    if summary.documents == 0 or summary.errors < summary.documents:
        return 0
    print(f"attribution: no document of {in_path} could be attributed (see the error of each "
          f"in OUT). IN must be a JSONL file of objects such as {EXAMPLE_LINE}, or a folder "
          "of .txt files.", file=sys.stderr)
    return 1


def cmd_batch(args: argparse.Namespace) -> int:
    """``attribution batch``: the local engine, or Ray Data with ``--engine ray``."""
    if args.engine == "ray":
        return corpus.cmd_corpus(args)
    return run_batch(Path(args.input), Path(args.output), args.workers, args.resume,
                     limits=text_limits(args.max_chars), encoding=args.encoding)


def cmd_serve(args: argparse.Namespace) -> int:
    """Replace this process with gunicorn, configured by the package's gunicorn settings."""
    command = [sys.executable, "-m", "gunicorn", "--config", GUNICORN_CONF,
               "--bind", f"{args.host}:{args.port}"]
    os.execv(sys.executable, [*command, "attribution.service.wsgi:app"])
    return 0  # not reached


def add_plugins(subparsers: Any) -> None:
    """Let each importable plugin module add its subcommands."""
    for name in PLUGINS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name and name.startswith(error.name):
                continue
            raise
        if callable(getattr(module, "register", None)):
            module.register(subparsers)


def add_extract(commands: Any) -> None:
    """``attribution extract`` and its options."""
    extract = commands.add_parser(
        "extract", help="attribute one article",
        description="Attribute one article and print the result. The text is checked "
                    "(encoding, empty, length, language) before the models load.")
    extract.add_argument("file", nargs="?", default="-", metavar="FILE",
                         help="a text file, or - for standard input (the default)")
    extract.add_argument("--format", choices=FORMATS, default="json", help=FORMAT_HELP)
    extract.add_argument("--encoding", type=encoding_name, default="utf-8",
                         help="the text's encoding (default utf-8), e.g. latin-1, cp1252, utf-16")
    extract.add_argument("--max-chars", type=positive_int, metavar="N",
                         help="longest text accepted, in characters (default: "
                              "ATTRIBUTION_MAX_TEXT_CHARS, else "
                              f"{config.DEFAULTS['MAX_TEXT_CHARS']:,})")
    extract.add_argument("--rules-only", action="store_true",
                         help="no learned component: the cue lexicon's rules only "
                              "(also ATTRIBUTION_RULES_ONLY=true)")
    extract.set_defaults(func=cmd_extract, command_parser=extract)


def add_batch(commands: Any) -> None:
    """``attribution batch`` and its options."""
    batch = commands.add_parser(
        "batch", help="attribute a JSONL file of {id, text} lines, or a folder of .txt files",
        description="Attribute many articles: a JSONL file of {\"id\", \"text\"} lines or "
                    "a folder of .txt files (id = file name without .txt, in sorted order). "
                    "OUT gets one JSON line per document, in input order; a summary line "
                    "goes to stderr. Exit status 1 when no document could be attributed.")
    batch.add_argument("input", metavar="IN", help="a JSONL file, or a folder of .txt files")
    batch.add_argument("output", metavar="OUT.jsonl")
    batch.add_argument("--workers", type=positive_int, metavar="N",
                       help="processes, forked after the models load so they share them "
                            "(default: one per core)")
    batch.add_argument("--resume", action="store_true", help="skip documents already in OUT")
    batch.add_argument("--encoding", type=encoding_name, default="utf-8",
                       help="the encoding of a folder's .txt files (default utf-8)")
    batch.add_argument("--max-chars", type=positive_int, metavar="N",
                       help="longest text accepted (default: ATTRIBUTION_MAX_TEXT_CHARS, else "
                            f"{config.DEFAULTS['MAX_TEXT_CHARS']:,})")
    corpus.add_arguments(batch)
    batch.set_defaults(func=cmd_batch)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="attribution", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_extract(commands)
    add_batch(commands)
    serve = commands.add_parser("serve", help=SERVE_HELP, description=SERVE_DESCRIPTION)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.set_defaults(func=cmd_serve)
    add_plugins(commands)
    return parser


def error_message(error: Exception) -> str:
    """One readable line for an error the user can fix: ``file: reason`` for a file error."""
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror}"
    return str(error)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the core's errors and file errors print a message and exit 1."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (AttributionError, OSError, UnicodeDecodeError) as error:
        status("")
        print(f"attribution: {error_message(error)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
