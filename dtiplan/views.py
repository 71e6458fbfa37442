"""The comparison and report over an output folder's JSONs, written in processes of their own.

A batch's parent spends its first second loading the pipeline on one core while the other one
idles, then its workers fill both cores. The views' modules (pandas, duckdb, openpyxl, jinja2:
half a second to import) are loaded in that idle second by a process forked before the
pipeline, which then waits for the workers to finish and writes the views. When they are
asked for, both cores are free again: the view writer forks a second process for the
workbook (half the views' time: openpyxl writes cell by cell) and writes the rest itself.
"""
from __future__ import annotations

import gc
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from dtiplan.failures import describe_failure
from dtiplan.pool import exit_cleanly, worker_context


# Up to this many JSONs the workbook is written beside the other views, from a second
# comparison: on a few documents the workbook is half the views' time and a build takes a
# tenth of a second (the five seeds' views: about 0.1 s sooner). On many, openpyxl's writing
# of the long tables' cells is most of the time either way, and the second comparison's
# memory grows with the documents (1,000 JSONs: 17.7 s one after the other, 17.6 s beside,
# for a peak of 368 MB against 643 MB).
WORKBOOK_BESIDE_UP_TO = 100


def view_problems(out_dir: Path, written: int, workbook_beside: bool = False) -> list[str]:
    """Write the comparison files and report over every JSON in out_dir when this run wrote any
    of them or they are missing; the one-line message of each view that failed. With
    `workbook_beside` (the view writer, a small process that may fork) and a few documents,
    the workbook is written by a forked process at the same time as the rest."""
    report, folder = out_dir / "report.html", out_dir / "comparison"
    jsons = sum(1 for _ in out_dir.glob("**/*.json"))
    if not jsons or (written == 0 and report.is_file()):
        return []
    from dtiplan.compare import write_tables, write_workbook  # pandas, duckdb: only when needed
    from dtiplan.report import write_report_file

    beside = workbook_beside and jsons <= WORKBOOK_BESIDE_UP_TO
    workbook = _start(_serve_workbook, out_dir, folder) if beside else None
    writes = [(write_tables, folder), (write_report_file, report)]
    problems = written_views(out_dir, writes if workbook else writes + [(write_workbook, folder)])
    if workbook is not None:
        problems += _answer(workbook, "the workbook writer")
    return list(dict.fromkeys(problems))  # a comparison that cannot be built is said once


def written_views(out_dir: Path, writes: list[tuple[Any, Path]]) -> list[str]:
    """The comparison built once, then write(comparison, target) for each view; the one-line
    problems."""
    from dtiplan.compare import build_comparison

    try:
        comparison = build_comparison(out_dir)
    except Exception as error:
        return [describe_failure(error).message]
    return [p for p in (_attempt(write, comparison, target) for write, target in writes) if p]


def _attempt(write, *arguments) -> str | None:
    """write(*arguments); the one-line message of its failure, or None."""
    try:
        write(*arguments)
    except Exception as error:
        return describe_failure(error).message
    return None


def _serve_workbook(conn: Connection, out_dir: Path, folder: Path) -> None:
    """The workbook from a comparison of its own: the view writer's cannot be shared (a built
    one holds DuckDB's threads, which a fork does not carry), and building it twice, on two
    cores, is quicker than writing the workbook after the rest."""
    from dtiplan.compare import write_workbook

    conn.send(written_views(out_dir, [(write_workbook, folder)]))


@dataclass
class ViewWriter:
    """A forked process that has imported the views' modules and waits for `finish`."""
    process: Any
    conn: Connection


def start_view_writer() -> ViewWriter | None:
    """Fork the view writer now (before the pipeline is loaded: it copies a small process);
    None where fork is unavailable, and the caller writes the views itself."""
    return _start(_serve)


def _start(serve, *arguments) -> ViewWriter | None:
    """serve(connection, *arguments) in a forked process; None where fork is unavailable. Not a
    daemon, so that it may fork the workbook's process: `close` always ends it."""
    context = worker_context()  # fork where the pool forks its workers
    if context.get_start_method() != "fork":
        return None
    parent_end, child_end = context.Pipe()
    process = context.Process(target=serve, args=(child_end, *arguments), daemon=False)
    process.start()
    child_end.close()
    return ViewWriter(process, parent_end)


def _answer(child: ViewWriter, what: str) -> list[str]:
    """What a forked writer sends back (its last word: it leaves then), or one line saying it died."""
    try:
        return child.conn.recv()
    except (EOFError, OSError):
        child.process.join()
        return [f"{what} died (exit status {child.process.exitcode})"]
    finally:
        child.process.join()
        child.conn.close()


def _serve(conn: Connection) -> None:
    """Import the views' modules, then write the views asked for (out_dir, written), or leave on None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    signal.signal(signal.SIGTERM, exit_cleanly)  # ended after a Ctrl-C: a view half written is removed
    gc.disable()  # the modules and catalog loaded here live as long as the process: no scans of them
    try:
        import dtiplan.compare_write  # noqa: F401
        import dtiplan.report  # noqa: F401
    except Exception as error:  # said as the views' problem when they are asked for, not a traceback
        missing = describe_failure(error).message
    else:
        missing = None
        _warm_up()
    finally:
        gc.freeze()
        gc.enable()
    if (request := conn.recv()) is not None:
        try:
            answer = [missing] if missing else view_problems(*request, workbook_beside=True)
        except Exception as error:  # whatever goes wrong is one line, as for a document
            answer = [describe_failure(error).message]
        conn.send(answer)


def _warm_up() -> None:
    """Load what every comparison reads besides the JSONs (the catalog, its crosswalk, the
    report's template), while the documents are still being read; what cannot load is the
    views' to report when they are written, not this."""
    from catalog.crosswalk import measure_of
    from catalog.store import default_catalog
    from dtiplan.report import report_template

    try:
        for indicator in default_catalog().indicators()[:1]:
            measure_of(indicator.framework, indicator.code)
        report_template()
    except Exception:
        pass


def finish(writer: ViewWriter | None, out_dir: Path, written: int) -> list[str]:
    """The views written by the writer (or here, without one): their problems."""
    if writer is None:
        return view_problems(out_dir, written)
    try:
        writer.conn.send((out_dir, written))
    except OSError:
        pass  # it died: the answer says so
    return _answer(writer, "the view writer")


def close(writer: ViewWriter | None) -> None:
    """Let the writer leave, or end it (after an interruption)."""
    if writer is None or writer.conn.closed:
        return
    if writer.process.is_alive():
        try:
            writer.conn.send(None)
        except OSError:
            pass
        writer.process.join(2.0)
    if writer.process.is_alive():
        writer.process.terminate()
        writer.process.join()
    writer.conn.close()
