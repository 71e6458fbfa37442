"""Files written whole or not at all: the JSONs, the comparison's files and the report.

Each is written to a temporary file beside its target and put in place by a rename, so a
reader never opens half a file and an interrupted run leaves the last whole one. The
temporary name is known before the file exists (`.NAME.PID.tmp`: one writer of a target per
process), so a stop that lands while the file is being created (a worker's SIGTERM is handled
the moment the creating call returns) still removes it; `is_temporary` lets the next run sweep
what a killed process (SIGKILL) left.
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

# `.NAME.PID.tmp`, and `.NAME.XXXXXXXX.tmp` as earlier versions named them (mkstemp)
_TEMPORARY = re.compile(r"^\..+\.[^.]+\.tmp$")


@contextmanager
def written_beside(target: Path) -> Iterator[Path]:
    """A path beside `target` to write to; renamed to `target` when the block ends, removed if
    it fails (whatever the exception, SystemExit included)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(_temporary_name(target.name))
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


# A file name is at most 255 bytes: the temporary one keeps at most this much of its target's
# name, so that the PID and suffix fit beside a long one (a Vietnamese title is 2-3 bytes a letter).
_NAME_BYTES = 200


def _temporary_name(name: str) -> str:
    return f".{os.fsdecode(os.fsencode(name)[:_NAME_BYTES])}.{os.getpid()}.tmp"


def is_temporary(path: Path) -> bool:
    """Is this a temporary file `written_beside` makes?"""
    return bool(_TEMPORARY.match(path.name))
