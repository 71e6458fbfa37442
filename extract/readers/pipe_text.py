"""Text flattened from a legal-document web page, where table cells end with a pipe.

Two dialects occur, both one cell per line group:
- row-marked: a lone `|` opens a row and every cell's last line ends with ` |`
  (`1.1 |`); an empty cell is also printed as a lone `|`, and `||` closes a row early.
- separator-only: cell text, then a lone `|` line that ends the cell; rows are not
  marked, so a row starts where a row code appears once the header width is known.
Neither prints a cell merged over rows again: such rows come out shorter than the
header, and `extract.grid` finds which column is missing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract import codes
from extract.model import Block, Cell, Provenance, Table, TableRow, TextBlock
from extract.grid import fits
from extract.headers import NUMERIC_ROLES, column_role, is_table_start, row_may_end_at

CELL_END = re.compile(r"^(.*\S)\s\|$")
INLINE_ROW = re.compile(r"^\|\s.*\s\|$")  # "| Số hiệu | 18/KH-UBND |" on one line
LONE, CLOSE = "|", "||"


def is_pipe_line(line: str) -> bool:
    return line in (LONE, CLOSE) or bool(CELL_END.match(line)) or bool(INLINE_ROW.match(line))


def row_marked(lines: list[str]) -> bool:
    """The dialect: any ` |`-terminated cell line means rows are marked."""
    return any(CELL_END.match(line) and not INLINE_ROW.match(line) for line in lines)


@dataclass
class _Builder:
    """Collects blocks in order; a table is a list of rows of cells."""

    blocks: list[Block] = field(default_factory=list)
    rows: list[TableRow] | None = None
    width: int | None = None  # cells in the header row, once known

    def text(self, lines: list[tuple[int, str]]) -> None:
        self.close_table()
        for number, line in lines:
            if line.strip():
                self.blocks.append(TextBlock(line.strip(), Provenance(number)))

    def new_row(self, line: int) -> TableRow:
        if self.rows is None:
            self.rows = []
            self.width = None
        elif self.width is None and self.rows:
            self.width = len(self.rows[0].cells)
        row = TableRow([], Provenance(line))
        self.rows.append(row)
        return row

    def current(self) -> TableRow | None:
        return self.rows[-1] if self.rows else None

    def close_table(self) -> None:
        if self.rows:
            rows = [r for r in self.rows if any(c.text.strip() for c in r.cells)]
            if rows:
                self.blocks.append(Table(rows, rows[0].prov))
        self.rows, self.width = None, None


def _cell(lines: list[tuple[int, str]]) -> Cell:
    text = "\n".join(line for _, line in lines)
    return Cell(text.strip(), Provenance(lines[0][0] if lines else None))


def parse_row_marked(lines: list[str], first_line: int = 1) -> list[Block]:
    out = _Builder()
    pending: list[tuple[int, str]] = []  # lines not yet known to be text or a cell
    lone_run: list[int] = []  # line numbers of lone pipes not yet placed
    closed = False  # the current row was closed by "||"

    def place_lone_pipes(next_cell: str | None) -> None:
        """A run of lone pipes before a cell (or the end): empty cells and/or a row start.

        The pipes are empty cells of the row under construction when the next cell then
        lands in a column it fits (`1 | Hạ tầng | | | 200 |`: 200 in a points column).
        Otherwise the row takes empty cells up to the header width, the next pipe opens
        a new row, and further pipes are empty rows, dropped.
        """
        nonlocal closed, lone_run
        run, lone_run = lone_run, []
        if not run:
            return
        row, width = out.current(), out.width
        if out.rows is None or row is None or (width is None and out.rows and next_cell is not None):
            out.new_row(run[-1])  # a table's first row, or the end of its header row
            closed = False
            return
        if width is None:
            return
        roles = [column_role(h) for h in _header_texts(out)]
        used = width if closed else len(row.cells)
        lands = used + len(run)
        if next_cell is not None and not closed and lands < width and fits(roles[lands], next_cell) > 0 \
                and not _opens_row(out, row, next_cell):
            row.cells += [Cell("", Provenance(n)) for n in run]
            return
        empties = max(0, min(width - used, len(run) - (0 if next_cell is None else 1)))
        row.cells += [Cell("", Provenance(n)) for n in run[:empties]]
        if next_cell is not None:
            out.new_row(run[empties])
        closed = False

    for offset, raw in enumerate(lines):
        number = first_line + offset
        line = raw.rstrip()
        if INLINE_ROW.match(line):
            place_lone_pipes(None)
            if pending:
                out.text(pending)
                pending = []
            row = out.new_row(number)
            for text in line.strip("| ").split(" | "):
                row.cells.append(Cell(text.strip(), Provenance(number)))
            closed = True
            continue
        if line == LONE:
            if pending:  # text between tables: a lone pipe never ends a cell here
                place_lone_pipes(None)
                out.text(pending)
                pending = []
            lone_run.append(number)
            continue
        if line == CLOSE:
            place_lone_pipes(None)
            closed = out.rows is not None
            continue
        match = CELL_END.match(line)
        if match:
            place_lone_pipes(match.group(1))
            if out.rows is None or closed:
                out.new_row(number)
                closed = False
            pending.append((number, match.group(1)))
            out.current().cells.append(_cell(pending))
            pending = []
            continue
        pending.append((number, line))
    place_lone_pipes(None)
    out.text(pending)
    out.close_table()
    return out.blocks


def parse_separator_only(lines: list[str], first_line: int = 1) -> list[Block]:
    """Cells end with a lone pipe and rows are not marked.

    The header row ends where the first row code appears; after that a row is complete
    at the header width, or earlier when a code that follows the row's own code appears
    (a cell merged with the row above is not printed again). Text between tables runs
    straight into a table's first cell, so a multi-line group before a row start keeps
    only its last line as the cell and gives the rest back as text.
    """
    out = _Builder()
    group: list[tuple[int, str]] = []

    def start_table_with(cell_lines: list[tuple[int, str]]) -> None:
        out.close_table()
        row = out.new_row(cell_lines[0][0])
        row.cells.append(_cell(cell_lines))

    for offset, raw in enumerate(lines):
        number = first_line + offset
        line = raw.strip()
        if line != LONE:
            if line:
                group.append((number, line))
            continue
        # a lone pipe: `group` is one cell (maybe after some running text)
        cell_text = "\n".join(t for _, t in group)
        row = out.current()
        if out.rows is None or row is None:
            if group:
                out.text(group[:-1])
                start_table_with(group[-1:])
            group = []
            continue
        width = out.width
        if width is None:
            header = out.rows[0]
            if len(group) == 1 and codes.is_code(cell_text) and len(header.cells) >= 2 and not (
                len(out.rows) == 1 and len(header.cells) == 0
            ):
                out.width = len(header.cells)
                out.new_row(group[0][0]).cells.append(_cell(group))
            elif len(group) > 1 and len(header.cells) >= 1 and _starts_table(group[-1][1]):
                out.text(group[:-1])
                start_table_with(group[-1:])
            else:
                header.cells.append(_cell(group) if group else Cell("", Provenance(number)))
            group = []
            continue
        if len(group) > 1 and _starts_table(group[-1][1]):
            # running text, then the first cell of the next table
            out.text(group[:-1])
            start_table_with(group[-1:])
            group = []
            continue
        cell = _cell(group) if group else Cell("", Provenance(number))
        if len(row.cells) >= width and len(group) > 1 and not codes.is_code(group[0][1]):
            # a full row, then several lines that start with no code: running text,
            # and its last line is the first cell of a table that is not this one
            out.text(group[:-1])
            start_table_with(group[-1:])
        elif len(row.cells) >= width or (len(group) == 1 and _opens_row(out, row, cell_text)):
            out.new_row(cell.prov.line).cells.append(cell)
        else:
            row.cells.append(cell)
        group = []
    out.text(group)
    out.close_table()
    return out.blocks


def _opens_row(out: _Builder, row: TableRow, cell: str) -> bool:
    """A code that follows the row's own code opens a row, when the row may end here; a
    section row (`I | Hạ tầng số (05 chỉ tiêu)`) prints fewer cells and ends at the first
    number after it, unless that number stands in a points column."""
    if not row.cells or not codes.is_code(cell):
        return False
    if codes.is_roman(row.cells[0].text) and len(row.cells) >= 2 and codes.parts(cell):
        roles = [column_role(h) for h in _header_texts(out)]
        position = len(row.cells)
        return "." in cell or position >= len(roles) or roles[position] not in NUMERIC_ROLES
    return codes.follows(row.cells[0].text, cell) and row_may_end_at(_header_texts(out), len(row.cells))


def _header_texts(out: _Builder) -> list[str]:
    return [c.text for c in out.rows[0].cells] if out.rows else []


def _starts_table(line: str) -> bool:
    """The first cell of a table: a header word such as STT/TT/Năm, or a row code."""
    return codes.is_code(line) or is_table_start(line)
