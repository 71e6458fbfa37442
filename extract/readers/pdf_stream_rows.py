"""Rows of a table printed without ruling lines, from where its cell texts start.

Cells are mostly top-aligned (Word's and LibreOffice's default), so every cell of a row
starts level with the row's top. In a table whose first column holds row codes (STT) a
row starts at each code; rows without a code start where a points column prints a new
number or where three or more cells start level. A coded table whose cells are centred
vertically (its codes print staggered against other columns' lines) is banded around
its codes instead (`extract.readers.pdf_row_bands`). In a table without codes, a line that
prints in a column the line above left empty, or under a cell text that had ended,
starts a row. A table running over pages is read page by page with the same columns;
the header printed again at the top of a later page is recognised by its lines.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from extract import codes
from extract.grid import NUMBER
from extract.readers.pdf_layout import GridCell, Line, PageTable, paragraphs, split_columns, wrapped
from extract.readers.pdf_overprint import strip_header_overprint
from extract.readers.pdf_row_bands import (CENTRED_SHARE, Band, band_of, centred_bands, centred_codes, merge_spanning,
                                           ruled_anchors, uncoded_anchors)

Stream = list[tuple[int, Line]]  # (page number, line) in reading order

YEAR = re.compile(r"^(19|20)\d\d$")
HEADER_LINES = 8  # a header row is at most this many printed lines


@dataclass
class Columns:
    """The columns of one borderless table: edges, how far each column's text may reach,
    which columns hold numbers, and whether the first column holds row codes."""

    xs: list[float]
    right_limits: list[float]
    gap: float
    numeric: set[int]
    coded: bool
    rules: dict[int, list[float]] = field(default_factory=dict)  # rulings drawn across it, by page

    @classmethod
    def of_region(cls, lines: list[Line], gutters: list[tuple[float, float]], gap: float) -> Columns:
        xs = [min(l.x0 for l in lines) - 1] + [(a + b) / 2 for a, b in gutters] + [max(l.x1 for l in lines) + 1]
        # a column's text may reach the next column's start less the padding on both
        # sides, which is about the narrowest gutter (where a cell's text filled its width)
        padding = min(b - a for a, b in gutters)
        right_limits = [max(a, b - padding) for a, b in gutters] + [xs[-1]]
        columns = cls(xs, right_limits, gap, set(), False)
        printed = [columns.split(line) for line in lines]
        columns.numeric = _numeric_columns(printed)
        # a code column: most of what the first column prints are row codes (the header
        # repeated on every page counts once)
        first = [p[0].text for p in printed if 0 in p]
        columns.coded = sum(map(codes.is_code, first)) >= max(2, len({t for t in first if not codes.is_code(t)}))
        return columns

    @property
    def width(self) -> int:
        return len(self.xs) - 1

    def index(self, x: float) -> int:
        return max(0, min(self.width - 1, sum(1 for edge in self.xs[1:-1] if edge < x)))

    def split(self, line: Line) -> dict[int, Line]:
        """A printed line's cell texts by column (pieces in one column joined)."""
        out: dict[int, Line] = {}
        for piece in split_columns(line, self.gap):
            column = self.index((piece.x0 + piece.x1) / 2)
            out[column] = Line(out[column].words + piece.words) if column in out else piece
        return out

    def continues(self, above: Line, piece: Line, column: int) -> bool:
        return wrapped(above, piece, self.right_limits[column])


@dataclass
class _Row:
    cells: list[list[Line]]  # pieces per column
    span_from: int | None = None  # a title row merged over the width: its one column


def table_parts(stream: Stream, indices: range, spanning: set[int], columns: Columns) -> list[PageTable]:
    """One PageTable per page the table runs over, all with the same columns."""
    parts: list[PageTable] = []
    header: list[int] = []  # stream indices of the header's lines on the first page
    header_row: _Row | None = None
    printed: dict[int, Line] = {}  # a coded table's last cell texts, carried over page breaks
    pages = [[k for k in indices if stream[k][0] == page] for page in sorted({stream[k][0] for k in indices})]
    centred_cells = columns.coded and _centred_cells(stream, pages, spanning, columns)
    for on_page in pages:
        page = stream[on_page[0]][0]
        continues = None
        if columns.coded:
            rows, header, continues = _coded_page(stream, on_page, spanning, columns, header, printed, centred_cells)
        else:
            rows = _uncoded_page(stream, on_page, spanning, columns, header_row)
            header_row = header_row or rows[0]
        part = _part(page, rows, columns)
        part.continues_row = continues
        parts.append(part)
    return parts


def _centred_cells(stream: Stream, pages: list[list[int]], spanning: set[int], columns: Columns) -> bool:
    """Whether the table's cells are centred on their row codes: over all its pages, a
    good share of its codes print where only centred cells put them
    (`extract.readers.pdf_row_bands.centred_codes`); in a table of two codes (an annex
    form of one group and its one indicator), one of them."""
    centred = anchors = 0
    printed: dict[int, Line] = {}
    for number, on_page in enumerate(pages):
        starts, placed = _coded_starts(stream, on_page, spanning, columns, printed, number > 0, level_starts=False)
        lines = [stream[k][1] for k, title in starts if title is None]
        centred += centred_codes(placed, lines, _wraps(placed, columns))
        anchors += len(lines)
    return centred >= max(min(2, anchors / 2), CENTRED_SHARE * anchors)


def _coded_page(stream: Stream, on_page: list[int], spanning: set[int], columns: Columns,
                header: list[int], printed: dict[int, Line], centred_cells: bool) -> tuple[list[_Row], list[int], bool | None]:
    """A page of a coded table, its header's lines and whether its first row goes on
    with the row the page break cut. On the first page the lines above the first row
    start are the header; on a later page, lines equal to the header's are its repeat,
    and text above the first row start is the rest of the cut row."""
    if not header:
        rows, starts, first_row = _coded_rows(stream, on_page, spanning, columns, printed, False, centred_cells)
        header = [k for k in on_page if first_row is None or k < first_row]
        if not header and len(starts) > 1:  # the header prints a code ("1 | Chỉ số thành phần")
            header = [k for k in on_page if k < starts[1]]
        return rows, header, None
    texts = [stream[k][1].text for k in header]
    head_lines = _header_repeat(stream, on_page, texts)
    repeated = head_lines > 0
    if centred_cells and not repeated:
        # centred header cells stagger their lines (differently where a repeated header
        # row is cut short: a cell merged down over a two-row header prints only its first
        # row's share), and a centred first row may start among them: the page's first
        # lines printing only header cell lines, each in its column, are its repeat
        cells = {item for k in header for item in _cell_lines(stream[k][1], columns)}
        head_lines = next((n for n, k in enumerate(on_page) if not _cell_lines(stream[k][1], columns) <= cells),
                          len(on_page))
        repeated = head_lines >= min(2, len(header))
        head_lines = head_lines if repeated else 0
    if repeated:
        head_lines = strip_header_overprint(stream, on_page, head_lines, header, columns)
    body = on_page[head_lines:]
    rows, starts, first_row = _coded_rows(stream, body, spanning, columns, printed, True, centred_cells)
    continues = bool(body) and first_row != body[0]
    if repeated:
        head = _Row([[] for _ in range(columns.width)])
        for k in on_page[:head_lines]:
            for column, piece in columns.split(stream[k][1]).items():
                head.cells[column].append(piece)
        rows.insert(0, head)
    return rows, header, continues


def _header_repeat(stream: Stream, on_page: list[int], texts: list[str]) -> int:
    """How many of the page's first lines print the header's lines again, in order: all
    of them, or two or more where the repeat was cut short (LibreOffice repeats a
    two-level header only as tall as its rows: the rest of its merged-down cells is lost
    under the first body line); 0 where the header is not repeated."""
    same = 0
    while same < min(len(on_page), len(texts)) and stream[on_page[same]][1].text == texts[same]:
        same += 1
    return same if same == len(texts) or same >= 2 else 0


def _cell_lines(line: Line, columns: Columns) -> set[tuple[int, str]]:
    """A printed line as the cell text lines it prints, by column."""
    return {(column, piece.text) for column, piece in columns.split(line).items()}


def _coded_rows(stream: Stream, indices: list[int], spanning: set[int], columns: Columns,
                printed: dict[int, Line], header_done: bool, centred_cells: bool) -> tuple[list[_Row], list[int], int | None]:
    """Rows of a table whose first column holds row codes, the stream index of each
    row start and of the first line in a row (None: none). With top-aligned cells every
    cell text belongs to the row whose start is the last at or above its first line:
    columns need not print their lines level with each other (paragraph spacing differs
    per cell). With centred cells a row's cells start above its code, so only codes (and
    titles, points) start rows and each cell text goes where it is centred
    (`_place_centred`). Text above the first start goes in a row of its own. `printed`
    holds each column's last cell text since the last row start (updated)."""
    # staggered centred lines print cells level by chance: there only codes start rows
    starts, placed = _coded_starts(stream, indices, spanning, columns, printed, header_done,
                                   level_starts=not centred_cells)
    rules = columns.rules.get(stream[indices[0]][0], []) if indices else []
    bands = None
    if centred_cells and indices and (starts or header_done):  # a page may print only the header again
        wraps = _wraps(placed, columns)
        starts, anchors, held = _with_uncoded_starts(stream, indices, starts, placed, header_done, columns)
        if starts:
            bands = centred_bands(placed, anchors, rules, wraps, held)[0]
    rows = [_Row([[] for _ in range(columns.width)])]
    tops = [float("-inf")]
    for k, title in starts:
        line = stream[k][1]
        span_from = columns.index(line.x0) if title else None
        rows.append(_Row([[] for _ in range(columns.width)], span_from))
        tops.append(line.top - (line.bottom - line.top) * 0.5)
        if title is not None:
            rows[-1].cells[span_from].append(title)
    first_row = starts[0][0] if starts else None
    if bands:
        _place_centred(rows, placed, bands, cut_row=header_done)
        # the first row starts with the highest of its pieces (lines above are header or the cut row)
        first_top = min((piece.top for _, piece in placed if band_of(bands, piece) > 0), default=bands[0].top)
        first_row = next((k for k in indices if stream[k][1].top >= first_top), None)
    else:
        for column, piece in placed:
            row = rows[bisect_right(tops, piece.top + (piece.bottom - piece.top) * 0.5) - 1]
            row.cells[column if row.span_from is None else row.span_from].append(piece)
    return [row for row in rows if any(row.cells)], [k for k, _ in starts], first_row


def _coded_starts(stream: Stream, indices: list[int], spanning: set[int], columns: Columns, printed: dict[int, Line],
                  header_done: bool, level_starts: bool) -> tuple[list[tuple[int, Line | None]], list[tuple[int, Line]]]:
    """The row starts (stream index, title line across the table or None) and every
    cell text piece with its column, top to bottom. Below the header, a line under a
    rule drawn across the table starts a row (a table ruled between its rows: a row
    without a code, a total under the last sub-row, are parted from the row above)."""
    starts: list[tuple[int, Line | None]] = []
    placed: list[tuple[int, Line]] = []
    after_title = False
    rules = columns.rules.get(stream[indices[0]][0], []) if indices else []
    above: Line | None = None  # the line above on this page
    ruled_open = False  # a rule started the current row and no code has printed in it yet
    for k in indices:
        line = stream[k][1]
        if k in spanning:
            starts.append((k, line))
            after_title = True
            above = line
            continue
        by_column = columns.split(line)
        page_top = k == indices[0] and header_done
        below_header = (header_done or bool(starts)) and level_starts
        # (a rule lies between the two lines' middles: a line's box reaches above its letters)
        ruled = below_header and above is not None and any(
            (above.top + above.bottom) / 2 < r < (line.top + line.bottom) / 2 for r in rules)
        coded = 0 in by_column and codes.is_code(by_column[0].text)
        # a code printed lower in a row its rule started, above the rule closing that row,
        # is that row's (a code centred in its cell)
        centred_code = coded and ruled_open and any(r > line.bottom for r in rules)
        if after_title or ruled or not centred_code and _starts_coded_row(
                by_column, printed, columns, below_header, page_top):
            starts.append((k, None))
            printed.clear()
        ruled_open = (ruled or ruled_open) and not coded
        after_title = False
        above = line
        printed.update(by_column)
        placed.extend(by_column.items())
    return starts, placed


def _with_uncoded_starts(stream: Stream, indices: list[int], starts: list[tuple[int, Line | None]],
                         placed: list[tuple[int, Line]], header_done: bool, columns: Columns
                         ) -> tuple[list[tuple[int, Line | None]], list[Line], dict[int, Line]]:
    """The row starts of a table with centred cells, with rows without a code added
    (`extract.readers.pdf_row_bands.uncoded_anchors`, `ruled_anchors`; on the header's
    page, below the first code only: header cells are centred blocks too), the line each
    row is centred on (its code's, or the line of a number printed above the code,
    `_number_of_code_below`) and by row, for rows starting at that number's line, their
    code's line."""
    first_top = float("-inf") if header_done else stream[starts[0][0]][1].top
    coded = [(stream[k][1], (k, title)) for k, title in starts]
    body = [(column, piece) for column, piece in placed if piece.top >= first_top]
    found = uncoded_anchors(body, [line for line, _ in coded])
    found += ruled_anchors(body, [line for line, _ in coded] + found, columns.rules.get(stream[indices[0]][0], []),
                           header_done)
    extra = [(anchor, (_nearest_line(stream, indices, anchor), None)) for anchor in found]
    both = sorted(coded + extra, key=lambda item: item[0].top)
    kept: list[tuple[Line, tuple[int, Line | None]]] = []
    held: dict[int, Line] = {}
    for anchor, start in both:
        if kept and _number_of_code_below(stream, kept[-1][1], start, columns):
            kept[-1] = (kept[-1][0], start)
            held[len(kept) - 1] = anchor
        else:
            kept.append((anchor, start))
    return [start for _, start in kept], [anchor for anchor, _ in kept], held


def _number_of_code_below(stream: Stream, start: tuple[int, Line | None], below: tuple[int, Line | None],
                          columns: Columns) -> bool:
    """Whether a row start of a table with centred cells is the next code's row printed
    above the code: its line prints a number in a numeric column and no code, and the next
    start is a code printing no number in that column. The number is that code's row's,
    printed above the row's middle with the cells beside it (cells ending in empty
    paragraphs centre their text higher), not a row without a code (a new points value,
    cells centred together): the row is centred on the number's line."""
    printed = columns.split(stream[start[0]][1])
    numbers = {c for c, p in printed.items() if c in columns.numeric and NUMBER.match(p.text)}
    under = columns.split(stream[below[0]][1]) if below[1] is None else {}
    return start[1] is None and bool(numbers) and not _coded(printed) and _coded(under) and not numbers & under.keys()


def _coded(printed: dict[int, Line]) -> bool:
    """Whether a line's cell texts start with a row code in the first column."""
    return 0 in printed and codes.is_code(printed[0].text)


def _nearest_line(stream: Stream, indices: list[int], anchor: Line) -> int:
    """The stream index of the line whose middle is nearest the anchor's."""
    middle = (anchor.top + anchor.bottom) / 2
    return min(indices, key=lambda k: abs((stream[k][1].top + stream[k][1].bottom) / 2 - middle))


def _wraps(placed: list[tuple[int, Line]], columns: Columns) -> list[tuple[Line, Line]]:
    """Each column's consecutive cell text lines where the lower surely goes on with the
    text of the upper: its first word would not have fitted on the line above, and it
    starts with a lower-case letter (a cell's text or a paragraph starts with a capital, a
    list dash or a number; in a narrow column the next cell's first word often would not
    have fitted either)."""
    last: dict[int, Line] = {}
    pairs = []
    for column, piece in placed:
        if column in last and piece.text[:1].islower() and columns.continues(last[column], piece, column):
            pairs.append((last[column], piece))
        last[column] = piece
    return pairs


def _place_centred(rows: list[_Row], placed: list[tuple[int, Line]], bands: list[Band], cut_row: bool) -> None:
    """Cell texts of a table with centred cells into rows (`extract.readers.pdf_row_bands`),
    each in the band its centre falls in, a merged cell's lines in its first row (on a
    later page, text above the first band is the rest of the row the break cut)."""
    cells: dict[tuple[int, int], list[Line]] = {}
    for column, piece in placed:
        cells.setdefault((band_of(bands, piece), column), []).append(piece)
    merge_spanning(cells, bands, min(b.anchor.bottom - b.anchor.top for b in bands), cut_row)
    for (row, column), pieces in sorted(cells.items(), key=lambda item: item[0]):
        target = rows[row]
        target.cells[column if target.span_from is None else target.span_from].extend(pieces)


def _starts_coded_row(by_column: dict[int, Line], printed: dict[int, Line], columns: Columns,
                      below_header: bool, page_top: bool) -> bool:
    if 0 in by_column and codes.is_code(by_column[0].text):
        return True
    # a number under text in a points column: a row without a code (a pillar row printing
    # only its total), since a points cell holds one number; a year is the end of a
    # header that wrapped ("Điểm năm" / "2024"). Below the header of a top-aligned table,
    # a line printing that number alone starts one too (the total under sub-rows that
    # print no points: a top-aligned row prints its points on its first line)
    alone = below_header and len(by_column) == 1
    if any(c in columns.numeric and (c in printed or alone) and NUMBER.match(p.text)
           and not YEAR.match(p.text) for c, p in by_column.items()):
        return True
    # three or more cells starting level, not going on from a wrapped line: a row without
    # a code (sub-rows of an indicator, each with its agencies; a cell merged over them
    # may go on wrapping beside). Over a page break where a line wrapped cannot be seen;
    # a cell's text starts with a capital there. Two will do on a line whose every cell
    # text starts with a capital (a sub-row whose long name and support list fill their
    # cells, so that their first lines read as if the texts above went on).
    starting = sum(c not in printed or (p.text[:1].isupper() if page_top else not columns.continues(printed[c], p, c))
                   for c, p in by_column.items())
    capitals = not page_top and all(p.text[:1].isupper() for p in by_column.values())
    return below_header and (starting >= 3 or starting >= 2 and capitals)


def _numeric_columns(printed: list[dict[int, Line]]) -> set[int]:
    """Columns where most cell texts are numbers (points, scores, targets); the header's
    words count once however many pages repeat them."""
    numbers: dict[int, int] = {}
    words: dict[int, set[str]] = {}
    for by_column in printed:
        for column, piece in by_column.items():
            if NUMBER.match(piece.text):
                numbers[column] = numbers.get(column, 0) + 1
            else:
                words.setdefault(column, set()).add(piece.text)
    return {c for c, n in numbers.items() if c > 0 and n >= max(2, 1.5 * len(words.get(c, ())))}


def _uncoded_page(stream: Stream, on_page: list[int], spanning: set[int], columns: Columns,
                  header: _Row | None) -> list[_Row]:
    rows = _uncoded_rows(stream, on_page, spanning, columns)
    if header is None:
        return _merge_header(rows, [HEADER_LINES] * columns.width)
    if rows and _repeats(rows[0], header):
        return _merge_header(rows, [len(pieces) for pieces in header.cells])
    return rows


def _uncoded_rows(stream: Stream, indices: list[int], spanning: set[int], columns: Columns) -> list[_Row]:
    """Rows of a table without row codes, line by line (`_starts_uncoded_row`)."""
    rows: list[_Row] = []
    above: dict[int, Line] | None = None  # the piece the line above printed in each column
    for k in indices:
        line = stream[k][1]
        if k in spanning:
            row = _Row([[] for _ in range(columns.width)], span_from=columns.index(line.x0))
            row.cells[row.span_from].append(line)
            rows.append(row)
            above = None
            continue
        printed = columns.split(line)
        if above is None or _starts_uncoded_row(printed, above, columns):
            rows.append(_Row([[] for _ in range(columns.width)]))
        for column, piece in printed.items():
            rows[-1].cells[column].append(piece)
        above = printed
    return rows


def _starts_uncoded_row(printed: dict[int, Line], above: dict[int, Line], columns: Columns) -> bool:
    """A line that prints in a column the line above left empty starts a row; so does a
    line printing under a cell text that had ended (the line above left room for its
    first word): short one-line cells, years and scores."""
    if any(column not in above for column in printed):
        return True
    return any(not columns.continues(above[column], piece, column) for column, piece in printed.items())


def _looks_like_data(row: _Row) -> bool:
    """A row that prints a row code in its first column or a number in any: not header."""
    texts = [" ".join(p.text for p in pieces) for pieces in row.cells]
    return codes.is_code(texts[0]) or any(NUMBER.match(t) for t in texts[1:] if t)


def _merge_header(rows: list[_Row], most_lines: list[int]) -> list[_Row]:
    """A header's lines read as several rows (cells centred vertically start below the
    long ones; header words do not fill their lines): the rows up to the first that prints
    a code or a number are one header row (a data row under the header prints one), up to
    `most_lines` lines per column (a header repeated on a later page has as many as the
    first; the rest of a row cut by the page break follows it)."""
    if not rows or rows[0].span_from is not None:
        return rows
    head = rows[0]
    rest = rows[1:]
    while rest and rest[0].span_from is None and not _looks_like_data(rest[0]):
        merged = [a + b for a, b in zip(head.cells, rest[0].cells)]
        if any(len(cell) > most for cell, most in zip(merged, most_lines)):
            break
        head = _Row(merged)
        rest = rest[1:]
    return [head, *rest]


def _repeats(row: _Row, header: _Row) -> bool:
    """The first row of a page repeats the header (Word repeats a header row per page)."""
    first = [pieces[0].text if pieces else "" for pieces in row.cells]
    return any(first) and first == [pieces[0].text if pieces else "" for pieces in header.cells]


def _part(page: int, rows: list[_Row], columns: Columns) -> PageTable:
    xs = columns.xs
    cells: list[GridCell] = []
    for r, row in enumerate(rows):
        for c, pieces in enumerate(row.cells):
            if row.span_from is not None and c != row.span_from:
                continue
            pieces = sorted(pieces, key=lambda p: (p.top, p.x0))
            span = len(xs) - 1 - c if row.span_from is not None else 1
            top = min((p.top for p in pieces), default=0.0)
            bottom = max((p.bottom for p in pieces), default=0.0)
            cells.append(GridCell(bbox=(xs[c], top, xs[c + span], bottom), row=r, col=c, row_span=1,
                                  col_span=span, lines=paragraphs(pieces, columns.right_limits[c + span - 1])))
    lines = [p for row in rows for pieces in row.cells for p in pieces]
    return PageTable(page=page, top=min(l.top for l in lines), bottom=max(l.bottom for l in lines),
                     xs=xs, cells=cells, ruled=False)
