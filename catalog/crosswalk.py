"""Which indicators of different framework versions are the same measure.

`crosswalk.json` groups indicators into measures by reviewed links (each with a
reason). `measure_of` gives a stable id shared by every version of one measure, so
the comparison builder can line up a 2022 plan and a 2026 plan indicator by indicator.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Link:
    measure: str
    source: str  # "framework:code"
    target: str
    reason: str


def indicator_key(framework: str, code: str) -> str:
    return f"{framework}:{code}"


def load_links(path: Path = DATA / "crosswalk.json") -> list[Link]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Link(measure["id"], link["from"], link["to"], link["reason"])
        for measure in data["measures"]
        for link in measure["links"]
    ]


@lru_cache(maxsize=1)
def _measure_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for link in load_links():
        index[link.source] = link.measure
        index[link.target] = link.measure
    return index


def measure_of(framework: str, code: str) -> str:
    """The measure id of an indicator; `framework:code` itself when no link names it."""
    key = indicator_key(framework, str(code).strip())
    return _measure_index().get(key, key)


def members_of(measure: str) -> list[str]:
    """Every `framework:code` of one measure (a lone indicator is its own member)."""
    members = sorted(key for key, found in _measure_index().items() if found == measure)
    return members or [measure]
