"""A header printed on two rows turned into one header row.

Plans group columns under a parent heading: "Kết quả" merged over "Điểm tối đa | Điểm
tự chấm", "Đơn vị" over "Chủ trì | Phối hợp", while the other header cells are merged
down over both rows. The classifier reads one header row, so the two rows become one
whose column headers join parent and child text ("Đơn vị Chủ trì"). Readers that know
spans (DOCX, HTML, ruled PDF) say it with a column-spanning top cell; readers that do
not (text, PDF without rules) print the parent over a blank and the children in a row
whose other cells are blank.
"""
from __future__ import annotations

from extract import codes
from extract.headers import column_role
from extract.model import Cell, Table, TableRow
from normalize.text import one_line


def one_header_row(table: Table) -> Table:
    """The table with a two-level header joined into one row; other tables unchanged."""
    if len(table.rows) < 3:
        return table
    top, below = table.rows[0], table.rows[1]
    texts = _spanned_header(top, below) if table.spans_known else _unmarked_header(top, below)
    if texts is None:
        return table
    cells = [Cell(text, top.cells[0].prov) for text in texts]
    return Table([TableRow(cells, top.prov)] + table.rows[2:], table.prov,
                 table.spans_known, table.merges_unmarked)


def _spanned_header(top: TableRow, below: TableRow) -> list[str] | None:
    """Column headers of a two-row header whose spans are known: the top row has cells
    merged down over both rows and parents over one or more columns (a parent over a
    single child: a heading over one sub-heading, or a group whose other columns the
    page's edge cut off), and the row below prints exactly the children under the
    parents; None for any other pair of rows."""
    merged_down = [c for c in top.cells if c.row_span == 2]
    parents = [c for c in top.cells if c.row_span == 1]
    if not merged_down or not parents:
        return None
    if len(below.cells) != sum(c.col_span for c in parents) or any(c.row_span != 1 for c in below.cells):
        return None
    children = iter(one_line(c.text) for c in below.cells)
    texts: list[str] = []
    for cell in top.cells:
        if cell.row_span == 2:
            texts += [cell.text] + [""] * (cell.col_span - 1)
        else:
            texts += [_joined(one_line(cell.text), next(children)) for _ in range(cell.col_span)]
    return texts


def _unmarked_header(top: TableRow, below: TableRow) -> list[str] | None:
    """Column headers of a two-row header printed without spans, both rows as wide:
    the row below is blank under every top cell except under a parent and the blanks
    right after it, which it fills with the children (and prints no code or number: it
    is no body row); None for any other pair of rows."""
    upper = [one_line(c.text) for c in top.cells]
    lower = [one_line(c.text) for c in below.cells]
    if len(upper) != len(lower) or len(upper) < 3 or lower[0] or not upper[0]:
        return None
    if any(_is_value(text) for text in lower):
        return None
    texts, parent, grouped = [], "", False
    for up, low in zip(upper, lower):
        if up and low:  # a parent over its first child
            parent = up
            texts.append(_joined(up, low))
        elif up:  # a cell merged down: the parent group, if any, has ended
            parent = ""
            texts.append(up)
        elif low and parent:  # a further child under the same parent
            grouped = True
            texts.append(_joined(parent, low))
        else:
            return None
    return texts if grouped else None


def _is_value(text: str) -> bool:
    """A cell a body row prints (a row code, a number), which no header cell is."""
    return bool(text) and (codes.is_code(text) or text.replace(",", "").replace(".", "").isdigit())


def _joined(parent: str, child: str) -> str:
    """A child's column header under its parent: "parent child", or the child alone when
    the parent's words would change the role the child names ("Đơn vị thực hiện" over
    "Chủ trì" reads as support joined, lead alone)."""
    joined = f"{parent} {child}".strip()
    role = column_role(child)
    return child if role and column_role(joined) != role else joined
