"""The comparison and report over an output folder's JSONs, written in a process of their own.

A batch's parent spends its first second loading the pipeline on one core while the other one
idles, then its workers fill both cores. The views' modules (pandas, duckdb, openpyxl, jinja2:
half a second to import) are loaded in that idle second by a process forked before the
pipeline, which then waits for the workers to finish and writes the views.
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


def view_problems(out_dir: Path, written: int) -> list[str]:
    """Write the comparison files and report over every JSON in out_dir when this run wrote any
    of them or they are missing; the one-line message of each view that failed."""
    report, folder = out_dir / "report.html", out_dir / "comparison"
    if not any(out_dir.glob("**/*.json")) or (written == 0 and report.is_file()):
        return []
    from dtiplan.compare import build_comparison, write_tables, write_workbook  # pandas, duckdb: only when needed
    from dtiplan.report import write_report_file

    try:
        comparison = build_comparison(out_dir)  # once for the files and the page
    except Exception as error:
        return [describe_failure(error).message]
    # One after the other: a forked writer would copy this process's memory as it touched it.
    problems = [_attempt(write_tables, comparison, folder), _attempt(write_workbook, comparison, folder),
                _attempt(write_report_file, comparison, report)]
    return [p for p in problems if p]


def _attempt(write, *arguments) -> str | None:
    """write(*arguments); the one-line message of its failure, or None."""
    try:
        write(*arguments)
    except Exception as error:
        return describe_failure(error).message
    return None


@dataclass
class ViewWriter:
    """A forked process that has imported the views' modules and waits for `finish`."""
    process: Any
    conn: Connection


def start_view_writer() -> ViewWriter | None:
    """Fork the view writer now (before the pipeline is loaded: it copies a small process);
    None where fork is unavailable, and the caller writes the views itself."""
    context = worker_context()  # fork where the pool forks its workers
    if context.get_start_method() != "fork":
        return None
    parent_end, child_end = context.Pipe()
    process = context.Process(target=_serve, args=(child_end,), daemon=True)
    process.start()
    child_end.close()
    return ViewWriter(process, parent_end)


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
        conn.send([missing] if missing else view_problems(*request))


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
        problems = writer.conn.recv()
    except (EOFError, OSError):
        writer.process.join()
        problems = [f"the view writer died (exit status {writer.process.exitcode})"]
    return problems


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
