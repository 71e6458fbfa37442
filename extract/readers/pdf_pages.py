"""The seam between reading a PDF page and understanding it: words with boxes and ruling
segments in, a Document out.

`PageInput` is everything the reconstruction uses of a page; the text-layer reader
(`extract.readers.pdf`) builds it from pdfplumber, a scanned-page reader from OCR words
and the rules it finds on the image. `document_from_pages` does the rest: tables from
rules and from how words line up, page furniture out, tables joined over page breaks,
body lines joined into paragraphs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from extract import codes
from extract.model import Document, Provenance, TextBlock
from extract.readers.pdf_join import join_continued_tables, to_table
from extract.readers.pdf_layout import GridCell, Line, PageTable, Ruling, Word, group_lines, paragraphs, split_columns
from extract.readers.pdf_ruled import (MARGIN_BAND, PAGE_NUMBER, fill_cells, reach_past_page_edge, ruled_tables,
                                       take_cut_row)
from extract.readers.pdf_stream import borderless_tables
from normalize.text import fold

__all__ = ["PageInput", "Ruling", "Word", "document_from_pages"]


@dataclass
class PageInput:
    """One page as the reconstruction sees it (points, origin top-left)."""

    number: int  # 1-based
    width: float
    height: float
    words: list[Word]
    rulings: list[Ruling] = field(default_factory=list)


@dataclass
class _Page:
    number: int
    height: float
    lines: list[Line]  # text outside tables
    tables: list[PageTable]
    rules: list[Ruling] = field(default_factory=list)  # rulings outside ruled tables


def document_from_pages(path: Path | str, pages: list[PageInput],
                        warnings: list | None = None) -> Document:
    """Pages of words and rules to a Document; `warnings` ((code, message, provenance))
    are the reader's, carried into the Document."""
    read = [_read_page(page) for page in pages]
    _drop_furniture(read)
    _find_borderless(read)
    doc = _assemble(Path(path), read, len(pages))
    doc.warnings.extend(warnings or [])
    return doc


def _read_page(page: PageInput) -> _Page:
    """A page's ruled tables filled with their words; the other words as lines."""
    words = page.words
    tables = ruled_tables(page.number, page.rulings)
    tables = [t for t in tables if not _rows_unruled(t, tables, words, page.rulings)]
    in_table = [False] * len(words)
    for table in tables:
        reach_past_page_edge(table, words, float(page.width))
        fill_cells(table, words, in_table)
    for table in tables:
        take_cut_row(table, words, in_table, float(page.height))
    rest = [w for w, used in zip(words, in_table) if not used]
    rules = [r for r in page.rulings if not any(t.top - 1 <= r.top <= t.bottom + 1 for t in tables)]
    return _Page(number=page.number, height=float(page.height), lines=group_lines(rest), tables=tables, rules=rules)


def _rows_unruled(table: PageTable, tables: list[PageTable], words: list[Word], rulings: list[Ruling]) -> bool:
    """A grid whose rules do not part the rows: one ruled cell holding two or more lines
    that start with a row code under the first column (an outer frame, vertical rules
    only, a shaded header over a framed body), or one ruled row right over such lines
    printing in two or more of its columns (a ruled or shaded header over an unruled
    body), or over lines that keep inside its columns (`_inside_columns`). Its rows are
    read from how the words line up, with the other unruled tables."""
    for cell in table.cells:
        x0, top, x1, bottom = cell.bbox
        inside = [w for w in words if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom]
        if _coded_lines(table, group_lines(inside)) >= 2 or _framed_text(table, cell, inside):
            return True
    if _header_fragment(table, tables, words, rulings):
        return True
    if any(c.row > 0 for c in table.cells):
        return False
    body = _lines_below(table, tables, words, table.xs[0], table.xs[-1], rulings)
    columns = {_column(table, w) for line in body for w in line.words}
    return len(columns) >= 2 and _coded_lines(table, body) >= 2 or _inside_columns(table, body)


def _framed_text(table: PageTable, cell: GridCell, inside: list[Word]) -> bool:
    """A "cell" under the header spanning all its columns whose text keeps inside the
    header's columns, away from the first or in two or more of them: no row merged over
    the width (a title starts at its left, or runs across the columns) but an outer frame
    round unruled rows: the rest of a row the page break cut, one column's text going on,
    maybe with the table's last rows under it."""
    columns = {_column(table, w) for w in inside}
    return (cell.row > 0 and cell.col_span == len(table.xs) - 1 >= 3 and bool(inside)
            and not any(w.x0 < x < w.x1 for w in inside for x in table.xs[1:-1])
            and (0 not in columns or len(columns) >= 2))


def _inside_columns(table: PageTable, body: list[Line]) -> bool:
    """Lines under a one-row grid of three or more columns that keep inside its columns
    (no word across a column edge): the rows of a table whose header alone is ruled or
    shaded, even where they hold fewer than two row codes (the header repeated over the
    rest of a cut row, maybe one cell's last words, and the table's last row). Text after
    a ruled box runs across it."""
    return len(table.xs) >= 4 and bool(body) and not any(
        w.x0 < x < w.x1 for line in body for w in line.words for x in table.xs[1:-1])


def _header_fragment(table: PageTable, tables: list[PageTable], words: list[Word], rulings: list[Ruling]) -> bool:
    """A grid of one or two rows ruling only part of a header (a parent cell over its
    children, "Kết quả" over "Điểm | Ghi chú", where the header cells merged down beside
    it are left unruled) right over lines that start with a row code left of it, or
    beside two or more cell texts printed level with it (the header repeated on a page
    with no row under it): it is part of the header of an unruled table and is
    read with that table."""
    if any(c.row > 1 for c in table.cells):
        return False
    body = _lines_below(table, tables, words, float("-inf"), table.xs[-1], rulings)
    coded = [line for line in body if line.words[0].x1 <= table.xs[0] and codes.is_code(line.words[0].text)]
    # the header cells merged down beside it print level with its first row, or lower
    # down beside its second where they wrap in narrow columns (a table fitted to A5)
    beside = group_lines([w for w in words if w.x1 <= table.xs[0] and table.top <= (w.top + w.bottom) / 2 <= table.bottom])
    return len(coded) >= 2 or any(len(split_columns(line)) >= 2 for line in beside)


def _lines_below(table: PageTable, tables: list[PageTable], words: list[Word], x0: float, x1: float,
                 rulings: list[Ruling]) -> list[Line]:
    """The lines right under a grid between x0 and x1 (not in another grid), up to the first
    gap of two line heights that no rule across the grid parts (`_ruled_row_between`).
    A word is under the grid when its middle is: a line's box reaches above its letters,
    so the first body line's top may cross the grid's foot rule (a small font set in a
    taller line spacing, as a table fitted to a small page prints it)."""
    inside = [w for w in words if (w.top + w.bottom) / 2 >= table.bottom and x0 <= w.x0 and w.x1 <= x1
              and not any(t.top <= w.top <= t.bottom for t in tables if t is not table)]
    body: list[Line] = []
    for line in group_lines(inside):
        above = body[-1].bottom if body else table.bottom
        if line.top - above > 2 * (line.bottom - line.top) and not _ruled_row_between(table, rulings, above, line):
            break
        body.append(line)
    return body


def _ruled_row_between(table: PageTable, rulings: list[Ruling], above: float, line: Line) -> bool:
    """Whether a horizontal rule across the grid's width lies below `above` (a grid's foot
    or a line's) and above the line's middle: the gap is a ruled row left empty (the rest
    of a row the page break cut, holding only its paragraph spacing), not the end of the
    table. A line's box reaches above its letters, so the rule may cross its top."""
    width = table.xs[-1] - table.xs[0]
    return any(r.horizontal and above + 1 < r.top < (line.top + line.bottom) / 2
               and min(r.x1, table.xs[-1]) - max(r.x0, table.xs[0]) >= 0.9 * width for r in rulings)


def _coded_lines(table: PageTable, lines: list[Line]) -> int:
    """Lines starting with a row code in the table's first column."""
    return sum(1 for line in lines if _column(table, line.words[0]) == 0 and codes.is_code(line.words[0].text))


def _column(table: PageTable, word: Word) -> int:
    return sum(1 for x in table.xs[1:-1] if x < (word.x0 + word.x1) / 2)


def _find_borderless(pages: list[_Page]) -> None:
    """Tables without rules, found over the whole text stream (page furniture already out)
    so that one running over a page break is seen as one."""
    stream = [(page.number, line) for page in pages for line in page.lines]
    tables, kept = borderless_tables(stream, {page.number: page.rules for page in pages})
    for page in pages:
        page.lines = [line for number, line in kept if number == page.number]
        page.tables.extend(t for t in tables if t.page == page.number)


def _drop_furniture(pages: list[_Page]) -> None:
    """Page furniture leaves the text: a page number alone in the top/bottom band, or text
    repeated in the same band on several pages (digits ignored). A line printed as three
    or more separate pieces, or set tight over the next line, is the header row of a
    borderless table repeated per page (a centred header staggers its cells' lines, the
    first of them may print one cell); running headers stand apart from the text."""
    furniture: set[int] = set()
    seen: dict[str, list[int]] = {}
    for page in pages:
        band = page.height * MARGIN_BAND
        for line, below in zip(page.lines, [*page.lines[1:], None]):
            if line.top > band and line.bottom < page.height - band:
                continue
            pieces = len(split_columns(line))
            tight = below is not None and below.top - line.bottom < 0.5 * (line.bottom - line.top)
            if PAGE_NUMBER.match(line.text.strip()):
                furniture.add(id(line))
            elif pieces < 3 and not tight:
                key = re.sub(r"\d+", "#", fold(line.text))
                seen.setdefault(key, []).append(id(line))
    for ids in seen.values():
        if len(ids) >= 3:
            furniture.update(ids)
    for page in pages:
        page.lines = [line for line in page.lines if id(line) not in furniture]


def _assemble(path: Path, pages: list[_Page], page_count: int) -> Document:
    items: list[tuple[int, float, object]] = []  # (page, top, line | table)
    for page in pages:
        for line in page.lines:
            items.append((page.number, line.top, line))
        for table in page.tables:
            items.append((page.number, table.top, table))
    items.sort(key=lambda it: (it[0], it[1]))
    items = join_continued_tables(items)

    doc = Document(path=str(path), format="pdf", blocks=[], pages=page_count)
    right_limits = {page.number: max((l.x1 for l in page.lines), default=0.0) for page in pages}
    pending: list[Line] = []
    pending_page = 0

    def flush() -> None:
        for text in _paragraphs_split(pending, right_limits.get(pending_page, 0.0)):
            doc.lines.append(text)
            doc.blocks.append(TextBlock(text=text, prov=Provenance(line=len(doc.lines), page=pending_page)))
        pending.clear()

    for page_number, _, item in items:
        if isinstance(item, Line):
            if pending and page_number != pending_page:
                flush()
            pending_page = page_number
            pending.append(item)
        else:
            flush()
            doc.blocks.append(to_table(item, doc.lines))
    flush()
    return doc


def _paragraphs_split(lines: list[Line], right_limit: float) -> list[str]:
    """Body lines to paragraphs; a line printed as side-by-side pieces stays apart."""
    out: list[str] = []
    run: list[Line] = []
    for line in lines:
        pieces = split_columns(line)
        if len(pieces) > 1:
            out.extend(paragraphs(run, right_limit))
            run = []
            out.extend(p.text for p in pieces)
        else:
            run.append(line)
    out.extend(paragraphs(run, right_limit))
    return out


