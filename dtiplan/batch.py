"""The main job over many documents: inputs -> unchanged ones skipped -> a worker pool -> one JSON
each as it comes, one error line per failed file, the comparison and report at the end.

The per-file stage is `ingest(source, target)`: it reads one document, writes its JSON
atomically and returns an `Outcome`; it never raises, so any engine that maps a function over
files (this module's process pool, Dask, Ray) can run it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import click

from dtiplan.atomic import is_temporary
from dtiplan.failures import describe_failure
from dtiplan.inputs import find_inputs, unread_kinds
from dtiplan.pool import run_pool
from dtiplan.progress import Progress
from dtiplan.state import StateLog, Written, compact_state, file_sha256, load_state, pipeline_version
from dtiplan.views import ViewWriter, close, finish, start_view_writer

INTERRUPTED = 130  # exit status after Ctrl-C, as a shell reports it


@dataclass(frozen=True)
class BatchOptions:
    jobs: int = 1
    timeout: float = 300.0   # seconds per file
    force: bool = False      # process unchanged inputs too
    debug: bool = False      # tracebacks after error lines


@dataclass(frozen=True)
class Task:
    source: Path
    target: Path       # the JSON's path
    relative: str      # the JSON's path inside the output folder (the state log's key)
    sha256: str


@dataclass(frozen=True)
class Outcome:
    source: str
    target: str
    sha256: str
    error: str | None = None      # one line; None when the JSON was written
    traceback: str | None = None  # for --debug


@dataclass
class Summary:
    out_dir: Path
    total: int = 0
    written: int = 0
    unchanged: int = 0
    failed: int = 0
    interrupted: bool = False
    views_failed: bool = False   # the comparison or report over the JSONs could not be written
    started: float = field(default_factory=time.monotonic)

    @property
    def exit_status(self) -> int:
        return INTERRUPTED if self.interrupted else 1 if self.failed or self.views_failed else 0

    def line(self) -> str:
        done = self.written + self.unchanged + self.failed
        head = f"interrupted after {done} of {self.total}" if self.interrupted else f"{self.total}"
        return (f"{head} documents: {self.written} written, {self.unchanged} unchanged, {self.failed} failed"
                f" -> {self.out_dir} in {time.monotonic() - self.started:.1f} s")


def ingest(source: Path, target: Path, sha256: str | None = None) -> Outcome:
    """One document to its JSON at `target`: the per-file stage, a function of that file alone.
    Any failure, whatever the exception, comes back as the outcome's one-line error."""
    from dtiplan.pipeline import process, write_json

    try:
        write_json(process(source), target)
    except Exception as error:
        failure = describe_failure(error)
        return Outcome(str(source), str(target), sha256 or "", failure.message, failure.traceback)
    return Outcome(str(source), str(target), sha256 or "")


def run_batch(arguments: list[Path], out_dir: Path, options: BatchOptions) -> Summary:
    """Every input to its JSON under out_dir, the unchanged ones skipped; then the comparison.
    Ctrl-C stops it cleanly: the JSONs written so far are logged and the next run resumes."""
    summary = Summary(out_dir)
    progress = Progress(0)
    writer = None
    try:
        sweep_partial_files(out_dir)
        inputs, clashes = find_inputs(arguments, out_dir)
        _note_unread(arguments, out_dir, progress)
        summary.total = progress.total = len(inputs) + len(clashes)
        for source, problem in clashes:
            _report(progress, summary, Outcome(str(source), "", "", problem), options.debug)
        tasks = _tasks_to_run(inputs, out_dir, options.force, summary, progress)
        writer = start_view_writer() if tasks else None
        _run_tasks(tasks, out_dir, options, summary, progress)
        progress.close()
        _write_views(writer, out_dir, summary, progress)
    except KeyboardInterrupt:
        summary.interrupted = True
        progress.close()
    finally:
        close(writer)
        if out_dir.is_dir():
            compact_state(out_dir)
    click.echo(summary.line() + ("; run it again to resume" if summary.interrupted else ""), err=True)
    return summary


def _note_unread(arguments: list[Path], out_dir: Path, progress: Progress) -> None:
    """One line for the files under the folders that are not read: "note: 4 files of no format
    dtiplan reads were left out (.doc 3, .xls 1)"."""
    if kinds := unread_kinds(arguments, out_dir):
        listed = ", ".join(f"{suffix} {count}" for suffix, count in sorted(kinds.items(), key=lambda k: (-k[1], k[0])))
        total = sum(kinds.values())
        progress.print(f"note: {total} file{'s' if total > 1 else ''} of no format dtiplan reads "
                       f"{'were' if total > 1 else 'was'} left out ({listed})")


def sweep_partial_files(out_dir: Path) -> None:
    """Remove the temporary files a killed process left (dtiplan.atomic's `.NAME.PID.tmp`)."""
    if out_dir.is_dir():
        for temp in out_dir.rglob(".*.tmp"):
            if is_temporary(temp):
                temp.unlink(missing_ok=True)


def _tasks_to_run(inputs, out_dir: Path, force: bool, summary: Summary, progress: Progress) -> list[Task]:
    """The inputs that are new or changed since the JSON in out_dir was written (content digest
    and pipeline version), or all of them with `force`."""
    state = {} if force else load_state(out_dir)
    version = pipeline_version()
    tasks = []
    for item in inputs:
        relative = item.target.as_posix()
        try:
            digest = file_sha256(item.source)
        except OSError as error:
            _report(progress, summary, Outcome(str(item.source), relative, "", describe_failure(error).message), False)
            continue
        if state.get(relative) == Written(relative, str(item.source), digest, version) and (out_dir / relative).is_file():
            summary.unchanged += 1
            progress.advance(failed=False)
            continue
        tasks.append(Task(item.source, out_dir / relative, relative, digest))
    return tasks


def _run_tasks(tasks: list[Task], out_dir: Path, options: BatchOptions, summary: Summary, progress: Progress) -> None:
    if not tasks:
        return
    from extract.read import file_format

    formats = {file_format(task.source) for task in tasks} - {None}
    tasks = largest_first(tasks)
    log = StateLog(out_dir)
    version = pipeline_version()
    relative = {str(task.target): task.relative for task in tasks}
    try:
        for outcome in run_pool(tasks, _ingest_task, min(options.jobs, len(tasks)), options.timeout,
                                lost=_lost_task, prepare=partial(load_pipeline, formats)):
            if outcome.error is not None:
                _report(progress, summary, outcome, options.debug)
                continue
            log.append(Written(relative[outcome.target], outcome.source, outcome.sha256, version))
            summary.written += 1
            progress.advance(failed=False)
    finally:
        log.close()


def load_pipeline(formats: set[str]) -> None:
    """Import the pipeline and warm it up for these formats: the pool's `prepare`, run once in the
    parent before its workers are forked (the import too, so that it runs with the collector
    paused: spaCy's import makes objects by the hundred thousand, and the scans they set off
    cost a tenth of its time)."""
    from dtiplan.pipeline import warm_up

    warm_up(formats)


def largest_first(tasks: list[Task]) -> list[Task]:
    """The tasks in decreasing file size: the longest jobs start first and the short ones fill
    in after them, so the workers finish together instead of one running a big file alone at
    the end (longest-processing-time order; a file's size stands for its reading time)."""
    def size(task: Task) -> int:
        try:
            return task.source.stat().st_size
        except OSError:
            return 0
    return sorted(tasks, key=size, reverse=True)


def _ingest_task(task: Task) -> Outcome:
    return ingest(task.source, task.target, task.sha256)


def _lost_task(task: Task, why: str) -> Outcome:
    return Outcome(str(task.source), str(task.target), task.sha256, why)


def _report(progress: Progress, summary: Summary, outcome: Outcome, debug: bool) -> None:
    """One line for a failed file (and its traceback on --debug), counted in the summary."""
    summary.failed += 1
    progress.print(f"error: {outcome.source}: {outcome.error}")
    if debug and outcome.traceback:
        progress.print(outcome.traceback.rstrip())
    progress.advance(failed=True)


def _write_views(writer: ViewWriter | None, out_dir: Path, summary: Summary, progress: Progress) -> None:
    """The comparison and report over every JSON in out_dir (dtiplan.views); a failure is not a
    document's: one line, and the run's exit status says it."""
    if problems := finish(writer, out_dir, summary.written):
        summary.views_failed = True
        progress.print(f"error: {out_dir / 'comparison'}: {problems[0]}")
