"""Row bands of a table without rules whose cells are centred vertically.

Word's "Center" cell alignment prints each cell's text in the middle of its row: the
row code (one line) sits halfway down the row and a tall cell beside it starts lines
above it, so "a row starts at its code" no longer holds, and in a narrow column the
last line of one cell and the first of the next are as close as two lines of one cell.
The rows are still there: every cell's text is centred on its row's code line. The
boundaries between rows are chosen together (a small dynamic programme over the line
tops between consecutive codes) so that in every row each column's text is as well
centred on the code as it can be. A column's text off centre by more than a line costs no
more than a line: it is a cell merged over rows, centred on their joint band, or the rest
of a row the page break cut. Centring alone is ambiguous where lines are evenly spaced (a
row taking one line more at its top and bottom stays centred, so does its neighbour
losing one at each end): a boundary that parts a wrapped line from its continuation
costs half a line. Where a rule is drawn across the table between two codes (horizontal
rules only), the row starts there. A cell merged over several rows goes into the first
of them (top-aligned tables print it there; blank cells below are filled from it).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from extract.codes import is_code, parts
from extract.readers.pdf_layout import Line, Word

STAGGER = (0.25, 0.75)  # line heights: a line this far off a code's line is staggered against it
CENTRED_SHARE = 0.1  # of a table's row codes: this many printed as only centred cells do mean centred cells
EPS = 0.5  # pt: a boundary sits this far above the top of the line it starts
OFF_CAP = 1.0  # line heights: the most a column's text off its row's centre costs
PARTED_COST = 0.5  # line heights: the cost of a boundary between a wrapped line and its continuation
BLOCK_GAP = 0.5  # line heights: a gap this tall between a column's lines parts two cells' texts (lines of one cell: a few points)
SHARED_CENTRE = 0.5  # line heights: blocks of two columns centred this close are centred on one row
# columns whose blocks share a centre to mark a row without a code: two short columns
# (lead and support agencies) also share one where both are merged over the same coded rows
SHARED_COLUMNS = 3
Piece = tuple[int, Line]  # (column, the text a line prints in that column)
Wrap = tuple[Line, Line]  # a cell text's line and the next, which goes on with its text


@dataclass
class Band:
    """A row's vertical extent and the line it is centred on."""

    top: float
    bottom: float
    anchor: Line

    @property
    def centre(self) -> float:
        return (self.anchor.top + self.anchor.bottom) / 2


def centred_codes(placed: list[Piece], anchors: list[Line], wraps: list[Wrap] = ()) -> int:
    """How many row codes print where only centred cells put them: with another column's
    text half a line off their own line (centred cells of different line counts stagger
    their lines against the code), or level with a line that goes on with the wrapped line
    above it (the code halfway down a tall cell). Top-aligned cells start level with the code."""
    continuing = {id(below) for _, below in wraps}
    count = 0
    for anchor in anchors:
        height = anchor.bottom - anchor.top
        if any(STAGGER[0] * height < abs(piece.top - anchor.top) < STAGGER[1] * height
               or id(piece) in continuing and abs(piece.top - anchor.top) <= STAGGER[0] * height
               for _, piece in placed):
            count += 1
    return count


def centred_bands(placed: list[Piece], anchors: list[Line], rules: list[float] = (),
                  wraps: list[Wrap] = (), held: dict[int, Line] | None = None) -> tuple[list[Band], float]:
    """One band per anchor, their boundaries chosen so each column's text in each band
    is centred on the band's anchor as well as it can be (a column off by more than
    `OFF_CAP` lines costs that much) and parts no wrapped line from its continuation
    (`wraps`, `PARTED_COST` lines each: less than a column off centre, since a wrap is
    only seen from the line's width), and the cost left. A band in `held` starts at its
    anchor's line and holds the line given (a row whose cells print from its top line, its
    code lower)."""
    held = held or {}
    order = sorted(placed, key=lambda cp: _centre(cp[1]))
    centres = [_centre(p) for _, p in order]
    tops = sorted({p.top for _, p in placed})
    height = min(a.bottom - a.top for a in anchors)

    def candidates(i: int) -> list[float]:
        """Where row i may start: at a rule drawn between its code and the one above, else
        above a line (the first row also at a rule: the one over the header is no row's)."""
        if i in held:
            return [anchors[i].top - EPS]
        low = max(anchors[i - 1].bottom, held[i - 1].bottom if i - 1 in held else float("-inf")) if i else float("-inf")
        drawn = [r for r in rules if low < r <= anchors[i].top]
        lines = [t - EPS for t in tops if low < t <= anchors[i].top + EPS]
        return (drawn if i else drawn + lines) or lines or [anchors[i].top - EPS]

    parted_at: dict[float, float] = {}

    def parted(y: float) -> float:
        """The cost of a boundary at y for the wrapped lines it parts from their continuations."""
        if y not in parted_at:
            parted_at[y] = PARTED_COST * height * sum(_centre(above) < y < _centre(below) for above, below in wraps)
        return parted_at[y]

    def cost(i: int, y0: float, y1: float) -> float:
        anchor = anchors[i]
        extents: dict[int, list[float]] = {}
        for column, piece in order[bisect_left(centres, y0):bisect_left(centres, y1)]:
            low, high = extents.setdefault(column, [piece.top, piece.bottom])
            extents[column] = [min(low, piece.top), max(high, piece.bottom)]
        if i == len(anchors) - 1:
            # the page's last row may go on over the break, its cells then printed from
            # its top: only text starting above its code is surely centred
            extents = {c: e for c, e in extents.items() if e[0] < anchor.top - STAGGER[0] * height}
        target = _centre(anchor)
        return parted(y0) + sum(min(abs((low + high) / 2 - target), OFF_CAP * height) for low, high in extents.values())

    best: dict[float, tuple[float, list[float]]] = {y: (0.0, [y]) for y in candidates(0)}
    for i in range(len(anchors)):
        following = candidates(i + 1) if i + 1 < len(anchors) else [float("inf")]
        best = {y1: min(((total + cost(i, path[-1], y1), path + [y1]) for total, path in best.values()
                         if path[-1] < y1), key=lambda item: item[0], default=(float("inf"), []))
                for y1 in following}
    total, path = min(best.values(), key=lambda item: item[0])
    return [Band(top, bottom, anchor) for top, bottom, anchor in zip(path, path[1:], anchors)], total


def uncoded_anchors(placed: list[Piece], anchors: list[Line]) -> list[Line]:
    """Lines standing for rows without a code (sub-rows under a coded row): where three or
    more columns (`SHARED_COLUMNS`) each print a block of lines parted from the column's
    text above and below by more than half a line (`BLOCK_GAP`), centred on one height that no code
    line sits at (more than a line from each), unless they go on with a row the page break
    cut (`_goes_on`). Centred cells of one row share their centre, so short cells
    (agencies, deadlines) of an uncoded row mark it even where a tall column runs its
    cells together; and the page's last row where the break cut it (`_cut_last_row`)."""
    if not placed:
        return []
    heights = sorted(piece.bottom - piece.top for _, piece in placed)
    height = heights[len(heights) // 2]
    blocks = _blocks(placed, height)
    first, last = min(p.top for _, p in placed), max(p.bottom for _, p in placed)
    closed = [b for b in blocks if b.top - first > BLOCK_GAP * height and last - b.bottom > BLOCK_GAP * height
              and sum(other.column == b.column for other in blocks) > 1]
    found = []
    for group in _shared_centres(closed, height):
        middle = sum((b.top + b.bottom) / 2 for b in group) / len(group)
        if all(abs(_centre(a) - middle) > height for a in anchors) and not _goes_on(group, blocks):
            found.append(Line([Word("", 0.0, 0.0, middle - height / 2, middle + height / 2)]))
    return found + _cut_last_row(blocks, anchors + found, first, height)


def ruled_anchors(placed: list[Piece], anchors: list[Line], rules: list[float], cut_row: bool) -> list[Line]:
    """Lines standing for rows without a code in a table ruled between its rows: the middle
    of the space between two consecutive rules drawn across it where two or more columns
    print text and no row's line is centred (the cells of a row are centred between its
    rules). With `cut_row`, the space holding the page's first text is the rest of the row
    the page break cut."""
    if not placed:
        return []
    height = min(p.bottom - p.top for _, p in placed)
    first = min(p.top for _, p in placed)
    found = []
    for top, bottom in zip(rules, rules[1:]):
        columns = {column for column, piece in placed if top < _centre(piece) < bottom}
        if (len(columns) >= 2 and not any(top < _centre(a) < bottom for a in anchors)
                and not (cut_row and top <= first + height / 2)):
            middle = (top + bottom) / 2
            found.append(Line([Word("", 0.0, 0.0, middle - height / 2, middle + height / 2)]))
    return found


@dataclass
class Block:
    """A column's lines with no gap between them taller than `BLOCK_GAP` lines (a cell's
    lines are a few points apart), and the first of them."""

    column: int
    top: float
    bottom: float
    opening: Line


def _blocks(placed: list[Piece], height: float) -> list[Block]:
    """Each column's blocks of lines, top to bottom."""
    blocks: list[Block] = []
    last: dict[int, Block] = {}
    for column, piece in sorted(placed, key=lambda cp: cp[1].top):
        block = last.get(column)
        if block and piece.top - block.bottom <= BLOCK_GAP * height:
            block.bottom = max(block.bottom, piece.bottom)
        else:
            last[column] = Block(column, piece.top, piece.bottom, piece)
            blocks.append(last[column])
    return blocks


def _shared_centres(closed: list[Block], height: float) -> list[list[Block]]:
    """Groups of blocks of `SHARED_COLUMNS` or more columns centred together (closer than
    `SHARED_CENTRE` lines). Only closed blocks count, parted from the column's text or the
    table's top or bottom on the page both above and below: a block touching the page's
    share of the table may be the rest of a row the page break cut, its centre not its
    row's; so may a column's only block, centred on a cut row's share of the page."""
    groups: list[list[Block]] = []
    for block in sorted(closed, key=lambda b: b.top + b.bottom):
        if groups and (block.top + block.bottom) / 2 - (groups[-1][-1].top + groups[-1][-1].bottom) / 2 < SHARED_CENTRE * height:
            groups[-1].append(block)
        else:
            groups.append([block])
    return [group for group in groups if len({b.column for b in group}) >= SHARED_COLUMNS]


def _goes_on(group: list[Block], blocks: list[Block]) -> bool:
    """Whether centred blocks are the rest of a row the page break cut, centred on its
    share of this page: each is the first text its column prints on the page and one goes
    on mid-sentence (starts in lower case; a cell's text starts with a capital, a dash
    or a number)."""
    firsts = {b.column: b for b in reversed(blocks)}
    return all(firsts[b.column] is b for b in group) and any(b.opening.text[:1].islower() for b in group)


def _cut_last_row(blocks: list[Block], anchors: list[Line], first: float, height: float) -> list[Line]:
    """The first line of the page's last row where no code marks it: three or more columns
    (`SHARED_COLUMNS`) start blocks level (within `STAGGER[0]` lines) below the table's top
    on the page, none starts lower, and no row's line sits at or below that level. A row
    the page break cut prints its cells from its top, so its centres say nothing; cells
    starting level, each parted from the text above, start a row whether it was cut or not."""
    starts = [b.top for b in blocks if b.top - first > BLOCK_GAP * height]
    if not starts:
        return []
    level = max(starts)
    row = [b for b in blocks if abs(b.top - level) <= STAGGER[0] * height]
    if len({b.column for b in row}) < SHARED_COLUMNS or any(_centre(a) > level - STAGGER[0] * height for a in anchors):
        return []
    top = min(b.top for b in row)
    return [Line([Word("", 0.0, 0.0, top, top + height)])]


def band_of(bands: list[Band], piece: Line) -> int:
    """1-based index of the band a piece's centre falls in; 0 above the first."""
    return bisect_right([b.top for b in bands], _centre(piece))


def merge_spanning(cells: dict[tuple[int, int], list[Line]], bands: list[Band], height: float,
                   cut_row: bool = False) -> None:
    """A column's text off its row's centre that, with the column's text in the rows
    around it, is centred on the joint extent of consecutive rows is one cell merged over
    them: moved into the first of those rows. With `cut_row`, the text above the first
    band (row 0) is the rest of a row the page break cut: a cell merged over it and rows
    below is centred on this page's share of them, from the page's first row line."""
    extents = _row_extents(cells, bands, height, cut_row)
    merged: set[tuple[int, int]] = set()  # rows of merged cells: a merged cell ends where the next starts
    for column in sorted({c for _, c in cells}):
        row = 1
        while row <= len(bands):
            first, last = _merged_span(cells, bands, extents, merged, column, row, height)
            if last > first:
                joined = [p for r in range(first, last + 1) for p in cells.pop((r, column), [])]
                cells[(first, column)] = joined
                merged.update((r, column) for r in range(first, last + 1))
                row = last
            row += 1


def _row_extents(cells: dict[tuple[int, int], list[Line]], bands: list[Band], height: float,
                 cut_row: bool) -> dict[int, tuple[float, float]]:
    """Each row's printed extent: its code line and the cell texts centred on it (the
    tallest of them fills the row); row 0, the rest of a cut row, all its text."""
    extents = {row: (band.anchor.top, band.anchor.bottom) for row, band in enumerate(bands, start=1)}
    rest = [p for (row, _), pieces in cells.items() if row == 0 for p in pieces]
    if cut_row and rest:
        extents[0] = (min(p.top for p in rest), max(p.bottom for p in rest))
    for (row, _), pieces in cells.items():
        if row and _centred(pieces, bands[row - 1], height):
            top, bottom = extents[row]
            extents[row] = (min(top, min(p.top for p in pieces)), max(bottom, max(p.bottom for p in pieces)))
    return extents


def _merged_span(cells, bands: list[Band], extents: dict[int, tuple[float, float]], merged: set[tuple[int, int]],
                 column: int, row: int, height: float) -> tuple[int, int]:
    """The rows (first, last) the column's text in `row` is merged over ((row, row): not
    merged): among the runs of rows around it whose texts in the column are all off their
    rows' centres (or blank), not merged already and coded no higher than `row` (a cell
    merged over an indicator group leaves out the group's heading row), the one whose
    joint extent the texts are best centred on, one starting at the first of those rows
    first (below the page's top: the rest of a cut row may hold a text of its own): over
    evenly tall rows a run one row shorter at each end is centred there too, and a merged
    cell's rows are blank from the text above it."""
    if not cells.get((row, column)) or _centred(cells[(row, column)], bands[row - 1], height):
        return row, row
    depth = _depth(cells, row)
    low = high = row
    while (low - 1 in extents and (low - 1, column) not in merged and _depth(cells, low - 1) >= depth
           and (low == 1 or not _centred(cells.get((low - 1, column)), bands[low - 2], height))):
        low -= 1
    while (high < len(bands) and _depth(cells, high + 1) >= depth
           and not _centred(cells.get((high + 1, column)), bands[high], height)):
        high += 1
    best, span = (False, -0.5 * height), (row, row)
    for first in range(low, row + 1):
        for last in range(max(row, first + 1), high + 1):
            pieces = [p for r in range(first, last + 1) for p in cells.get((r, column), [])]
            middle = (min(p.top for p in pieces) + max(p.bottom for p in pieces)) / 2
            off = abs(middle - (extents[first][0] + extents[last][1]) / 2)
            if off < 0.5 * height and (first == low > 0, -off) > best:
                best, span = (first == low > 0, -off), (first, last)
    return span


def _depth(cells, row: int) -> float:
    """How deep the row's code sits in the code tree (`1` 1, `1.2` 2); a row without a
    code (a sub-row, the rest of a cut row) as deep as any."""
    code = " ".join(p.text for p in cells.get((row, 0), []))
    found = parts(code) if is_code(code) else None
    return len(found) if found else float("inf")


def _centred(pieces: list[Line] | None, band: Band, height: float) -> bool:
    """Whether a cell's text is centred on its row's code line."""
    return bool(pieces) and abs((min(p.top for p in pieces) + max(p.bottom for p in pieces)) / 2 - band.centre) < 0.5 * height


def _centre(line: Line) -> float:
    return (line.top + line.bottom) / 2
