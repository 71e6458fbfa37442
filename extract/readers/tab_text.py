"""Markdown converted from PDF: one table row per line, cells separated by tabs.

Cells hold inline HTML and LaTeX (cleaned later by `normalize.text`). A page break
repeats the header row, and a row cut by the page break goes on in a row whose STT
cell is empty right after the repeated header: that row is joined, cell by cell, to
the row before the break.
"""
from __future__ import annotations

from extract.model import Block, Cell, Provenance, Table, TableRow, TextBlock
from normalize.text import fold


def is_tab_row(line: str) -> bool:
    return line.count("\t") >= 1


def _same_header(a: list[str], b: list[str]) -> bool:
    return [fold(x) for x in a] == [fold(x) for x in b]


def parse_tabbed(lines: list[str], first_line: int = 1) -> list[Block]:
    blocks: list[Block] = []
    rows: list[TableRow] = []
    header: list[str] | None = None
    after_repeat = False

    def close() -> None:
        nonlocal rows, header
        if rows:
            blocks.append(Table(rows, rows[0].prov))
        rows, header = [], None

    for offset, raw in enumerate(lines):
        number = first_line + offset
        if not raw.strip():
            continue  # blank lines separate page chunks of the same table
        if not is_tab_row(raw):
            close()
            blocks.append(TextBlock(raw.strip(), Provenance(number)))
            continue
        texts = [t.strip() for t in raw.rstrip("\n").split("\t")]
        if header is None:
            header = texts
        elif _same_header(texts, header):
            after_repeat = True
            continue
        elif after_repeat and rows and not texts[0]:
            _join(rows[-1], texts, number)
            after_repeat = False
            continue
        after_repeat = False
        rows.append(TableRow([Cell(t, Provenance(number)) for t in texts], Provenance(number)))
    close()
    return blocks


def _join(row: TableRow, texts: list[str], number: int) -> None:
    """A page-split row: each non-empty piece goes on in the cell of the same column."""
    for index, text in enumerate(texts):
        if not text:
            continue
        if index < len(row.cells):
            cell = row.cells[index]
            cell.text = f"{cell.text}\n{text}" if cell.text else text
        else:
            row.cells.append(Cell(text, Provenance(number)))
