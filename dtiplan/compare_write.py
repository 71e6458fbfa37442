"""Writing a Comparison: CSV per view, one XLSX workbook, one embedded DuckDB database.

The wide views are small pandas frames; the long tables are read from the comparison's
database in batches (DuckDB writes their CSV itself, the workbook's sheets are written as a
stream), so writing does not hold a thousand documents' rows at once either.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from dtiplan.atomic import written_beside
from dtiplan.compare import LONG_TABLES, Comparison

# Tables of the database (the long tables; the wide views are easier rebuilt with SQL).
DUCKDB_TABLES = ("documents", "tables", "rows", "assignments", "catalog")
# A column of the workbook is at most this wide, sized on its first SIZED_ROWS values.
_MAX_WIDTH = 60
SIZED_ROWS = 200
BATCH = 2000  # database rows fetched at a time for the workbook


def write_csv(comparison: Comparison, out_dir: Path) -> list[Path]:
    """UTF-8 CSV with a header line per view and long table, Vietnamese kept as printed."""
    paths = []
    for name, frame in comparison.views().items():
        paths.append(out_dir / f"{name}.csv")
        with written_beside(paths[-1]) as temporary:
            frame.to_csv(temporary, index=False, encoding="utf-8")
    for name in LONG_TABLES:
        paths.append(out_dir / f"{name}.csv")
        with written_beside(paths[-1]) as temporary:
            comparison.store.execute(f"COPY \"{name}\" TO '{_quoted(temporary)}' (HEADER, DELIMITER ',')")
    return paths


def write_xlsx(comparison: Comparison, path: Path) -> None:
    """One sheet per view and long table; header row frozen, autofilter over the whole table,
    columns sized. Written in openpyxl's streaming mode: rows go to disk as they are added."""
    book = Workbook(write_only=True)
    for name, frame in comparison.views().items():
        _write_sheet(book, name, list(frame.columns), len(frame), _frame_rows(frame))
    for name in LONG_TABLES:
        columns = [c[0] for c in comparison.store.execute(f'SELECT * FROM "{name}" LIMIT 0').description]
        count = comparison.store.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        _write_sheet(book, name, columns, count, _table_rows(comparison, name))
    with written_beside(path) as temporary:
        book.save(temporary)


def _write_sheet(book: Workbook, name: str, columns: list[str], count: int, rows: Iterator[tuple]) -> None:
    """A sheet whose column widths come from the first SIZED_ROWS rows, then every row."""
    sheet = book.create_sheet(name[:31])  # Excel sheet names are at most 31 characters
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(columns)))}{count + 1}"
    head = [next(rows) for _ in range(min(count, SIZED_ROWS))]
    for i, column in enumerate(columns):
        longest = max([len(str(column))] + [len(str(_shown(row[i]))) for row in head])
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(_MAX_WIDTH, max(8, longest + 2))
    sheet.append(columns)
    for row in (*head, *rows) if head else rows:
        sheet.append([_cell(v) for v in row])


def _frame_rows(frame: pd.DataFrame) -> Iterator[tuple]:
    return iter(frame.itertuples(index=False, name=None))


def _table_rows(comparison: Comparison, name: str) -> Iterator[tuple]:
    cursor = comparison.store.cursor()
    cursor.execute(f'SELECT * FROM "{name}"')
    while batch := cursor.fetchmany(BATCH):
        yield from batch
    cursor.close()


def _shown(value):
    return "" if _missing(value) else value


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def _cell(value):
    """A value as a cell: empty for a missing one; a JSON string may hold any character, an XLSX
    cell no control characters (a damaged file's NUL read into a task's text): dropped here only."""
    if _missing(value):
        return None
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write_duckdb(comparison: Comparison, path: Path) -> None:
    """A fresh database file with the long tables (documents, tables, rows, assignments, catalog)."""
    store = comparison.store
    with written_beside(path) as temporary:
        temporary.unlink(missing_ok=True)  # a fresh file, not one a killed run left
        store.execute(f"ATTACH '{_quoted(temporary)}' AS written")
        try:
            for name in DUCKDB_TABLES:
                store.execute(f'CREATE TABLE written."{name}" AS SELECT * FROM "{name}"')
        finally:
            store.execute("DETACH written")


def _quoted(path: Path) -> str:
    """A path inside a single-quoted SQL string literal."""
    return str(path).replace("'", "''")
