"""``attribution batch --engine ray``: a corpus through Ray Data, on a laptop or a cluster.

    attribution batch IN OUT --engine ray [--address ADDRESS] [--actors N]
                             [--format jsonl|parquet] [--block-kib N] [--resume]

IN is a JSONL file (or a folder of them) of ``{"id", "text"}`` lines, a folder of ``.txt``
files (id = file name without ``.txt``), or Parquet with ``id`` and ``text`` columns, on a
local path or any filesystem pyarrow reaches (``s3://``, ``gs://``); Ray Data's readers read
it. Each actor of the pool loads the pipeline once (one torch thread, one CPU) and makes each
document's line with `cli.attribute_document`, the function of the local engine, so both engines
write the same record: ``{id, attributions, speakers, meta}`` or ``{id, error}``. OUT is a
folder of part files written by Ray Data's writers. A document that fails is an error row;
a part file is written as soon as its rows are done, so ``--resume`` after a kill skips the
ids already in OUT and ends with each document exactly once. See docs/corpus.md.

Ray is an optional dependency (``pip install 'quote-attribution[ray]'``): it is imported only
when this engine runs.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from attribution.errors import InputError
from attribution.nlp import load_parser

from . import cli
from .runner import Limits

ENGINES = ("local", "ray")
OUTPUT_FORMATS = ("jsonl", "parquet")
JSONL_SUFFIXES = (".jsonl", ".json")
TEXT_SUFFIX = ".txt"
PARQUET_SUFFIX = ".parquet"
# Ray Data's largest block, KiB: what one actor task attributes and a part file holds at
# most, so what a kill can cost; 1 MiB is about 180 news articles in, 60 records out.
BLOCK_KIB = 1024
KIB = 1024
# Documents per call of an actor; small, so a retried call redoes little.
BATCH_DOCUMENTS = 4
# Reading, splitting and writing are light: they take no CPU slot, so they never wait for
# one the actors hold (with 0.1, an actor on every CPU would starve them for ever).
LIGHT_CPUS = 0
# The columns of a row going into the actors, and of a row coming out.
INPUT_COLUMNS = ("id", "text", "problem")
RAY_HELP = "with --engine ray: "
LOOPBACK = "127.0.0.1"  # a local Ray (no --address) listens on this machine only


@dataclass
class CorpusJob:
    """What one ``--engine ray`` run reads, writes and runs on."""

    source: str
    output: str
    output_format: str = "jsonl"
    actors: int | None = None
    address: str | None = None
    resume: bool = False
    block_kib: int = BLOCK_KIB
    limits: Limits = field(default_factory=Limits)
    encoding: str = "utf-8"
    factory: Callable[[], Any] = field(
        default_factory=lambda: functools.partial(load_parser, threads=1))


def add_arguments(batch: argparse.ArgumentParser) -> None:
    """The options of ``attribution batch`` that choose and size the Ray engine."""
    batch.add_argument("--engine", choices=ENGINES, default="local",
                       help="local: processes on this machine (default); ray: Ray Data, on "
                            "this machine or the cluster at --address (docs/corpus.md)")
    batch.add_argument("--address", metavar="ADDRESS",
                       help=RAY_HELP + "the cluster to join (auto, or ray://HOST:10001); "
                            "default: a local Ray on this machine's cores")
    batch.add_argument("--actors", type=cli.positive_int, metavar="N",
                       help=RAY_HELP + "pipelines, one CPU each (default: the cluster's CPUs)")
    batch.add_argument("--format", choices=OUTPUT_FORMATS, default="jsonl",
                       dest="output_format",
                       help=RAY_HELP + "part files of OUT, JSONL lines or Parquet rows")
    batch.add_argument("--block-kib", type=cli.positive_int, default=BLOCK_KIB, metavar="N",
                       help=RAY_HELP + f"Ray Data's block size, so a part file's at most "
                            f"(default {BLOCK_KIB})")


def job_from_args(args: argparse.Namespace) -> CorpusJob:
    """The job that ``attribution batch --engine ray`` asks for."""
    return CorpusJob(args.input, args.output, args.output_format, args.actors, args.address,
                     args.resume, args.block_kib, cli.text_limits(args.max_chars), args.encoding)


def cmd_corpus(args: argparse.Namespace) -> int:
    """``attribution batch --engine ray``: run the job, print its summary line."""
    return run_corpus(job_from_args(args))


# Input ---------------------------------------------------------------------------------


def filesystem(path: str) -> tuple[Any, str]:
    """The pyarrow filesystem of ``path`` (a local path or a URI) and the path inside it."""
    from pyarrow import fs

    return fs.FileSystem.from_uri(path if "://" in path else os.path.abspath(path))


def list_files(path: str) -> list[str]:
    """The files at ``path``: itself if it is a file, else every file below it."""
    from pyarrow import fs

    system, inner = filesystem(path)
    info = system.get_file_info(inner)
    if info.type == fs.FileType.NotFound:
        raise InputError(f"{path}: no such file or folder")
    if info.type == fs.FileType.File:
        return [inner]
    found = system.get_file_info(fs.FileSelector(inner, recursive=True))
    return sorted(i.path for i in found if i.type == fs.FileType.File)


def input_kind(path: str) -> str:
    """``jsonl``, ``txt`` or ``parquet``: what IN holds, by its files' extensions."""
    names = list_files(path)
    for kind, suffixes in (("parquet", (PARQUET_SUFFIX,)), ("jsonl", JSONL_SUFFIXES),
                           ("txt", (TEXT_SUFFIX,))):
        if any(name.endswith(suffixes) for name in names):
            return kind
    raise InputError(f"{path} holds no .jsonl, .txt or .parquet file: the Ray engine reads "
                     "JSONL lines, .txt articles or Parquet with id and text columns.")


def jsonl_rows(row: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The documents of one JSONL file, read whole: one per non-blank line, as locally."""
    lines = row["bytes"].decode("utf-8", errors="replace").splitlines()
    for number, line in enumerate(lines, 1):
        if line.strip():
            yield dict(zip(INPUT_COLUMNS, cli.parse_input(number, line), strict=True))


def text_row(row: dict[str, Any], encoding: str) -> dict[str, Any]:
    """The document of one ``.txt`` file: id = its name without ``.txt``."""
    name = row["path"].rsplit("/", 1)[-1]
    doc_id = name.removesuffix(TEXT_SUFFIX)
    try:
        text = cli.decode_text(row["bytes"], name, encoding)
        return {"id": doc_id, "text": text, "problem": None}
    except InputError as error:
        return {"id": doc_id, "text": None, "problem": str(error)}


def table_row(row: dict[str, Any]) -> dict[str, Any]:
    """The document of one Parquet row; a missing text is the local engine's error."""
    doc_id = "" if row.get("id") is None else str(row["id"])
    return {"id": doc_id, "text": row.get("text"), "problem": None}


def read_documents(path: str, encoding: str = "utf-8") -> Any:
    """IN as a Ray dataset of ``{id, text, problem}`` rows."""
    import ray.data

    kind = input_kind(path)
    light = {"num_cpus": LIGHT_CPUS}
    if kind == "parquet":
        table = ray.data.read_parquet(path, **light).select_columns(["id", "text"])
        docs = table.map(table_row, **light)
    elif kind == "jsonl":
        files = ray.data.read_binary_files(path, file_extensions=["jsonl", "json"], **light)
        docs = files.flat_map(jsonl_rows, **light)
    else:
        files = ray.data.read_binary_files(path, include_paths=True, file_extensions=["txt"],
                                           **light)
        docs = files.map(text_row, fn_args=(encoding,), **light)
    return docs


# Attribution ---------------------------------------------------------------------------


class Attributor:
    """A Ray actor's pipeline: loaded once, then one record per document it is given."""

    def __init__(self, factory: Callable[[], Any], limits: Limits) -> None:
        self.parser, self.limits = factory(), limits

    def __call__(self, batch: Any) -> Any:
        """Output rows ``{id, record, attributions, error}`` for a pyarrow batch of inputs."""
        rows = [output_row(doc, self.parser, self.limits) for doc in batch.to_pylist()]
        return output_table(rows)


def output_row(doc: dict[str, Any], parser: Any, limits: Limits) -> dict[str, Any]:
    """The output row of one document: its line as the local engine writes it, and counts."""
    outcome = cli.attribute_document(cli.BatchDoc(doc["id"], doc["text"], doc["problem"]),
                                     parser, limits)
    code = json.loads(outcome.line)["error"]["code"] if outcome.failed else None
    return {"id": doc["id"], "record": outcome.line, "attributions": outcome.attributions,
            "error": code}


def output_table(rows: list[dict[str, Any]]) -> Any:
    """Output rows as a pyarrow table with one fixed schema (every part file alike)."""
    import pyarrow as pa

    schema = pa.schema([("id", pa.string()), ("record", pa.string()),
                        ("attributions", pa.int32()), ("error", pa.int32())])
    return pa.Table.from_pylist(rows, schema=schema)


def attribute(docs: Any, job: CorpusJob, actors: int) -> Any:
    """``docs`` through a pool of up to ``actors`` pipelines, one CPU each, retried if one dies.

    The pool starts with one actor and grows while documents wait: Ray Data's own file
    listing (Parquet) takes a CPU at the start, and a pool holding every CPU would starve it.
    """
    from ray.data import ActorPoolStrategy

    return docs.map_batches(
        Attributor, fn_constructor_args=(job.factory, job.limits), batch_format="pyarrow",
        batch_size=BATCH_DOCUMENTS, compute=ActorPoolStrategy(min_size=1, max_size=actors),
        num_cpus=1)  # Ray Data restarts a dead actor and retries its calls (max_restarts=-1)


# Output and resume ---------------------------------------------------------------------


def part_suffix(output_format: str) -> str:
    """The extension of OUT's part files."""
    return f".{output_format}"


def part_files(job: CorpusJob) -> list[str]:
    """OUT's part files (none when OUT does not exist yet)."""
    try:
        names = list_files(job.output)
    except InputError:
        return []
    return [name for name in names if name.endswith(part_suffix(job.output_format))]


def jsonl_ids(system: Any, name: str) -> list[str]:
    """The ids of a JSONL part file; a file cut off by a kill is rewritten without its cut."""
    with system.open_input_stream(name) as stream:
        data = stream.read().decode("utf-8")
    kept, ids = [], []
    for line in data.splitlines(keepends=True):
        try:
            ids.append(str(json.loads(line)["id"]))
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
        kept.append(line if line.endswith("\n") else line + "\n")
    if "".join(kept) != data:
        with system.open_output_stream(name) as stream:
            stream.write("".join(kept).encode("utf-8"))
    return ids


def parquet_ids(system: Any, name: str) -> list[str]:
    """The ids of a Parquet part file; one a kill left unreadable is removed (redone)."""
    import pyarrow.parquet as pq

    try:
        return [str(i) for i in pq.read_table(name, columns=["id"], filesystem=system)["id"]
                .to_pylist()]
    except Exception:  # noqa: BLE001 - a truncated file has no footer; its rows are redone
        system.delete_file(name)
        return []


def done_ids(job: CorpusJob) -> set[str]:
    """Ids already in OUT's part files, after mending what a kill cut off."""
    system = filesystem(job.output)[0]
    read = parquet_ids if job.output_format == "parquet" else jsonl_ids
    return {doc_id for name in part_files(job) for doc_id in read(system, name)}


def not_done(docs: Any, done: set[str]) -> Any:
    """The documents whose id is not in ``done``."""
    if not done:
        return docs
    frozen = frozenset(done)
    return docs.filter(lambda row: row["id"] not in frozen, num_cpus=LIGHT_CPUS)


def record_sink(path: str) -> Any:
    """Ray Data's file datasink for JSONL part files holding each row's record, one a line.

    ``write_json`` would re-encode the record through pandas (null keys added, numbers
    rounded); this writes the very line the local engine writes.
    """
    from ray.data.datasource import BlockBasedFileDatasink

    class RecordLines(BlockBasedFileDatasink):
        """Each block's ``record`` column, one line a record."""

        def write_block_to_file(self, block: Any, file: Any) -> None:
            """Write the block's records as lines."""
            lines = block.to_arrow()["record"].to_pylist()
            file.write("".join(line + "\n" for line in lines).encode("utf-8"))

    return RecordLines(path, file_format="jsonl")


def write(results: Any, job: CorpusJob) -> None:
    """The output rows as part files of OUT, by Ray Data's writers."""
    light = {"num_cpus": LIGHT_CPUS}
    if job.output_format == "parquet":
        results.write_parquet(job.output, ray_remote_args=light)
    else:
        results.write_datasink(record_sink(job.output), ray_remote_args=light)


# The run -------------------------------------------------------------------------------


def summary_line(summary: cli.Summary) -> str:
    """The local engine's summary line, and the run's documents per second."""
    seconds = time.perf_counter() - summary.started
    return f"{summary.line()}, {summary.documents / seconds:.2f} docs/s"


def count_parts(job: CorpusJob, names: list[str], summary: cli.Summary) -> None:
    """Add the rows of the part files ``names`` (written by this run) to ``summary``."""
    system = filesystem(job.output)[0]
    for name in names:
        for record in part_records(system, name, job.output_format):
            attributions = len(record.get("attributions") or ())
            summary.add(cli.Outcome("", attributions, "error" in record))


def part_records(system: Any, name: str, output_format: str) -> Iterator[dict[str, Any]]:
    """The records of one part file."""
    if output_format == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(name, columns=["record"], filesystem=system)
        lines = table["record"].to_pylist()
    else:
        with system.open_input_stream(name) as stream:
            lines = stream.read().decode("utf-8").splitlines()
    return (json.loads(line) for line in lines)


def connect(address: str | None) -> bool:
    """Join the cluster at ``address``, or start a local one; False if Ray already runs."""
    import ray

    if ray.is_initialized():
        return False
    local = {} if address else {"_node_ip_address": LOOPBACK}
    ray.init(address=address, include_dashboard=False, **local)
    return True


def cluster_cpus() -> int:
    """The CPUs of the cluster Ray is connected to (at least one)."""
    import ray

    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def check_output(job: CorpusJob) -> None:
    """Without --resume, refuse an OUT that already holds part files (never overwrite)."""
    if part_files(job) and not job.resume:
        raise SystemExit(f"{job.output} holds part files: pass --resume to continue it, or "
                         "remove it.")


def run_corpus(job: CorpusJob) -> int:
    """Attribute IN into OUT's part files on Ray; print the summary; 1 if nothing worked."""
    import ray

    check_output(job)
    summary = cli.Summary()
    owned = connect(job.address)
    try:
        run_job(job, summary)
    finally:
        if owned:
            ray.shutdown()
    print(summary_line(summary), file=sys.stderr)
    return 1 if summary.documents and summary.errors == summary.documents else 0


def run_job(job: CorpusJob, summary: cli.Summary) -> None:
    """Read, skip what is done, attribute, write; count what this run wrote in ``summary``."""
    import ray.data

    done = done_ids(job) if job.resume else set()
    summary.skipped = len(done)
    before = set(part_files(job))
    ray.data.DataContext.get_current().target_max_block_size = job.block_kib * KIB
    docs = not_done(read_documents(job.source, job.encoding), done)
    write(attribute(docs, job, job.actors or cluster_cpus()), job)
    count_parts(job, [name for name in part_files(job) if name not in before], summary)
