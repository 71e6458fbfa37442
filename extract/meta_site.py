"""A legal-document site's metadata block as saved pages print it outside a '| a | b |' table.

Two layouts of the same label/value list ('Số hiệu', 'Loại văn bản', 'Nơi ban hành',
'Người ký', 'Ngày ban hành', ...), anywhere on the page (often after a copyright banner):
- one cell per line, the cells separated by lines of '|': 'Số hiệu:' / '|' / '920/QĐ-UBND';
- several pairs on one line: 'Số hiệu: 780/QĐ-UBND Loại văn bản: Quyết định'.
The labels the sites print are listed in normalize/data/site_metadata_labels.json.
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from normalize.text import fold, nfc, one_line

_LABELS = Path(__file__).parents[1] / "normalize" / "data" / "site_metadata_labels.json"
# A page prints its block once, with most labels; three known labels make a block, so a
# body sentence that happens to say 'Người ký:' does not.
MIN_LABELS = 3


@cache
def _label_pattern() -> re.Pattern[str]:
    """Any printed label followed by ':', longest first ('Tình trạng hiệu lực' before 'Tình trạng')."""
    labels = json.loads(_LABELS.read_text(encoding="utf-8"))["labels"]
    words = sorted(labels, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")\s*:", re.IGNORECASE)


def _cells(lines: list[str]) -> list[str]:
    """The page's text as cells: each line split at '|', blanks dropped."""
    return [cell for line in lines for cell in (one_line(c) for c in nfc(line).split("|")) if cell]


def _pairs_in(cell: str) -> list[tuple[str, str]]:
    """'Số hiệu: 780/QĐ-UBND Loại văn bản: Quyết định' -> [(label, value), ...]; a label
    ending the cell has the value '' (it is in the next cell)."""
    found = list(_label_pattern().finditer(cell))
    if not found or cell[:found[0].start()].strip():
        return []
    ends = [m.start() for m in found[1:]] + [len(cell)]
    return [(m.group(1), cell[m.end():end].strip()) for m, end in zip(found, ends)]


def read_label_cells(lines: list[str]) -> dict[str, str]:
    """The site's label -> value block in either layout; {} when fewer than MIN_LABELS labels."""
    cells = _cells(lines)
    block: dict[str, str] = {}
    for k, cell in enumerate(cells):
        for label, value in _pairs_in(cell):
            follower = cells[k + 1] if k + 1 < len(cells) else ""
            if not value and follower and not _pairs_in(follower):
                value = follower
            key = fold(label)
            if value and key not in {fold(seen) for seen in block}:
                block[label] = value
    return block if len(block) >= MIN_LABELS else {}
