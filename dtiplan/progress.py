"""The batch's progress on standard error: one line, rewritten in place, only on a terminal.

`[ 120/1000]  3 failed  4.2 files/s  3m 29s left`: error lines are printed above it. When
standard error is a file or a pipe nothing but the error lines and the summary is written.
"""
from __future__ import annotations

import sys
import time

import click

REDRAW_EVERY = 0.2  # seconds between two redraws of the line


class Progress:
    def __init__(self, total: int, stream=None) -> None:
        self.total = total
        self.done = 0
        self.failed = 0
        self._stream = stream or sys.stderr
        self._live = self._stream.isatty()
        self._started = time.monotonic()
        self._drawn = 0.0

    def advance(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        if self._live and (time.monotonic() - self._drawn >= REDRAW_EVERY or self.done == self.total):
            self._draw()

    def print(self, line: str) -> None:
        """A line above the progress line (an error)."""
        self._clear()
        click.echo(line, file=self._stream)
        if self._live:
            self._draw()

    def close(self) -> None:
        self._clear()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self._started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else None
        width = len(str(self.total))
        return (f"[{self.done:>{width}}/{self.total}]  {self.failed} failed  {rate:.1f} files/s"
                + (f"  {_duration(left)} left" if left is not None else ""))

    def _draw(self) -> None:
        self._drawn = time.monotonic()
        self._stream.write("\r\033[K" + self.line())
        self._stream.flush()

    def _clear(self) -> None:
        if self._live:
            self._stream.write("\r\033[K")
            self._stream.flush()


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"
