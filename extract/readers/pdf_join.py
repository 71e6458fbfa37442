"""A table's page parts joined into one model Table: the header repeated per page
dropped, a row or merged cell the page break cut continued in the same cells."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.model import Cell, Provenance, Table, TableRow
from extract.readers.pdf_layout import GridCell, PageTable
from extract.readers.pdf_overprint import strip_ruled_header_rest
from extract.readers.pdf_ruled import SNAP
from normalize.text import fold
from rapidfuzz import fuzz

LIST_LETTER = re.compile(r"[a-zđ][.)]")  # "a)", "b." start the items of a list in a cell
HEADER_LIKENESS = 90  # % of characters alike for a row to be the header printed again


@dataclass
class _Joined:
    """A table possibly spanning pages: its page parts in order."""

    parts: list[PageTable]


def join_continued_tables(items: list) -> list:
    """A table that is the last thing on its page, followed by a table that is the first
    thing on the next page with the same column edges or its header printed again, is
    one table."""
    out: list = []
    for page, top, item in items:
        if isinstance(item, PageTable):
            previous = out[-1][2] if out else None
            if (isinstance(previous, _Joined) and previous.parts[-1].page == page - 1
                    and (_same_columns(previous.parts[-1].xs, item.xs) or _header_again(previous.parts[0], item))):
                previous.parts.append(item)
                continue
            out.append((page, top, _Joined([item])))
        else:
            out.append((page, top, item))
    return out


def _same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 3 * SNAP for x, y in zip(a, b))


def _header_again(first: PageTable, part: PageTable) -> bool:
    """A page part with as many columns as the table, starting with the table's header
    row printed again (Word repeats it per page), goes on with the table even where its
    column edges were read another way: a shaded header over one row cut by the page
    break rules a grid of its own (cell borders), while the table's other pages, printed
    without rules, are read from the gutters between words."""
    if len(first.xs) != len(part.xs) or not first.cells or not part.cells:
        return False
    header, top = _rows_of(first)[0], _rows_of(part)[0]
    return len(top) == len(first.xs) - 1 and any(c.lines for c in top) and _row_key(top) == _row_key(header)


def to_table(joined: _Joined, lines: list[str]) -> Table:
    rows: list[TableRow] = []
    header_keys: list[str] = []
    open_cells: dict[int, tuple[Cell, int]] = {}  # col -> (cell, last row index it covers)
    for part_no, part in enumerate(joined.parts):
        part_rows = _rows_of(part)
        if part_no == 0:
            header_keys = [_row_key(r) for r in part_rows[:2]]
        else:
            repeat = part_rows[0] if part_rows else []
            while part_rows and _is_header_again(_row_key(part_rows[0]), header_keys):
                part_rows = part_rows[1:]  # the header Word repeats on each page
            if part_rows and part_rows[0] is not repeat:
                strip_ruled_header_rest(_rows_of(joined.parts[0])[0], repeat, part_rows[0])
            if part_rows and rows and _continues_cut_row(part, part_rows[0]):
                _append_split_row(rows[-1], part_rows.pop(0), open_cells, lines)
        for r, grid_cells in enumerate(part_rows):
            cells: list[Cell] = []
            row_index = len(rows)
            row_line = None
            expected = 0
            for gc in grid_cells:
                for col in range(expected, gc.col):
                    covering = open_cells.get(col)
                    if covering is None or covering[1] < row_index:
                        # no rules enclose this position and no cell above spans it: the
                        # rest of a merged cell whose rules the page break left undrawn
                        cells.append(Cell(text="", prov=Provenance(line=max(len(lines), 1), page=part.page),
                                          may_continue_above=True))
                expected = gc.col + gc.col_span
                text = "\n".join(gc.lines)
                carried = open_cells.get(gc.col)
                if (part_no > 0 and r == 0 and not text and carried and carried[0].text
                        and carried[0].row_span > 1 and carried[1] == row_index - 1
                        and carried[0].col_span == gc.col_span):
                    # a merged cell cut by the page break goes on below it, printed empty
                    # (only a cell already merged over rows: a one-row cell above an empty
                    # one is two cells)
                    carried[0].row_span += gc.row_span
                    open_cells[gc.col] = (carried[0], row_index + gc.row_span - 1)
                    continue
                for line in gc.lines:
                    lines.append(line)
                line_no = len(lines) - len(gc.lines) + 1 if gc.lines else max(len(lines), 1)
                if row_line is None and gc.lines:
                    row_line = line_no
                cell = Cell(text=text, prov=Provenance(line=line_no, page=part.page),
                            row_span=gc.row_span, col_span=gc.col_span,
                            may_continue_above=bool(part_no > 0 and r == 0 and not text and carried
                                                    and carried[0].text and carried[1] == row_index - 1))
                cells.append(cell)
                open_cells[gc.col] = (cell, row_index + gc.row_span - 1)
            if cells:
                rows.append(TableRow(cells=cells, prov=Provenance(line=row_line or max(len(lines), 1),
                                                                  page=part.page)))
    rows = _drop_blank_rows(rows)
    first = joined.parts[0]
    prov = rows[0].prov if rows else Provenance(line=max(len(lines), 1), page=first.page)
    # Borderless tables do not show where a cell is merged down: their rows are positional
    # but a merged cell appears in one row only, so spans are not known there.
    ruled = all(p.ruled for p in joined.parts)
    return Table(rows=rows, prov=prov, spans_known=ruled, merges_unmarked=not ruled)


def _drop_blank_rows(rows: list[TableRow]) -> list[TableRow]:
    """Rows with no text at all (a spacer, the empty rest of a row at a page top) carry
    nothing; cells merged down over them span one row less."""
    keep: list[TableRow] = []
    for index, row in enumerate(rows):
        if any(c.text.strip() for c in row.cells):
            keep.append(row)
            continue
        for start, above in enumerate(rows[:index]):
            for cell in above.cells:
                if start + cell.row_span > index:
                    cell.row_span -= 1
    return keep


def _continues_cut_row(part: PageTable, first_row: list[GridCell]) -> bool:
    """Whether a page part's first row (under the repeated header) is the rest of the row
    the page break cut: as the reader of its rows said (`continues_row`), a row it read as
    one of its own too where it goes on in lower case (`_goes_on`); a ruled grid's by its
    cells (`_is_split_row`)."""
    if part.continues_row is None:
        return _is_split_row(first_row)
    return part.continues_row or _goes_on(first_row)


def _is_split_row(cells: list[GridCell]) -> bool:
    """A row Word let break across the page: its rest starts the next page with nothing in
    the first column (the STT was printed above the break). A row without a code whose
    cells start afresh, three or more with a capital, is a new row (an indicator's
    sub-row with its own agencies)."""
    first = next((c for c in cells if c.col == 0), None)
    fresh = sum(1 for c in cells if c.lines and c.lines[0][:1].isupper())
    return (first is None or not any(first.lines)) and fresh < 3


def _goes_on(cells: list[GridCell]) -> bool:
    """A first row without a code, read as a row of its own, with a cell starting in
    lower case: the rest of the row the page break cut, printed centred in what is left
    of that row (a cell's text starts with a capital, a number, a dash or a list letter
    "a)"; lower case goes on with the text above the break)."""
    first = next((c for c in cells if c.col == 0), None)
    return (first is None or not any(first.lines)) and any(
        c.lines and c.lines[0][:1].islower() and not LIST_LETTER.match(c.lines[0]) for c in cells)


def _append_split_row(row: TableRow, rest: list[GridCell], open_cells: dict, lines: list[str]) -> None:
    """The text below the page break goes on the end of the same cells above it."""
    for gc in rest:
        if not gc.lines:
            continue
        carried = open_cells.get(gc.col)
        if carried is None:
            continue
        cell = carried[0]
        lines.extend(gc.lines)
        cell.text = "\n".join(filter(None, [cell.text, *gc.lines]))


def _rows_of(part: PageTable) -> list[list[GridCell]]:
    by_row: dict[int, list[GridCell]] = {}
    for cell in part.cells:
        by_row.setdefault(cell.row, []).append(cell)
    return [sorted(by_row[r], key=lambda c: c.col) for r in sorted(by_row)]


def _is_header_again(key: str, header_keys: list[str]) -> bool:
    """A row that repeats a header row: the same text, or nearly the first (a scan's OCR
    reads the same header a little differently on each page: "Số TT" / "SốTT", "Chỉ" /
    "Ch1"), or the first cut short (`_repeats`). Only the first row is surely a header:
    the second may be the first data row, which the next data rows resemble."""
    return key in header_keys or (bool(header_keys) and (
        _repeats(key, header_keys[0]) or len(key) >= 20 and fuzz.ratio(key, header_keys[0]) >= HEADER_LIKENESS))


def _row_key(cells: list[GridCell]) -> str:
    return "|".join(fold(" ".join(c.lines)) for c in cells)


def _repeats(key: str, header_key: str) -> bool:
    """Whether a row at a page top repeats a header row: the same cells, each the same
    text or its start (a repeated header row is only as tall as its own row, so a cell
    merged down over a two-row header is cut short there: "Chỉ số chính ... đề xuất"
    repeats as "Chỉ số chính")."""
    cells, header = key.split("|"), header_key.split("|")
    return (len(cells) == len(header) and any(cells)
            and all(h.startswith(c) and (c or not h) for c, h in zip(cells, header)))
