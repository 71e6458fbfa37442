"""Tables drawn with rules: ruling segments to grids of cells, words into the cells.

The grids are found as pdfplumber's table finder finds them (its edge merging,
intersections and cell grouping run on the page's ruling segments), so the same code
serves segments read from a PDF's drawing and segments found on a scanned image.
"""
from __future__ import annotations

import re

from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
from pdfplumber.utils import filter_edges

from extract.readers.pdf_layout import GridCell, PageTable, Ruling, Word, group_lines, paragraphs

SNAP = 2.0  # pt: grid lines closer than this are the same line
MARGIN_BAND = 0.08  # share of the page height where running headers/footers live
FOOTER_BAND = 0.12  # a page number may sit this high (landscape A4 footers: 8% from the foot)
PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d{1,4})?$", re.IGNORECASE)
TOLERANCE = 3  # pt: pdfplumber's default snap/join/intersection tolerance
Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def ruled_tables(number: int, rulings: list[Ruling]) -> list[PageTable]:
    """The page's ruled tables, one per connected grid of ruled cells."""
    return [t for t in (_ruled_table(number, grid) for grid in ruling_grids(rulings)) if t]


def ruling_grids(rulings: list[Ruling]) -> list[list[Box]]:
    """Ruling segments to groups of cell boxes, as pdfplumber's "lines" strategy does."""
    edges = filter_edges([_edge(r) for r in rulings], min_length=1)
    edges = merge_edges(edges, TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
    edges = filter_edges(edges, min_length=TOLERANCE)
    cells = intersections_to_cells(edges_to_intersections(edges, TOLERANCE, TOLERANCE))
    return cells_to_tables(cells)


def _edge(ruling: Ruling) -> dict:
    """A ruling segment in the form pdfplumber's edge functions take."""
    return {"x0": ruling.x0, "x1": ruling.x1, "top": ruling.top, "bottom": ruling.bottom,
            "width": ruling.x1 - ruling.x0, "height": ruling.bottom - ruling.top,
            "orientation": "h" if ruling.horizontal else "v", "object_type": "ruling"}


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > SNAP:
            out.append(value)
    return out


def _index(grid: list[float], value: float) -> int:
    return min(range(len(grid)), key=lambda i: abs(grid[i] - value))


def _ruled_table(number: int, found: list[Box]) -> PageTable | None:
    """One grid of ruled cells to a PageTable: a merged cell is one big rectangle, its
    span is how many grid lines it crosses."""
    boxes = [c for c in found if c[2] - c[0] > 1 and c[3] - c[1] > 1]
    xs = _snap([c[0] for c in boxes] + [c[2] for c in boxes])
    ys = _snap([c[1] for c in boxes] + [c[3] for c in boxes])
    if len(xs) < 3 or len(ys) < 2:
        return None  # a framed paragraph or an underline, not a table
    tops = sorted({_index(ys, c[1]) for c in boxes})
    row_of = {y: i for i, y in enumerate(tops)}
    cells = []
    for x0, top, x1, bottom in boxes:
        col, col_end = _index(xs, x0), _index(xs, x1)
        row = row_of[_index(ys, top)]
        end = _index(ys, bottom)
        row_end = sum(1 for t in tops if t < end)
        cells.append(GridCell(bbox=(x0, top, x1, bottom), row=row, col=col,
                               row_span=max(1, row_end - row), col_span=max(1, col_end - col)))
    return PageTable(page=number, top=ys[0], bottom=ys[-1], xs=xs, cells=cells, ruled=True)


def reach_past_page_edge(table: PageTable, words: list[Word], page_width: float) -> None:
    """A grid whose right border lies on the page's right edge is a table wider than the
    page (fixed column widths on a narrower page): the page cut its last column, whose
    words run on past the edge in the text layer. That column reaches to the furthest word
    level with the table, so its words are read with the table and not as body text."""
    right = table.xs[-1]
    if page_width - right > SNAP:
        return
    beyond = [w.x1 for w in words if w.x0 >= table.xs[-2] and table.top <= (w.top + w.bottom) / 2 <= table.bottom]
    edge = max(beyond, default=right) + 1
    if edge <= right + 1:
        return
    table.xs[-1] = edge
    for cell in table.cells:
        x0, top, x1, bottom = cell.bbox
        if abs(x1 - right) <= SNAP:
            cell.bbox = (x0, top, edge, bottom)


def fill_cells(table: PageTable, words: list[Word], used: list[bool]) -> None:
    """Each word goes to the cell holding its centre; each cell's words become its lines."""
    buckets: dict[int, list[Word]] = {}
    for i, word in enumerate(words):
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        for k, cell in enumerate(table.cells):
            x0, top, x1, bottom = cell.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                buckets.setdefault(k, []).append(word)
                used[i] = True
                break
    for k, cell in enumerate(table.cells):
        lines = group_lines(buckets.get(k, []))
        pad = min((line.x0 for line in lines), default=cell.bbox[0]) - cell.bbox[0]
        cell.lines = paragraphs(lines, right_limit=cell.bbox[2] - max(pad, 0.0))


def take_cut_row(table: PageTable, words: list[Word], used: list[bool], page_height: float) -> None:
    """All the text under a ruled table down to the page's end (a page number aside),
    inside the table's columns, is the row the page break cut when that row's rules were
    not drawn on this page (browsers print a cut row without its bottom border): it
    becomes the table's last row. Text after the table crosses its column edges or
    leaves a gap."""
    footer = page_height * (1 - FOOTER_BAND)
    lines = [line for line in group_lines([w for w, u in zip(words, used) if not u and w.top >= table.bottom - 1])
             if not (line.top > footer and PAGE_NUMBER.match(line.text))]
    if not lines or not all(table.xs[0] <= w.x0 and w.x1 <= table.xs[-1]
                            and not any(w.x0 < x < w.x1 for x in table.xs[1:-1]) for l in lines for w in l.words):
        return
    bottom = table.bottom
    for line in lines:
        if line.top - bottom > 1.5 * (line.bottom - line.top):
            return
        bottom = line.bottom
    if bottom < page_height * (1 - MARGIN_BAND) - 3 * (lines[-1].bottom - lines[-1].top):
        return  # ends well above the page's end: a short paragraph after the table
    row = 1 + max(c.row + c.row_span - 1 for c in table.cells)
    for col in range(len(table.xs) - 1):
        in_column = [w for line in lines for w in line.words
                     if table.xs[col] <= (w.x0 + w.x1) / 2 < table.xs[col + 1]]
        cell = GridCell(bbox=(table.xs[col], table.bottom, table.xs[col + 1], bottom),
                        row=row, col=col, row_span=1, col_span=1)
        cell.lines = paragraphs(group_lines(in_column), right_limit=table.xs[col + 1] - 1)
        table.cells.append(cell)
    taken = {id(w) for line in lines for w in line.words}
    for i, word in enumerate(words):
        used[i] = used[i] or id(word) in taken
    table.bottom = bottom
