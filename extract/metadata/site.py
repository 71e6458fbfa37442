"""A legal-document site's metadata table: '| Số hiệu | 18/KH-UBND |' rows at the top of a
scraped page, the same table in a DOCX/PDF rendering, or label/value cells elsewhere on the
page (see _read_label_cells)."""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from extract.metadata.lines import clean_line
from extract.metadata.vocab import vocabulary
from normalize.text import fold, nfc, one_line

# A site's metadata table is preceded at most by the page title.
SITE_TABLE_LEAD = 3


_SITE_ROW = re.compile(r"^\s*\|\s*([^|]+?)\s*\|\s*([^|]*?)\s*\|\s*$")


def site_table(lines: list[str]) -> tuple[dict[str, str], int]:
    """The label/value rows at the top of a scraped page, and the index after the last row."""
    table: dict[str, str] = {}
    end, lead = 0, 0
    for i, line in enumerate(lines):
        match = _SITE_ROW.match(nfc(line))
        if match:
            table[match.group(1)] = match.group(2)
            end = i + 1
        elif table or (line.strip() and (lead := lead + 1) > SITE_TABLE_LEAD):
            break
    return table, end


def read_site_metadata(lines: list[str]) -> dict[str, str]:
    """A legal-document site's metadata table ('| Số hiệu | 18/KH-UBND |'), label -> value;
    else its label/value cells elsewhere on the page (extract.meta_site)."""
    return site_table(lines)[0] or _read_label_cells(lines)


def site_metadata_from_rows(tables: list[list[list[str]]], lines: list[str]) -> dict[str, str]:
    """The site's metadata table in a rendering of the saved page (DOCX, PDF): a table of
    label/value rows with at least three labels the sites print, or, where a PDF printed
    it without rules, label and value as consecutive lines at the top of the text."""
    known = vocabulary().site_labels
    for rows in tables:
        pairs = {row[0].rstrip(": "): row[1] for row in rows if len(row) == 2 and row[1].strip()}
        found = {label: value for label, value in pairs.items() if fold(label) in known}
        if len(found) >= 3:
            return found
    top = lines[:SITE_TABLE_LEAD + 2 * len(known)]
    found = {label: value for label, value in zip(top, top[1:])
             if fold(label.rstrip(": ")) in known and fold(value.rstrip(": ")) not in known and value.strip()}
    return found if len(found) >= 3 else {}


def site_fields(site_metadata: dict[str, str]) -> dict[str, str]:
    labels = vocabulary().site_labels
    fields: dict[str, str] = {}
    for label, value in site_metadata.items():
        field = labels.get(fold(label))
        value = clean_line(value)
        if field and value and field not in fields:
            fields[field] = value
    return fields


# The label/value cells of a site's block outside a '| a | b |' table, anywhere on the page
# (often after a copyright banner): one cell per line between lines of '|' ('Số hiệu:' / '|' /
# '920/QĐ-UBND'), or several pairs on one line ('Số hiệu: 780/QĐ-UBND Loại văn bản: Quyết định').
# The labels: those the HTML reader knows, and in data/metadata.json labels that only end a value.
_LABELS = Path(__file__).parents[2] / "normalize" / "data" / "site_metadata_labels.json"
# A page prints its block once, with most labels; three known labels make a block, so a
# body sentence that happens to say 'Người ký:' does not.
MIN_LABELS = 3


@cache
def _label_pattern() -> re.Pattern[str]:
    """Any printed label followed by ':', longest first ('Tình trạng hiệu lực' before 'Tình trạng')."""
    labels = json.loads(_LABELS.read_text(encoding="utf-8"))["labels"] + list(vocabulary().site_stop_labels)
    words = sorted(set(labels), key=len, reverse=True)
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


def _read_label_cells(lines: list[str]) -> dict[str, str]:
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
