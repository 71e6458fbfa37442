"""Tables printed without ruling lines, found from how their words line up.

A table without rules still keeps its columns apart: between two columns runs a vertical
gutter (the cell padding on both sides) that no word of the table crosses, while body
text runs across it. A table is a run of lines that all keep out of the same two or more
gutters. Its rows come from where cell text starts: cells are top-aligned (Word's and
LibreOffice's default), so a line that prints in a column the line above left empty
starts a new row. A merged cell is not visible without rules: it prints in its first row
and the rows below show a blank cell (`Table.merges_unmarked`).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from statistics import median

from extract import codes
from extract.grid import NUMBER
from extract.readers.pdf_layout import GridCell, Line, PageTable, paragraphs, wrapped

YEAR = re.compile(r"^(19|20)\d\d$")
Stream = list[tuple[int, Line]]  # (page number, line) in reading order

GAP_SHARE = 0.45  # of the text height: a wider gap between words may be a gutter (a space is ~0.3)
MIN_COLUMNS = 3  # two-column layouts (header block, signature block) stay text
MAX_ROW_GAP = 2.5  # text heights: a wider vertical gap ends a table
HEADER_LINES = 8  # a header row is at most this many printed lines


@dataclass
class _Region:
    """Stream lines [start, end) that form one table; `spanning` lines print across it."""

    start: int
    end: int
    gutters: list[tuple[float, float]]
    spanning: set[int] = field(default_factory=set)


def borderless_tables(stream: Stream) -> tuple[list[PageTable], Stream]:
    """The tables in a stream of body lines (one PageTable per page a table runs over,
    all with the same columns), and the lines that are not in a table."""
    if not stream:
        return [], []
    gap = GAP_SHARE * median(line.bottom - line.top for _, line in stream)
    tables: list[PageTable] = []
    kept: Stream = []
    i = floor = 0  # floor: where the last table ended, so a table does not grow up into it
    while i < len(stream):
        region = _grow(stream, i, gap)
        if region is None:
            kept.append(stream[i])
            i += 1
            continue
        region = _extend_up(stream, region, gap, floor)
        del kept[len(kept) - (i - region.start):]  # header lines taken back from the text
        tables.extend(_page_tables(stream, region, gap))
        i = floor = region.end
    return tables, kept


def _pieces(line: Line, gap: float) -> list[Line]:
    """A printed line cut where words stand further apart than a space: cell texts."""
    parts = [[line.words[0]]]
    for word in line.words[1:]:
        if word.x0 - parts[-1][-1].x1 >= gap:
            parts.append([word])
        else:
            parts[-1].append(word)
    return [Line(p) for p in parts]


def _gutters(lines: list[Line], gap: float) -> list[tuple[float, float]]:
    """The x-ranges at least `gap` wide that no piece of these lines covers, between the
    leftmost and rightmost text."""
    spans = sorted((p.x0, p.x1) for line in lines for p in _pieces(line, gap))
    covered: list[list[float]] = []
    for x0, x1 in spans:
        if covered and x0 < covered[-1][1] + gap:
            covered[-1][1] = max(covered[-1][1], x1)
        else:
            covered.append([x0, x1])
    return [(left[1], right[0]) for left, right in zip(covered, covered[1:])]


def _keeps(old: list[tuple[float, float]], new: list[tuple[float, float]]) -> bool:
    """Every gutter survives (a line may split a gutter that was two columns wide, since
    its first line left a column empty, but may not close one)."""
    return all(any(a >= lo - 0.5 and b <= hi + 0.5 for a, b in new) for lo, hi in old)


def _close(stream: Stream, above: int, below: int, height: float) -> bool:
    """Two lines near enough to be in one table: on one page with a small gap, or the
    last line of a page and the first of the next (a table running over the break)."""
    (page_a, a), (page_b, b) = stream[above], stream[below]
    if page_a == page_b:
        return b.top - a.bottom <= MAX_ROW_GAP * height
    return page_b == page_a + 1


def _grow(stream: Stream, start: int, gap: float) -> _Region | None:
    """The table starting at `start`: a line of at least three cell texts, then every line
    that keeps the gutters; a line across the gutters is a title row merged over the
    table's width when the table goes on below it, else the text after the table."""
    first = stream[start][1]
    if len(_pieces(first, gap)) < MIN_COLUMNS:
        return None
    height = first.bottom - first.top
    members = [first]
    gutters = _gutters(members, gap)
    region = _Region(start, start + 1, gutters)
    j = start + 1
    while j < len(stream) and _close(stream, j - 1, j, height):
        line = stream[j][1]
        widened = _gutters(members + [line], gap)
        if _keeps(gutters, widened):
            members.append(line)
            gutters = widened
        elif (j + 1 < len(stream) and _close(stream, j, j + 1, height)
              and _keeps(gutters, _gutters(members + [stream[j + 1][1]], gap))):
            region.spanning.add(j)
        else:
            break
        j += 1
    multi = sum(1 for line in members if len(_pieces(line, gap)) >= 2)
    if len(gutters) < MIN_COLUMNS - 1 or multi < 2:
        return None
    region.end, region.gutters = j, gutters
    while region.end - 1 in region.spanning:
        region.spanning.discard(region.end - 1)
        region.end -= 1
    _drop_text_after(stream, region, gap)
    return region


def _drop_text_after(stream: Stream, region: _Region, gap: float) -> None:
    """A short paragraph after a table fits under its first column, which in these plans
    holds row codes (STT): trailing lines printed only there and not a code are text."""
    lines = [stream[k][1] for k in range(region.start, region.end)]
    first_column = [p.text for line in lines for p in _pieces(line, gap)[:1] if p.x1 < region.gutters[0][0] + 1]
    if sum(codes.is_code(text) for text in first_column) < 2:
        return
    while region.end - region.start > 2:
        pieces = _pieces(stream[region.end - 1][1], gap)
        if len(pieces) > 1 or pieces[0].x1 > region.gutters[0][0] + 1 or codes.is_code(pieces[0].text):
            break
        region.end -= 1


def _extend_up(stream: Stream, region: _Region, gap: float, floor: int) -> _Region:
    """Header lines above the first line of three cell texts (a header whose short cells
    are centred vertically prints only its long ones on its first line) join the table
    when they keep its gutters and print at least two cell texts."""
    members = [stream[k][1] for k in range(region.start, region.end) if k not in region.spanning]
    height = stream[region.start][1].bottom - stream[region.start][1].top
    while region.start - 1 >= floor and _close(stream, region.start - 1, region.start, height):
        line = stream[region.start - 1][1]
        if len(_pieces(line, gap)) < 2 or not _keeps(region.gutters, _gutters(members + [line], gap)):
            break
        members.append(line)
        region.start -= 1
    return region


def _page_tables(stream: Stream, region: _Region, gap: float) -> list[PageTable]:
    gutters = region.gutters
    lines = [stream[k][1] for k in range(region.start, region.end)]
    xs = [min(l.x0 for l in lines) - 1] + [(a + b) / 2 for a, b in gutters] + [max(l.x1 for l in lines) + 1]
    # a column's text may reach the next column's start less the padding on both sides,
    # which is about the narrowest gutter (where a cell's text filled its width)
    padding = min(b - a for a, b in gutters)
    right_limits = [max(a, b - padding) for a, b in gutters] + [xs[-1]]
    # a code column: most of what the first column prints are row codes (the header
    # repeated on every page counts once)
    first_column = [_pieces(line, gap)[0] for line in lines]
    first_column = [p.text for p in first_column if _column((p.x0 + p.x1) / 2, xs) == 0]
    code_count = sum(map(codes.is_code, first_column))
    coded = code_count >= max(2, len({t for t in first_column if not codes.is_code(t)}))
    numeric = _numeric_columns(stream, range(region.start, region.end), xs, gap)
    parts: list[PageTable] = []
    header: list[list[Line]] | None = None
    for page in sorted({stream[k][0] for k in range(region.start, region.end)}):
        indices = [k for k in range(region.start, region.end) if stream[k][0] == page]
        if coded:
            rows = _coded_rows(stream, indices, region.spanning, xs, numeric, gap)
            if header is not None and rows[0].span_from is None:
                rows[:1] = _split_repeated_header(rows[0], header)
        else:
            rows = _rows(stream, indices, region.spanning, xs, right_limits, gap)
            if header is None:
                rows = _merge_header(rows, [HEADER_LINES] * (len(xs) - 1))
            elif _repeats(rows[0], header):
                rows = _merge_header(rows, [len(pieces) for pieces in header])
        header = header or rows[0].cells
        parts.append(_part(page, rows, xs, right_limits))
    return parts


@dataclass
class _Row:
    cells: list[list[Line]]  # pieces per column
    span_from: int | None = None  # a title row merged over the width: its one column


def _column(x: float, xs: list[float]) -> int:
    return max(0, min(len(xs) - 2, sum(1 for edge in xs[1:-1] if edge < x)))


def _rows(stream: Stream, indices: list[int], spanning: set[int], xs: list[float],
          right_limits: list[float], gap: float) -> list[_Row]:
    """Rows of a table without row codes, line by line (`_starts_row`)."""
    width = len(xs) - 1
    rows: list[_Row] = []
    above: dict[int, Line] | None = None  # the piece the line above printed in each column
    for k in indices:
        line = stream[k][1]
        if k in spanning:
            row = _Row([[] for _ in range(width)], span_from=_column(line.x0, xs))
            row.cells[row.span_from].append(line)
            rows.append(row)
            above = None
            continue
        printed = _by_column(_pieces(line, gap), xs)
        if above is None or _starts_row(printed, above, right_limits):
            rows.append(_Row([[] for _ in range(width)]))
        for column, piece in printed.items():
            rows[-1].cells[column].append(piece)
        above = printed
    return rows


def _coded_rows(stream: Stream, indices: list[int], spanning: set[int], xs: list[float],
                numeric: set[int], gap: float) -> list[_Row]:
    """Rows of a table whose first column holds row codes: a row starts at each code (and
    at each title row across the table), and every cell text belongs to the row whose
    start is the last at or above its first line. Cells are top-aligned, so a row's cells
    start level with its code; columns need not print their lines level with each other
    (paragraph spacing differs per cell). Text above the first code is the header, or on
    a later page the repeated header and the rest of a row cut by the page break."""
    width = len(xs) - 1
    starts: list[tuple[float, int | None, Line | None]] = []  # (top, title column, title line)
    placed: list[tuple[int, Line]] = []
    after_title = False
    printed: dict[int, Line] = {}  # each column's last piece since the last row start
    for k in indices:
        line = stream[k][1]
        if k in spanning:
            starts.append((line.top, _column(line.x0, xs), line))
            after_title = True
            continue
        if after_title:  # the row under a title row starts with its first line
            starts.append((line.top, None, None))
            after_title = False
        by_column = _by_column(_pieces(line, gap), xs)
        if 0 in by_column and codes.is_code(by_column[0].text):
            starts.append((line.top, None, None))
            printed.clear()
        elif any(c in numeric and c in printed and NUMBER.match(p.text) and not YEAR.match(p.text)
                 for c, p in by_column.items()):
            # a number under text in a points column: a row without a code (a pillar row
            # printing only its total), since a points cell holds one number; a year is
            # the end of a header that wrapped ("Điểm năm" / "2024")
            starts.append((line.top, None, None))
            printed.clear()
        printed.update(by_column)
        placed.extend((column, piece) for column, piece in by_column.items())
    rows = [_Row([[] for _ in range(width)])]
    tops = [float("-inf")]
    for top, span_from, title in sorted(starts, key=lambda s: s[0]):
        if tops[-1] > top - 1.0 and span_from is None:
            continue  # a code on the line that already started a row
        rows.append(_Row([[] for _ in range(width)], span_from))
        tops.append(top - (title.bottom - title.top if title else 0.0) * 0.5)
        if title is not None:
            rows[-1].cells[span_from].append(title)
    for column, piece in placed:
        index = bisect_right(tops, piece.top + (piece.bottom - piece.top) * 0.5) - 1
        rows[index].cells[column if rows[index].span_from is None else rows[index].span_from].append(piece)
    return [row for row in rows if any(row.cells)]


def _numeric_columns(stream: Stream, indices: range, xs: list[float], gap: float) -> set[int]:
    """Columns where most cell texts are numbers (points, scores, targets); the header's
    words count once however many pages repeat them."""
    numbers: dict[int, int] = {}
    words: dict[int, set[str]] = {}
    for k in indices:
        for column, piece in _by_column(_pieces(stream[k][1], gap), xs).items():
            if NUMBER.match(piece.text):
                numbers[column] = numbers.get(column, 0) + 1
            else:
                words.setdefault(column, set()).add(piece.text)
    return {c for c, n in numbers.items() if c > 0 and n >= max(2, 1.5 * len(words.get(c, ())))}


def _split_repeated_header(row: _Row, header: list[list[Line]]) -> list[_Row]:
    """The text above the first code on a later page: the header printed again (dropped
    later as a repeat) and what is left, the rest of the row the page break cut."""
    texts = [[p.text for p in pieces] for pieces in row.cells]
    if not all(t[:len(h)] == [p.text for p in h] for t, h in zip(texts, header)) or not any(header):
        return [row]
    rest = _Row([pieces[len(h):] for pieces, h in zip(row.cells, header)])
    return [_Row([list(h) for h in header])] + ([rest] if any(rest.cells) else [])


def _by_column(pieces: list[Line], xs: list[float]) -> dict[int, Line]:
    out: dict[int, Line] = {}
    for piece in pieces:
        column = _column((piece.x0 + piece.x1) / 2, xs)
        out[column] = Line(out[column].words + piece.words) if column in out else piece
    return out


def _starts_row(printed: dict[int, Line], above: dict[int, Line], right_limits: list[float]) -> bool:
    """Whether a line starts a new row of a table without row codes.

    Cells are top-aligned, so a line that prints in a column the line above left empty
    starts a row; so does a line printing under a cell text that had ended (the line
    above left room for its first word): short one-line cells, years and scores.
    """
    if any(column not in above for column in printed):
        return True
    return any(not wrapped(above[column], piece, right_limits[column]) for column, piece in printed.items())


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


def _repeats(row: _Row, header: list[list[Line]]) -> bool:
    """The first row of a page repeats the header (Word repeats a header row per page)."""
    first = [pieces[0].text if pieces else "" for pieces in row.cells]
    return any(first) and first == [pieces[0].text if pieces else "" for pieces in header]


def _part(page: int, rows: list[_Row], xs: list[float], right_limits: list[float]) -> PageTable:
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
                                  col_span=span, lines=paragraphs(pieces, right_limits[c + span - 1])))
    lines = [p for row in rows for pieces in row.cells for p in pieces]
    return PageTable(page=page, top=min(l.top for l in lines), bottom=max(l.bottom for l in lines),
                     xs=xs, cells=cells, ruled=False)
