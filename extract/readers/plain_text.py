"""Plain text from a PDF text converter: tables lose every separator.

A table shows up as a header line starting with STT (its column headers side by side,
wrapped over a few lines), then rows that each start with a row code; a cell runs over
several lines with blank lines between. Columns are recovered from what the lines say:
text before a row's value (a number or percentage) is the name, the value fills the
value column, text after it the column after. A second value inside one numbered row
means an unnumbered row follows; a page break repeats the header, which is dropped.
"""
from __future__ import annotations

import re

from extract import codes
from extract.headers import NUMERIC_ROLES, column_role, segment_header
from extract.model import Block, Cell, Provenance, Table, TableRow, TextBlock

HEADER_START = re.compile(r"^(STT|TT|Số TT)\s+\S", re.IGNORECASE)
ROW_START = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4}|[IVX]{1,4})\.?\s+(.*)$|^(\d{1,2}(?:\.\d{1,2}){0,4})\.?$")
VALUE = r"(?:>=|≥|<=|≤|>|<)?\s*\d+(?:[.,]\d+)?\s*%?"
VALUE_LINE = re.compile(rf"^{VALUE}$")
TRAILING_VALUE = re.compile(rf"^(.*\S)\s+({VALUE})$")
# Lines that end a table: a new section heading, the signature or distribution block.
TABLE_END = re.compile(r"^(PHỤ LỤC|Phụ lục|Nơi nhận|TM\.|KT\.|[IVX]+\.\s)")


def find_tables(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if HEADER_START.match(line.strip())]


def parse_plain(lines: list[str], first_line: int = 1) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if HEADER_START.match(line):
            table, index = _parse_table(lines, index, first_line)
            if table:
                blocks.append(table)
            continue
        if line:
            blocks.append(TextBlock(line, Provenance(first_line + index)))
        index += 1
    return blocks


def _header(lines: list[str], start: int) -> tuple[list[str], int]:
    """The header text (all lines up to the first row code) and where rows begin."""
    parts, index = [], start
    while index < len(lines):
        text = lines[index].strip()
        if index > start and ROW_START.match(text):
            break
        if text:
            parts.append(text)
        index += 1
    return segment_header(" ".join(parts)), index


def _parse_table(lines, start, first_line) -> tuple[Table | None, int]:
    headers, index = _header(lines, start)
    header_lines = sum(1 for line in lines[start:index] if line.strip())
    roles = [column_role(h) for h in headers]
    value_columns = [i for i, r in enumerate(roles) if r in NUMERIC_ROLES]
    if len(headers) < 3 or not value_columns:
        return None, start + 1
    header_row = TableRow([Cell(h, Provenance(first_line + start)) for h in headers],
                          Provenance(first_line + start))
    rows: list[list[tuple[int, str]]] = []  # each row: its (line, text) pieces
    while index < len(lines):
        text = lines[index].strip()
        if TABLE_END.match(text):
            break
        if HEADER_START.match(text):  # the header repeated after a page break
            index = _skip_lines(lines, index, header_lines)
            continue
        match = ROW_START.match(text)
        if match:
            rows.append([(first_line + index, text)])
        elif text and rows:
            rows[-1].append((first_line + index, text))
        index += 1
    table_rows = [header_row]
    for pieces in rows:
        table_rows += _cells(pieces, len(headers), value_columns[0])
    return Table(table_rows, header_row.prov), index


def _skip_lines(lines: list[str], index: int, count: int) -> int:
    """Past `count` non-blank lines: a repeated header has as many lines as the first."""
    while index < len(lines) and count:
        count -= bool(lines[index].strip())
        index += 1
    return index


def _cells(pieces: list[tuple[int, str]], width: int, value_at: int) -> list[TableRow]:
    """One numbered row's lines as table rows: code, name, value, then the rest."""
    number, first = pieces[0]
    match = ROW_START.match(first)
    code = match.group(1) or match.group(3)
    lines = [(number, match.group(2) or "")] + pieces[1:]
    lines = [(n, t) for n, t in lines if t]
    # a value printed at the end of a text line ("Tỷ trọng kinh tế số trên GRDP 11%")
    split: list[tuple[int, str, bool]] = []
    for n, t in lines:
        trailing = TRAILING_VALUE.match(t)
        if VALUE_LINE.match(t):
            split.append((n, t, True))
        elif trailing and not codes.is_code(trailing.group(2)):
            split += [(n, trailing.group(1), False), (n, trailing.group(2), True)]
        else:
            split.append((n, t, False))
    groups = _segments(split)
    out: list[TableRow] = []
    for position, (before, value, after) in enumerate(groups):
        texts = [""] * width
        texts[0] = code if position == 0 else ""
        texts[1] = " ".join(t for _, t in before)
        if value is not None:
            texts[value_at] = value[1]
        if after and value_at + 1 < width:
            texts[value_at + 1] = " ".join(t for _, t in after)
        line = (before or [value] if value else before or after)[0][0] if (before or value or after) else number
        out.append(TableRow([Cell(t, Provenance(line)) for t in texts], Provenance(line)))
    return out


def _segments(split):
    """Split a numbered row at its values: (name lines, value, note lines) per row.

    Between two values the lines hold the first row's note and the next row's name; the
    name starts at a capitalised line after a short line (the end of a wrapped cell).
    """
    values = [i for i, (_, _, is_value) in enumerate(split) if is_value]
    if len(values) <= 1:
        before = [(n, t) for n, t, v in split[: values[0]]] if values else [(n, t) for n, t, _ in split]
        value = (split[values[0]][0], split[values[0]][1]) if values else None
        after = [(n, t) for n, t, _ in split[values[0] + 1:]] if values else []
        return [(before, value, after)]
    groups = []
    start = 0
    for k, at in enumerate(values):
        before = [(n, t) for n, t, _ in split[start:at]]
        end = values[k + 1] if k + 1 < len(values) else len(split)
        between = [(n, t) for n, t, _ in split[at + 1:end]]
        cut = len(between) if k + 1 < len(values) else len(between)
        if k + 1 < len(values):
            cut = _name_start(between)
        groups.append((before, (split[at][0], split[at][1]), between[:cut]))
        start = at + 1 + cut
    return groups


def _name_start(lines: list[tuple[int, str]]) -> int:
    longest = max((len(t) for _, t in lines), default=0)
    for i in range(1, len(lines)):
        previous, text = lines[i - 1][1], lines[i][1]
        if text[:1].isupper() and (len(previous) < 0.6 * longest or previous.endswith((".", ";", ":"))):
            return i
    return 0
