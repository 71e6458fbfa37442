"""Row bands of a table without rules whose cells are centred vertically.

Word's "Center" cell alignment prints each cell's text in the middle of its row: the
row code (one line) sits halfway down the row and a tall cell beside it starts lines
above it, so "a row starts at its code" no longer holds, and in a narrow column the
last line of one cell and the first of the next are as close as two lines of one cell.
The rows are still there: every cell's text is centred on its row's code line. The
boundaries between rows are chosen together (a small dynamic programme over the line
tops between consecutive codes) so that in every row each column's text is as well
centred on the code as it can be; where a rule is drawn across the table between two
codes (horizontal rules only), the row starts there. A cell merged over several rows is centred on their
band, not on one code: its lines, split by the boundaries, go back together into the
first of those rows (top-aligned tables print it there; blank cells below are filled
from it).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from extract.readers.pdf_layout import Line

STAGGER = (0.25, 0.75)  # line heights: a line this far off a code's line is staggered against it
STAGGERED_SHARE = 0.1  # of a table's row codes: this many staggered mean centred cells (top-aligned tables have none)
EPS = 0.5  # pt: a boundary sits this far above the top of the line it starts
Piece = tuple[int, Line]  # (column, the text a line prints in that column)


@dataclass
class Band:
    """A row's vertical extent and the line it is centred on."""

    top: float
    bottom: float
    anchor: Line

    @property
    def centre(self) -> float:
        return (self.anchor.top + self.anchor.bottom) / 2


def staggered_codes(placed: list[Piece], anchors: list[Line]) -> int:
    """How many row codes have another column's text printed half a line off their own
    line: centred cells of different line counts stagger their lines against the code,
    top-aligned cells start level with it."""
    count = 0
    for anchor in anchors:
        height = anchor.bottom - anchor.top
        if any(STAGGER[0] * height < abs(piece.top - anchor.top) < STAGGER[1] * height for _, piece in placed):
            count += 1
    return count


def centred_bands(placed: list[Piece], anchors: list[Line], rules: list[float] = ()) -> tuple[list[Band], float]:
    """One band per anchor, their boundaries chosen so each column's text in each band
    is centred on the band's anchor as well as it can be, and the centring error left."""
    order = sorted(placed, key=lambda cp: _centre(cp[1]))
    centres = [_centre(p) for _, p in order]
    tops = sorted({p.top for _, p in placed})

    def candidates(i: int) -> list[float]:
        """Where row i may start: at a rule drawn between its code and the one above, else
        above a line (the first row also at a rule: the one over the header is no row's)."""
        low = anchors[i - 1].bottom if i else float("-inf")
        drawn = [r for r in rules if low < r <= anchors[i].top]
        lines = [t - EPS for t in tops if low < t <= anchors[i].top + EPS]
        return (drawn if i else drawn + lines) or lines or [anchors[i].top - EPS]

    def cost(i: int, y0: float, y1: float) -> float:
        if i == len(anchors) - 1:
            return 0.0  # the page's last row may go on over the break: its text is not centred here
        target = (anchors[i].top + anchors[i].bottom) / 2
        extents: dict[int, list[float]] = {}
        for column, piece in order[bisect_left(centres, y0):bisect_left(centres, y1)]:
            low, high = extents.setdefault(column, [piece.top, piece.bottom])
            extents[column] = [min(low, piece.top), max(high, piece.bottom)]
        return sum(abs((low + high) / 2 - target) for low, high in extents.values())

    best: dict[float, tuple[float, list[float]]] = {y: (0.0, [y]) for y in candidates(0)}
    for i in range(len(anchors)):
        following = candidates(i + 1) if i + 1 < len(anchors) else [float("inf")]
        best = {y1: min(((total + cost(i, path[-1], y1), path + [y1]) for total, path in best.values()
                         if path[-1] < y1), key=lambda item: item[0], default=(float("inf"), []))
                for y1 in following}
    total, path = min(best.values(), key=lambda item: item[0])
    return [Band(top, bottom, anchor) for top, bottom, anchor in zip(path, path[1:], anchors)], total


def band_of(bands: list[Band], piece: Line) -> int:
    """1-based index of the band a piece's centre falls in; 0 above the first."""
    return bisect_right([b.top for b in bands], _centre(piece))


def merge_spanning(cells: dict[tuple[int, int], list[Line]], bands: list[Band], height: float) -> None:
    """A column's texts in consecutive rows that are each off their row's centre but
    together centred on the rows' joint band are one merged cell: moved into the first row."""
    columns = {c for _, c in cells}
    for column in columns:
        row = 1
        while row <= len(bands):
            span = _merged_span(cells, bands, column, row, height)
            if span > 1:
                joined = [p for r in range(row, row + span) for p in cells.pop((r, column), [])]
                cells[(row, column)] = joined
            row += max(span, 1)


def _merged_span(cells, bands: list[Band], column: int, row: int, height: float) -> int:
    """How many rows from `row` the column's text there is merged over (1: not merged)."""
    first = cells.get((row, column))
    if not first or _off(first, bands[row - 1]) < 0.5 * height:
        return 1
    pieces = list(first)
    for end in range(row + 1, len(bands) + 1):
        more = cells.get((end, column), [])
        if more and _off(more, bands[end - 1]) < 0.5 * height:
            return 1
        pieces += more
        joint = (bands[row - 1].top + min(bands[end - 1].bottom, max(p.bottom for p in pieces) + height)) / 2
        middle = (min(p.top for p in pieces) + max(p.bottom for p in pieces)) / 2
        if more and abs(middle - joint) < 0.5 * height:
            return end - row + 1
    return 1


def _off(pieces: list[Line], band: Band) -> float:
    return abs((min(p.top for p in pieces) + max(p.bottom for p in pieces)) / 2 - band.centre)


def _centre(line: Line) -> float:
    return (line.top + line.bottom) / 2
