"""Tables printed one row per line with `|` between cells: pipe tables and markdown.

`STT | Chỉ số chính | Tổng điểm |` or `| 1 | Nhận thức số | 100 |`; markdown adds a
`|---|---|` rule under the header and may carry inline HTML (`<br>`) in cells, cleaned
later with all cell text. Consecutive rows form a region (blank lines and lone `|` lines
inside do not end it); a region holds several tables where a header row (a first cell
that is no row code, followed by coded rows) starts another. A line that prints a whole
table, its cells between separators and rows not marked, is a cell stream.
"""
from __future__ import annotations

import re

from extract import codes
from extract.model import Block, Cell, Provenance, Table, TableRow, TextBlock
from extract.readers.cell_stream import Piece, parse_stream

RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
STREAM_CELLS = 6  # a header of three cells and a row of three, at least


def pipe_cells(line: str, bordered: bool = True) -> list[str] | None:
    """The cells of a pipe row, or None for a line that is not one (fewer than two `|`).
    Where rows are not bordered (`1 | Name | 10 |`), a leading `|` is an empty first cell."""
    text = line.strip()
    if text.count("|") < 2:
        return None
    if text.startswith("|") and bordered:
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [c.strip() for c in text.split("|")]


def is_pipe_rows(lines: list[str]) -> bool:
    """The dialect: at least three lines that each print three cells or more."""
    return sum(1 for line in lines if len(pipe_cells(line) or []) >= 3) >= 3 or any(
        _is_stream_line(pipe_cells(line) or []) for line in lines)


def _is_stream_line(cells: list[str]) -> bool:
    """A whole table on one line: a header cell first, then row codes that follow one
    another further on (a pipe row prints one code, first)."""
    if len(cells) < STREAM_CELLS or codes.is_code(cells[0]):
        return False
    found = [codes.clean_code(c) for c in cells[1:] if codes.is_dotted(c) or codes.is_roman(c)]
    marked = [c for c in found if "." in c or codes.is_roman(c)]
    numbers = [int(c) for c in found if c.isdigit()]
    counting = 1 in numbers and 2 in numbers[numbers.index(1):]  # rows 1, 2, ... further on
    return len(marked) >= 2 or counting


def _is_header(row: list[str], following: list[list[str]]) -> bool:
    """A header row: three cells or more, the first printed and no row code, every cell
    short and no number, the next row coded (a continuation row prints no code either)."""
    return len(row) >= 3 and bool(row[0]) and not codes.is_code(row[0]) and all(len(c) <= 80 for c in row) \
        and not any(re.fullmatch(r"\d+([.,]\d+)?", c) for c in row) \
        and bool(following) and codes.is_code(following[0][0])


def parse_pipe_rows(lines: list[str], first_line: int = 1) -> list[Block]:
    blocks: list[Block] = []
    region: list[tuple[int, list[str]]] = []
    rows = [line.strip() for line in lines if (pipe_cells(line) or [])[2:]]
    bordered = sum(line.startswith("|") for line in rows) * 2 > len(rows)

    def close() -> None:
        blocks.extend(_tables(region))
        region.clear()

    for offset, raw in enumerate(lines):
        number = first_line + offset
        text = raw.strip()
        if not text or text in ("|", "||") or RULE.match(text):
            continue
        cells = pipe_cells(text, bordered)
        if cells is not None and _is_stream_line(cells):
            close()
            blocks.extend(parse_stream([Piece(c, number) for c in cells], loose=False))
        elif cells is not None:
            region.append((number, cells))
        else:
            close()
            blocks.append(TextBlock(text, Provenance(number)))
    close()
    return blocks


def _tables(region: list[tuple[int, list[str]]]) -> list[Block]:
    """A region's rows as tables, a new one at each header row."""
    if not region:
        return []
    starts = [0] + [i for i in range(1, len(region))
                    if _is_header(region[i][1], [r for _, r in region[i + 1: i + 2]])]
    out: list[Block] = []
    for a, b in zip(starts, starts[1:] + [len(region)]):
        rows = [TableRow([Cell(c, Provenance(n)) for c in cells], Provenance(n)) for n, cells in region[a:b]]
        out.append(Table(rows, rows[0].prov))
    return out
