"""A pool of worker processes, one task per worker at a time, each task under a time limit.

A task that overruns its limit is stopped by ending its worker (a stuck C extension cannot be
interrupted any other way) and a fresh worker takes its place; a worker that dies (a crash, the
kernel's out-of-memory killer) costs only its own task. Results come back as they finish.
Workers are forked from a parent that has already loaded the pipeline (`prepare`), so they
start at once and share its memory; where fork is not available each worker prepares itself.
"""
from __future__ import annotations

import gc
import multiprocessing
import signal
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterable, Iterator

STOP_GRACE = 2.0  # seconds a stopped worker gets to clean up (remove its temporary file)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: Any = None
    deadline: float = 0.0


def run_pool(tasks: Iterable, work: Callable, jobs: int, timeout: float,
             lost: Callable[[Any, str], Any], prepare: Callable[[], None] = lambda: None) -> Iterator:
    """Yield work(task) for every task, or lost(task, why) for a task whose worker overran the
    timeout or died. `work` must not raise: its caller turns failures into results."""
    context = worker_context()
    if context.get_start_method() == "fork":
        prepare_to_share(prepare)
    pending = iter(tasks)
    workers = [_start(context, work, prepare) for _ in range(jobs)]
    try:
        while True:
            _hand_out(workers, pending, timeout)
            busy = [w for w in workers if w.task is not None]
            if not busy:
                return
            ready = wait([w.conn for w in busy], timeout=max(0.0, min(w.deadline for w in busy) - time.monotonic()))
            for worker in busy:
                if worker.conn in ready:
                    result = _receive(worker, lost)
                elif time.monotonic() >= worker.deadline:
                    result = lost(worker.task, f"stopped after the {timeout:g} s time limit")
                    _stop(worker)
                else:
                    continue
                if not worker.process.is_alive():
                    workers[workers.index(worker)] = _start(context, work, prepare)
                worker.task = None
                yield result
    finally:
        for worker in workers:
            _stop(worker)


def prepare_to_share(prepare: Callable[[], None]) -> None:
    """prepare() with the cyclic garbage collector paused (what it loads lives as long as the
    process: scanning it is wasted work), then everything frozen (gc.freeze): the collectors of
    the forked workers never touch those objects, so their pages stay shared with this process
    instead of being copied into each worker."""
    gc.disable()
    try:
        prepare()
    finally:
        gc.freeze()
        gc.enable()


def worker_context():
    """fork where the platform has it (Linux): workers inherit the loaded pipeline."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin" else None)


def _start(context, work: Callable, prepare: Callable[[], None]) -> _Worker:
    parent_end, child_end = context.Pipe()
    forked = context.get_start_method() == "fork"
    process = context.Process(target=_serve, args=(child_end, work, None if forked else prepare), daemon=True)
    process.start()
    child_end.close()
    return _Worker(process, parent_end)


def _serve(conn: Connection, work: Callable, prepare: Callable[[], None] | None) -> None:
    """The worker's loop: a task in, its result out, until told to stop (None)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    signal.signal(signal.SIGTERM, exit_cleanly)
    if prepare is not None:
        prepare()
    while (task := conn.recv()) is not None:
        conn.send(work(task))


def exit_cleanly(signum, frame) -> None:
    """SIGTERM as SystemExit, so `finally` blocks (a half-written file's removal) still run."""
    raise SystemExit(128 + signum)


def _hand_out(workers: list[_Worker], pending: Iterator, timeout: float) -> None:
    for worker in workers:
        if worker.task is None:
            task = next(pending, None)
            if task is None:
                return
            worker.task, worker.deadline = task, time.monotonic() + timeout
            try:
                worker.conn.send(task)
            except OSError:  # the worker died while idle: the receive below reports it
                pass


def _receive(worker: _Worker, lost: Callable[[Any, str], Any]):
    try:
        return worker.conn.recv()
    except (EOFError, OSError):
        worker.process.join(STOP_GRACE)
        return lost(worker.task, f"the worker process died ({_exit_description(worker.process.exitcode)})")


def _exit_description(code: int | None) -> str:
    if code is not None and code < 0:
        return f"signal {signal.Signals(-code).name}"
    return f"exit status {code}"


def _stop(worker: _Worker) -> None:
    """Ask an idle worker to leave; end a busy or stuck one (SIGTERM, then SIGKILL)."""
    if worker.process.is_alive() and worker.task is None:
        try:
            worker.conn.send(None)
        except OSError:
            pass
        worker.process.join(STOP_GRACE)
    if worker.process.is_alive():
        worker.process.terminate()
        worker.process.join(STOP_GRACE)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join()
    worker.conn.close()
