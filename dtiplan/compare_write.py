"""Writing a Comparison: CSV per view, one XLSX workbook, one embedded DuckDB database."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from dtiplan.compare import Comparison

# Tables of the database (the long tables; the wide views are easier rebuilt with SQL).
DUCKDB_TABLES = ("documents", "tables", "rows", "assignments", "catalog")
# Excel sheet names are at most 31 characters and a column at most this wide.
_MAX_WIDTH = 60


def write_csv(comparison: Comparison, out_dir: Path) -> list[Path]:
    paths = []
    for name, frame in comparison.views().items():
        path = out_dir / f"{name}.csv"
        frame.to_csv(path, index=False, encoding="utf-8")  # UTF-8, Vietnamese kept as printed
        paths.append(path)
    return paths


def write_xlsx(comparison: Comparison, path: Path) -> None:
    """One sheet per view; header row frozen, autofilter over the whole table, columns sized."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in comparison.views().items():
            frame = _without_control_characters(frame)
            frame.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            sheet.freeze_panes = "A2"
            last_column = get_column_letter(max(1, frame.shape[1]))
            sheet.auto_filter.ref = f"A1:{last_column}{frame.shape[0] + 1}"
            for i, column in enumerate(frame.columns, 1):
                longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
                sheet.column_dimensions[get_column_letter(i)].width = min(_MAX_WIDTH, max(8, longest + 2))


def _without_control_characters(frame: pd.DataFrame) -> pd.DataFrame:
    """A JSON string may hold any character; an XLSX cell may not hold control characters
    (a damaged file's NUL read into a task's text): they are dropped from the workbook only."""
    return frame.map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)


def write_duckdb(comparison: Comparison, path: Path) -> None:
    """A fresh database file with the long tables (documents, tables, rows, assignments, catalog)."""
    if path.exists():
        path.unlink()
    con = duckdb.connect(str(path))
    try:
        for name in DUCKDB_TABLES:
            frame = getattr(comparison, name)
            con.register("frame_view", frame)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame_view')
            con.unregister("frame_view")
    finally:
        con.close()
