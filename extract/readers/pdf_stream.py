"""Tables printed without ruling lines, found from how their words line up.

A table without rules still keeps its columns apart: between two columns runs a vertical
gutter (the cell padding on both sides) that no word of the table crosses, while body
text runs across it. A table is a run of lines that all keep out of the same two or more
gutters, followed over page breaks. Its rows are read from where cell texts start
(`extract.readers.pdf_stream_rows`). A merged cell is not visible without rules: it
prints in its first row and the rows below show a blank cell (`Table.merges_unmarked`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from extract import codes
from extract.headers import column_role
from extract.readers.pdf_layout import Line, PageTable, Ruling, split_columns
from extract.readers.pdf_stream_rows import Columns, Stream, table_parts

GAP_SHARE = 0.45  # of the text height: a wider gap between words may be a gutter (a space is ~0.3)
MIN_COLUMNS = 3  # two-column layouts (header block, signature block) stay text
MAX_ROW_GAP = 2.5  # text heights: a wider vertical gap ends a table
TIGHT = 0.5  # text heights: lines this close belong to one block (staggered header lines)


@dataclass
class _Region:
    """Stream lines [start, end) that form one table; `spanning` lines print across it."""

    start: int
    end: int
    gutters: list[tuple[float, float]]
    spanning: set[int] = field(default_factory=set)


def borderless_tables(stream: Stream, rules: dict[int, list[Ruling]] | None = None) -> tuple[list[PageTable], Stream]:
    """The tables in a stream of body lines (one PageTable per page a table runs over,
    all with the same columns), and the lines that are not in a table. `rules` are the
    horizontal rulings per page: those drawn across a table part its rows."""
    if not stream:
        return [], []
    gap = GAP_SHARE * median(line.bottom - line.top for _, line in stream)
    tables: list[PageTable] = []
    kept: Stream = []
    i = floor = 0  # floor: where the last table ended, so a table does not grow up into it
    while i < len(stream):
        region = _grow(stream, i, gap, rules or {})
        if region is None:
            kept.append(stream[i])
            i += 1
            continue
        region = _extend_up(stream, region, gap, floor, rules or {})
        del kept[len(kept) - (i - region.start):]  # header lines taken back from the text
        lines = [stream[k][1] for k in range(region.start, region.end)]
        columns = Columns.of_region(lines, region.gutters, gap)
        columns.rules = _rules_across(columns, rules or {})
        _ruled_edges(columns, lines, region.gutters, _rules_down(stream, region, rules or {}))
        tables.extend(table_parts(stream, range(region.start, region.end), region.spanning, columns))
        i = floor = region.end
    return tables, kept


def _rules_across(columns: Columns, rules: dict[int, list[Ruling]]) -> dict[int, list[float]]:
    """The heights of the horizontal rulings drawn across most of a table's width, by page
    (a table ruled with horizontal lines only, or a ruled header)."""
    span = (columns.xs[0], columns.xs[-1])
    return {page: _rule_heights(found, span, float("-inf"), float("inf")) for page, found in rules.items()}


def _rules_down(stream: Stream, region: _Region, rules: dict[int, list[Ruling]]) -> list[Ruling]:
    """The vertical rulings drawn beside the table's lines, on the pages it runs over."""
    spans: dict[int, tuple[float, float]] = {}
    for page, line in (stream[k] for k in range(region.start, region.end)):
        top, bottom = spans.get(page, (line.top, line.bottom))
        spans[page] = (min(top, line.top), max(bottom, line.bottom))
    return [r for page, (top, bottom) in spans.items() for r in rules.get(page, [])
            if not r.horizontal and r.top < bottom and r.bottom > top]


def _ruled_edges(columns: Columns, lines: list[Line], gutters: list[tuple[float, float]], down: list[Ruling]) -> None:
    """Column edges from the vertical rules drawn between the columns (vertical rules, a
    ruled header, an outer frame at the sides), where drawn; and a column's text may
    reach its right rule less the padding its text keeps from its left rule (the cell's
    own width, which the gutters between words only bound), so that wraps are seen."""
    if not down:
        return
    height = median(line.bottom - line.top for line in lines)
    bounds = [(columns.xs[0] - 4 * height, columns.xs[0] + 1), *gutters, (columns.xs[-1] - 1, columns.xs[-1] + 4 * height)]
    ruled: dict[int, float] = {}
    for edge, (lo, hi) in enumerate(bounds):
        found = sorted(r.x0 for r in down if lo - 1 <= r.x0 <= hi + 1)
        if found:
            ruled[edge] = found[len(found) // 2]
            columns.xs[edge] = ruled[edge]
    starts: dict[int, float] = {}
    for line in lines:
        for column, piece in columns.split(line).items():
            starts[column] = min(starts.get(column, piece.x0), piece.x0)
    for column in range(columns.width):
        if column in ruled and column + 1 in ruled and column in starts:
            columns.right_limits[column] = ruled[column + 1] - (starts[column] - ruled[column])


Cover = list[tuple[float, float]]  # x-ranges printed on, sorted, at least `gap` apart


def _cover(cover: Cover, lines: list[Line], gap: float) -> Cover:
    """The x-ranges the lines print on added to a cover; ranges closer than `gap` merge
    (a table's cover stays one range per column, so adding a line is cheap)."""
    spans = sorted([*cover, *((p.x0, p.x1) for line in lines for p in split_columns(line, gap))])
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 < merged[-1][1] + gap:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(x0, x1) for x0, x1 in merged]


def _gutters(cover: Cover) -> list[tuple[float, float]]:
    """The white space between the covered ranges: the gutters between columns."""
    return [(left[1], right[0]) for left, right in zip(cover, cover[1:])]


def _keeps(old: list[tuple[float, float]], new: list[tuple[float, float]]) -> bool:
    """Every gutter survives (a line may split a gutter that was two columns wide, since
    its first line left a column empty, but may not close one)."""
    return all(any(a >= lo - 0.5 and b <= hi + 0.5 for a, b in new) for lo, hi in old)


def _clear_of(line: Line, gutters: list[tuple[float, float]]) -> bool:
    """A line printing no word in any of the table's gutters keeps its columns, whatever the
    cover of the lines under it says (a centred header's first line holding only the first
    line of its tallest cell, at the right: "Cơ quan phối" over "hợp (triển khai, ...)")."""
    return all(w.x1 <= lo + 0.5 or w.x0 >= hi - 0.5 for w in line.words for lo, hi in gutters)


def _close(stream: Stream, above: int, below: int, limit: float) -> bool:
    """Two lines near enough to be in one table: on one page with a gap within `limit`,
    or the last line of a page and the first of the next (a table running over the break)."""
    (page_a, a), (page_b, b) = stream[above], stream[below]
    if page_a == page_b:
        return b.top - a.bottom <= limit
    return page_b == page_a + 1


def _gap(stream: Stream, above: int, below: int) -> float:
    (page_a, a), (page_b, b) = stream[above], stream[below]
    return b.top - a.bottom if page_a == page_b else 0.0


def _gap_limit(line: Line, height: float, widest: float, gap: float) -> float:
    """How far below the table's last line this line may start. Rows may stand further
    apart than text lines (cell padding, paragraph spacing): a wide gap is crossed up to
    twice the widest seen in the table, by a line printing two or more cells (a row's
    first line; a heading after the table prints one), and twice the usual limit by a row
    starting with its code (empty paragraphs and padding, set in points, may stand a row
    of centred cells four lines of a small font below the last)."""
    pieces = split_columns(line, gap)
    if len(pieces) < 2:
        return MAX_ROW_GAP * height
    coded = 2 * MAX_ROW_GAP * height if codes.is_code(pieces[0].text) else 0.0
    return max(MAX_ROW_GAP * height, 2 * widest, coded)


def _row_line(stream: Stream, j: int, gap: float, height: float) -> Line:
    """The line that tells whether line j starts a row: j itself, or where j prints one cell
    text, the first line printing two or more below it in the block j starts (lines set
    tight, on j's page). A row of centred cells prints only its tallest cell's first lines
    above the line of its code and short cells."""
    k = j
    while (len(split_columns(stream[k][1], gap)) < 2 and k + 1 < len(stream)
           and _tight(stream, k, k + 1, height)):
        k += 1
    return stream[k][1] if len(split_columns(stream[k][1], gap)) >= 2 else stream[j][1]


def _tight(stream: Stream, above: int, below: int, height: float) -> bool:
    """Two lines on one page set closer than a line's height apart."""
    return stream[above][0] == stream[below][0] and _gap(stream, above, below) <= TIGHT * height


def _grow(stream: Stream, start: int, gap: float, rules: dict[int, list[Ruling]]) -> _Region | None:
    """The table starting at `start`: a line of at least three cell texts, then every line
    that keeps the gutters, across gaps within the limit (`_gap_limit`, `_row_line`) or
    bound by the table's rules (`_ruled_through`); a line across the gutters is a title row merged over the
    table's width when the table goes on below it, else the text after the table."""
    first = stream[start][1]
    if len(split_columns(first, gap)) < MIN_COLUMNS:
        return None
    height = first.bottom - first.top
    members = [first]
    cover = _cover([], members, gap)
    region = _Region(start, start + 1, _gutters(cover))
    widest = 0.0  # the widest vertical gap inside the table so far
    j = start + 1
    while j < len(stream) and (_close(stream, j - 1, j,
                                      _gap_limit(_row_line(stream, j, gap, height), height, widest, gap))
                               or _ruled_through(stream, j - 1, j, rules, cover)):
        line = stream[j][1]
        if _opens_table(line, gap) and _rows_above_on_page(stream, region, j, gap):
            j = _header_top(stream, region, j)
            break
        widened = _cover(cover, [line], gap)
        if _keeps(_gutters(cover), _gutters(widened)):
            members.append(line)
            cover = widened
        elif (j + 1 < len(stream) and _close(stream, j, j + 1, MAX_ROW_GAP * height)
              and _keeps(_gutters(cover), _gutters(_cover(cover, [stream[j + 1][1]], gap)))):
            region.spanning.add(j)
        else:
            break
        widest = max(widest, _gap(stream, j - 1, j))
        j += 1
    gutters = _gutters(cover)
    multi = sum(1 for line in members if len(split_columns(line, gap)) >= 2)
    if len(gutters) < MIN_COLUMNS - 1 or multi < 2:
        return None
    region.end, region.gutters = j, gutters
    end = None
    while end != region.end:  # title lines and a short paragraph may alternate after a table
        end = region.end
        while region.end - 1 in region.spanning:
            region.spanning.discard(region.end - 1)
            region.end -= 1
        _drop_text_after(stream, region, gap)
    region.gutters = _kept_gutters(stream, region, gap)
    return region


def _ruled_through(stream: Stream, above: int, below: int, rules: dict[int, list[Ruling]],
                   cover: Cover) -> bool:
    """Whether the table's rules bind two lines on one page however wide the gap between
    them (cell padding and paragraph spacing are set in points, not in the font's size):
    vertical rules run down through the whole gap inside two or more of its gutters, or a
    horizontal rule across the table lies right over the lower line, within a line's height
    of its top and above its middle (a row boundary; a line's box reaches above its letters,
    so the rule may cross the box's top). A table's closing rule lies further up, under its
    last row, with the spacing after the table between it and the next line."""
    (page_a, a), (page_b, b) = stream[above], stream[below]
    if page_a != page_b or not cover:
        return False
    found = rules.get(page_a, [])
    through = {k for r in found if not r.horizontal and r.top <= a.bottom and r.bottom >= b.top
               for k, (lo, hi) in enumerate(_gutters(cover)) if lo - 1 <= r.x0 <= hi + 1}
    over = (max(a.bottom, 2 * b.top - b.bottom), (b.top + b.bottom) / 2)
    return len(through) >= 2 or bool(_rule_heights(found, (cover[0][0], cover[-1][1]), *over))


def _kept_gutters(stream: Stream, region: _Region, gap: float) -> list[tuple[float, float]]:
    """The gutters of the lines the table kept: a title or paragraph after it, printed in
    its first column and dropped as text (the next annex's "PHỤ LỤC"), no longer narrows
    the first gutter (the next table's header above its first row would cross it)."""
    kept = [stream[k][1] for k in range(region.start, region.end) if k not in region.spanning]
    return _gutters(_cover([], kept, gap))


def _opens_table(line: Line, gap: float) -> bool:
    """A header line: its first cell names the code column ("STT") and another cell names
    a column too. Below a table's coded rows or a title across it on the same page (not
    the header Word repeats at a page top), it opens the next table, printed in the same
    columns after an annex title (`_rows_above_on_page`)."""
    pieces = split_columns(line, gap)
    return column_role(pieces[0].text) == "code" and any(column_role(p.text) for p in pieces[1:])


def _rows_above_on_page(stream: Stream, region: _Region, j: int, gap: float) -> bool:
    """Whether a line of the table above line j on j's page starts with a row code or
    prints across the table (an annex title): a header Word repeats at a page top, its
    lines staggered when centred, has neither above it."""
    k = j - 1
    while k >= region.start and stream[k][0] == stream[j][0]:
        if k in region.spanning or codes.is_code(split_columns(stream[k][1], gap)[0].text):
            return True
        k -= 1
    return False


def _header_top(stream: Stream, region: _Region, j: int) -> int:
    """The first line of the header whose code-column line is j: a centred header
    staggers its cells, so its taller cells' first lines print above j, each overlapping
    the line under it ("Chỉ số/chỉ số" over "STT | Đơn vị tính"); lines of a table's rows
    or of the text between two tables stand apart, with at least the line spacing."""
    while j - 1 > region.start and j - 1 not in region.spanning and _overlaps(stream, j - 1, j):
        j -= 1
    return j


def _overlaps(stream: Stream, above: int, below: int) -> bool:
    """Two lines on one page whose boxes overlap vertically."""
    return stream[above][0] == stream[below][0] and _gap(stream, above, below) < 0


def _drop_text_after(stream: Stream, region: _Region, gap: float) -> None:
    """A short paragraph after a table fits under its first column, which in these plans
    holds row codes (STT): trailing lines printed only there and not a code are text."""
    lines = [stream[k][1] for k in range(region.start, region.end)]
    first_column = [p.text for line in lines for p in split_columns(line, gap)[:1] if p.x1 < region.gutters[0][0] + 1]
    if sum(codes.is_code(text) for text in first_column) < 2:
        return
    while region.end - region.start > 2:
        pieces = split_columns(stream[region.end - 1][1], gap)
        if len(pieces) > 1 or pieces[0].x1 > region.gutters[0][0] + 1 or codes.is_code(pieces[0].text):
            break
        region.end -= 1


def _extend_up(stream: Stream, region: _Region, gap: float, floor: int,
               rules: dict[int, list[Ruling]]) -> _Region:
    """Header lines above the first line of three cell texts (a header whose short cells
    are centred vertically prints only its long ones on its first line) join the table
    when they keep its gutters and print at least two cell texts, or sit above a rule
    drawn between rows (`_ruled_gap`)."""
    cover = _cover([], [stream[k][1] for k in range(region.start, region.end) if k not in region.spanning], gap)
    height = stream[region.start][1].bottom - stream[region.start][1].top
    first = region.start
    while region.start - 1 >= floor and _close(stream, region.start - 1, region.start, MAX_ROW_GAP * height):
        line = stream[region.start - 1][1]
        widened = _cover(cover, [line], gap)
        tight = _tight(stream, region.start - 1, region.start, height)
        keeps = _keeps(region.gutters, _gutters(widened)) or _clear_of(line, region.gutters)
        span = (cover[0][0], cover[-1][1])
        ruled = (_ruled_gap(stream, region.start - 1, region.start, rules, span)
                 and not _box_top(stream, region.start - 1, region.start, rules, span))
        if len(split_columns(line, gap)) < 2 and not (tight or ruled) or not keeps:
            break
        cover = widened
        region.start -= 1
    # one-piece lines set tight under a line that crosses the table are the end of the
    # paragraph above it (an annex note whose last words wrapped onto a short line), not header
    while (region.start < first and len(split_columns(stream[region.start][1], gap)) < 2
           and region.start > 0 and _tight(stream, region.start - 1, region.start, height)):
        region.start += 1
    return region


def _ruled_gap(stream: Stream, above: int, below: int, rules: dict[int, list[Ruling]],
               span: tuple[float, float]) -> bool:
    """Whether a horizontal rule runs across most of the table's width in the gap between
    two lines on one page, or under the last line of a page the table runs over from: a row
    boundary, so the line above is the table's last row above it even when it prints one
    cell text (cells centred vertically print their short texts on one line each, and a
    table whose first rows are all such lines, or that starts at a page foot, has no line of
    three cell texts until further down)."""
    (page_a, a), (page_b, b) = stream[above], stream[below]
    if page_b not in (page_a, page_a + 1):
        return False
    return bool(_rule_heights(rules.get(page_a, []), span, a.bottom, b.top if page_b == page_a else float("inf")))


def _box_top(stream: Stream, above: int, below: int, rules: dict[int, list[Ruling]],
             span: tuple[float, float]) -> bool:
    """Whether the rules across the gap between two lines on one page are the top sides of
    a ruled box (a ruled or shaded header): vertical rules start at them going down, and none
    crosses them or ends at them from above (as at the rule between two rows of a table drawn
    row by row, whose rows are one table). The table starts under such a rule; the line above
    it is not a row (the last line of the annex title over the table)."""
    (page_a, a), (page_b, b) = stream[above], stream[below]
    if page_a != page_b:
        return False
    found = rules.get(page_a, [])
    line = b.bottom - b.top
    side = 4 * line  # a box's sides stand off the text by the cell padding
    # a side runs down past a line of text; the stubs a browser draws where two borders join
    # (a point tall) are not sides
    down = [r for r in found if not r.horizontal and span[0] - side <= r.x0 <= span[1] + side
            and r.bottom - r.top >= line]
    heights = _rule_heights(found, span, a.bottom, b.top)
    return bool(heights) and all(
        any(abs(r.top - y) <= 1 for r in down) and not any(r.top < y - 1 and r.bottom > y - 1 for r in down)
        for y in heights)


def _rule_heights(rules: list[Ruling], span: tuple[float, float], low: float, high: float) -> list[float]:
    """The heights between low and high at which horizontal rulings cover at least half of
    the x-range `span`, sorted. Rules drawn per cell (a CSS border, a Word table style) come
    in pieces, one per cell, so the pieces at one height are joined (overlaps counted once)."""
    pieces: dict[int, list[Ruling]] = {}
    for r in rules:
        if r.horizontal and low <= r.top <= high:
            pieces.setdefault(round(r.top), []).append(r)
    return sorted(found[0].top for found in pieces.values()
                  if _covered(found, span) >= 0.5 * (span[1] - span[0]))


def _covered(rules: list[Ruling], span: tuple[float, float]) -> float:
    """How much of the x-range `span` the rulings cover together."""
    total, reach = 0.0, span[0]
    for r in sorted(rules, key=lambda r: r.x0):
        x0, x1 = max(r.x0, reach), min(r.x1, span[1])
        if x1 > x0:
            total += x1 - x0
            reach = x1
    return total
