"""What earlier runs wrote into an output folder: one line per JSON, to skip unchanged inputs.

The log is appended to as each JSON lands (a line is written whole or, if the run is killed in
the middle of it, ignored when read back), so an interrupted run resumes where it stopped; at
the end of a run it is rewritten sorted, for only the JSONs that exist.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import dtiplan
from dtiplan.atomic import written_beside

STATE_NAME = ".dtiplan-state.jsonl"
PACKAGES = ("dtiplan", "extract", "normalize", "catalog")
PIPELINE_FILES = ("*.py", "data/*.json", "data/*.csv", "schema/*.json")


@dataclass(frozen=True)
class Written:
    target: str      # the JSON, relative to the output folder
    source: str      # the input as named
    sha256: str      # of the input's bytes
    pipeline: str    # pipeline_version() that wrote it


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """The package version and a digest of the code and data that make a JSON: any change to
    them makes every input new again."""
    root = Path(dtiplan.__file__).resolve().parents[1]
    digest = hashlib.sha256(dtiplan.__version__.encode())
    for package in PACKAGES:
        for pattern in PIPELINE_FILES:
            for path in sorted((root / package).rglob(pattern)):
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return f"{dtiplan.__version__}+{digest.hexdigest()[:16]}"


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def load_state(out_dir: Path) -> dict[str, Written]:
    """target -> what wrote it, from the log (a torn last line is ignored)."""
    path = out_dir / STATE_NAME
    if not path.is_file():
        return {}
    state = {}
    for line in path.read_text(encoding="utf-8", errors="surrogateescape").splitlines():
        try:
            entry = Written(**json.loads(line))
        except (ValueError, TypeError):
            continue
        state[entry.target] = entry
    return state


class StateLog:
    """Appends one line per JSON written, flushed at once."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / STATE_NAME
        torn = path.is_file() and path.stat().st_size and not path.read_bytes().endswith(b"\n")
        self._handle = path.open("a", encoding="utf-8", errors="surrogateescape")
        if torn:  # the last run was killed in the middle of a line: start on a fresh one
            self._handle.write("\n")

    def append(self, entry: Written) -> None:
        self._handle.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()


def compact_state(out_dir: Path) -> None:
    """Rewrite the log sorted, one line per JSON that exists (atomically)."""
    state = load_state(out_dir)
    lines = [json.dumps(asdict(state[t]), ensure_ascii=False) + "\n"
             for t in sorted(state) if (out_dir / t).is_file()]
    with written_beside(out_dir / STATE_NAME) as temporary:
        temporary.write_text("".join(lines), encoding="utf-8", errors="surrogateescape")
