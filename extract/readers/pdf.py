"""PDF reader on pdfplumber: text lines in reading order, tables with merged cells as spans.

Tables come from ruling lines (pdfplumber's cells; a merged cell is one big rectangle,
its span is how many grid lines it crosses) and, where a table is printed without
rules, from the alignment of words into columns (`extract.readers.pdf_stream`). A table
that runs on over a page break is joined to its first part, with the repeated header
row dropped; a row the break cut goes on in the same cells. Page numbers
and running headers/footers are left out; text outside tables is joined into
paragraphs (a line that wraps because the next word did not fit continues the line
above). Every word is passed through the legacy-encoding repair (TCVN3 / VNI fonts).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from extract.model import Cell, Document, Provenance, ReaderError, Table, TableRow, TextBlock
from extract.readers.pdf_layout import GridCell, Line, PageTable, Word, group_lines, paragraphs, split_columns
from extract.readers.pdf_stream import borderless_tables
from normalize.encodings import detect_legacy, font_encoding, to_unicode
from normalize.text import fold, nfc

SNAP = 2.0  # pt: grid lines closer than this are the same line
MARGIN_BAND = 0.08  # share of the page height where running headers/footers live
FOOTER_BAND = 0.12  # a page number may sit this high (landscape A4 footers: 8% from the foot)
_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d{1,4})?$", re.IGNORECASE)


def read_pdf(path: Path) -> Document:
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head:
        raise ReaderError("the file is empty")
    if b"%PDF" not in head:
        raise ReaderError("not a PDF file (no %PDF header)")
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as err:  # pdfminer raises many types for the same "cannot open"
        raise ReaderError(_open_error(err)) from None
    try:
        with pdf:
            pages = _read_pages(pdf)
        _drop_furniture(pages)
        _find_borderless(pages)
    except ReaderError:
        raise
    except Exception as err:
        raise ReaderError(f"damaged PDF ({type(err).__name__}: {str(err)[:80]})") from None
    return _assemble(path, pages, len(pdf.pages))


def _open_error(err: Exception) -> str:
    # pdfplumber wraps pdfminer's PDFPasswordIncorrect in a PdfminerException
    name = " ".join(type(x).__name__ for x in (err, *err.args) if x is not None)
    if "Password" in name or "Encrypt" in name:
        return "the PDF is encrypted (password-protected); save an unprotected copy"
    return f"damaged PDF ({name}: {str(err)[:80]})"


@dataclass
class _Page:
    number: int
    height: float
    lines: list[Line]  # text outside tables
    tables: list[PageTable]


def _read_pages(pdf) -> list[_Page]:
    pages = []
    raw_words = []
    for number, page in enumerate(pdf.pages, start=1):
        # Not split at font changes: a substitute font often supplies only the accented letters.
        words = page.extract_words(return_chars=True)
        for word in words:
            chars = word.pop("chars", None) or [{}]
            word["fontname"] = chars[0].get("fontname")
        raw_words.append(words)
    if not any(raw_words):
        raise ReaderError("the PDF has no text layer (scanned images only); run OCR first")
    fallback = _document_encoding(raw_words)
    for number, (page, words) in enumerate(zip(pdf.pages, raw_words), start=1):
        converted = [_convert_word(w, fallback) for w in words]
        pages.append(_read_page(page, number, converted))
    return pages


def _document_encoding(raw_words: list[list[dict]]) -> str | None:
    """A legacy encoding for text whose font name does not say it (embedded under another
    name, or a substitute font): detected from the characters of the whole document."""
    sample = " ".join(w["text"] for words in raw_words for w in words if not font_encoding(w.get("fontname")))
    return detect_legacy(sample)


def _convert_word(word: dict, fallback: str | None) -> Word:
    text = word["text"]
    encoding = font_encoding(word.get("fontname")) or fallback
    text = to_unicode(text, encoding) if encoding else nfc(text)
    return Word(text=text, x0=word["x0"], x1=word["x1"], top=word["top"], bottom=word["bottom"])


def _read_page(page, number: int, words: list[Word]) -> _Page:
    tables = [t for t in (_ruled_table(page, number, found) for found in page.find_tables()) if t]
    in_table = [False] * len(words)
    for table in tables:
        _fill_cells(table, words, in_table)
    for table in tables:
        _take_cut_row(table, words, in_table, float(page.height))
    rest = [w for w, used in zip(words, in_table) if not used]
    return _Page(number=number, height=float(page.height), lines=group_lines(rest), tables=tables)


def _find_borderless(pages: list[_Page]) -> None:
    """Tables without rules, found over the whole text stream (page furniture already out)
    so that one running over a page break is seen as one."""
    stream = [(page.number, line) for page in pages for line in page.lines]
    tables, kept = borderless_tables(stream)
    for page in pages:
        page.lines = [line for number, line in kept if number == page.number]
        page.tables.extend(t for t in tables if t.page == page.number)


# --- ruled tables -----------------------------------------------------------------

def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > SNAP:
            out.append(value)
    return out


def _index(grid: list[float], value: float) -> int:
    return min(range(len(grid)), key=lambda i: abs(grid[i] - value))


def _ruled_table(page, number: int, found) -> PageTable | None:
    boxes = [c for c in found.cells if c[2] - c[0] > 1 and c[3] - c[1] > 1]
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


def _fill_cells(table: PageTable, words: list[Word], used: list[bool]) -> None:
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


def _take_cut_row(table: PageTable, words: list[Word], used: list[bool], page_height: float) -> None:
    """All the text under a ruled table down to the page's end (a page number aside),
    inside the table's columns, is the row the page break cut when that row's rules were
    not drawn on this page (browsers print a cut row without its bottom border): it
    becomes the table's last row. Text after the table crosses its column edges or
    leaves a gap."""
    footer = page_height * (1 - FOOTER_BAND)
    lines = [line for line in group_lines([w for w, u in zip(words, used) if not u and w.top >= table.bottom - 1])
             if not (line.top > footer and _PAGE_NUMBER.match(line.text))]
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


# --- pages to document ---------------------------------------------------------------

def _drop_furniture(pages: list[_Page]) -> None:
    """Page furniture leaves the text: a page number alone in the top/bottom band, or text
    repeated in the same band on several pages (digits ignored). A line printed as three
    or more separate pieces is the header row of a borderless table repeated per page."""
    furniture: set[int] = set()
    seen: dict[str, list[int]] = {}
    for page in pages:
        band = page.height * MARGIN_BAND
        for line in page.lines:
            if line.top > band and line.bottom < page.height - band:
                continue
            if _PAGE_NUMBER.match(line.text.strip()):
                furniture.add(id(line))
            elif len(split_columns(line)) < 3:
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
    items = _join_continued_tables(items)

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
            doc.blocks.append(_to_table(item, doc.lines))
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


@dataclass
class _Joined:
    """A table possibly spanning pages: its page parts in order."""

    parts: list[PageTable]


def _join_continued_tables(items: list) -> list:
    """A table that is the last thing on its page, followed by a table that is the first
    thing on the next page with the same column edges, is one table."""
    out: list = []
    for page, top, item in items:
        if isinstance(item, PageTable):
            previous = out[-1][2] if out else None
            if (isinstance(previous, _Joined) and previous.parts[-1].page == page - 1
                    and _same_columns(previous.parts[-1].xs, item.xs)):
                previous.parts.append(item)
                continue
            out.append((page, top, _Joined([item])))
        else:
            out.append((page, top, item))
    return out


def _same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 3 * SNAP for x, y in zip(a, b))


def _to_table(joined: _Joined, lines: list[str]) -> Table:
    rows: list[TableRow] = []
    header_keys: list[str] = []
    open_cells: dict[int, tuple[Cell, int]] = {}  # col -> (cell, last row index it covers)
    for part_no, part in enumerate(joined.parts):
        part_rows = _rows_of(part)
        if part_no == 0:
            header_keys = [_row_key(r) for r in part_rows[:2]]
        else:
            while part_rows and _row_key(part_rows[0]) in header_keys:
                part_rows = part_rows[1:]  # the header Word repeats on each page
            split = part.continues_row if part.continues_row is not None else part_rows and _is_split_row(part_rows[0])
            if part_rows and rows and split:
                _append_split_row(rows[-1], part_rows.pop(0), open_cells, lines)
        for r, grid_cells in enumerate(part_rows):
            cells: list[Cell] = []
            row_index = len(rows)
            row_line = None
            expected = 0
            for gc in grid_cells:
                for col in range(expected, gc.col):
                    covering = open_cells.get(col)
                    if covering is None or covering[1] < row_index:
                        # no rules enclose this position and no cell above spans it: the
                        # rest of a merged cell whose rules the page break left undrawn
                        cells.append(Cell(text="", prov=Provenance(line=max(len(lines), 1), page=part.page),
                                          may_continue_above=True))
                expected = gc.col + gc.col_span
                text = "\n".join(gc.lines)
                carried = open_cells.get(gc.col)
                if (part_no > 0 and r == 0 and not text and carried and carried[0].text
                        and carried[0].row_span > 1 and carried[1] == row_index - 1
                        and carried[0].col_span == gc.col_span):
                    # a merged cell cut by the page break goes on below it, printed empty
                    # (only a cell already merged over rows: a one-row cell above an empty
                    # one is two cells)
                    carried[0].row_span += gc.row_span
                    open_cells[gc.col] = (carried[0], row_index + gc.row_span - 1)
                    continue
                for line in gc.lines:
                    lines.append(line)
                line_no = len(lines) - len(gc.lines) + 1 if gc.lines else max(len(lines), 1)
                if row_line is None and gc.lines:
                    row_line = line_no
                cell = Cell(text=text, prov=Provenance(line=line_no, page=part.page),
                            row_span=gc.row_span, col_span=gc.col_span,
                            may_continue_above=bool(part_no > 0 and r == 0 and not text and carried
                                                    and carried[0].text and carried[1] == row_index - 1))
                cells.append(cell)
                open_cells[gc.col] = (cell, row_index + gc.row_span - 1)
            if cells:
                rows.append(TableRow(cells=cells, prov=Provenance(line=row_line or max(len(lines), 1),
                                                                  page=part.page)))
    rows = _drop_blank_rows(rows)
    first = joined.parts[0]
    prov = rows[0].prov if rows else Provenance(line=max(len(lines), 1), page=first.page)
    # Borderless tables do not show where a cell is merged down: their rows are positional
    # but a merged cell appears in one row only, so spans are not known there.
    ruled = all(p.ruled for p in joined.parts)
    return Table(rows=rows, prov=prov, spans_known=ruled, merges_unmarked=not ruled)


def _drop_blank_rows(rows: list[TableRow]) -> list[TableRow]:
    """Rows with no text at all (a spacer, the empty rest of a row at a page top) carry
    nothing; cells merged down over them span one row less."""
    keep: list[TableRow] = []
    for index, row in enumerate(rows):
        if any(c.text.strip() for c in row.cells):
            keep.append(row)
            continue
        for start, above in enumerate(rows[:index]):
            for cell in above.cells:
                if start + cell.row_span > index:
                    cell.row_span -= 1
    return keep


def _is_split_row(cells: list[GridCell]) -> bool:
    """A row Word let break across the page: its rest starts the next page with nothing in
    the first column (the STT was printed above the break). A row without a code whose
    cells start afresh, three or more with a capital, is a new row (an indicator's
    sub-row with its own agencies)."""
    first = next((c for c in cells if c.col == 0), None)
    fresh = sum(1 for c in cells if c.lines and c.lines[0][:1].isupper())
    return (first is None or not any(first.lines)) and fresh < 3


def _append_split_row(row: TableRow, rest: list[GridCell], open_cells: dict, lines: list[str]) -> None:
    """The text below the page break goes on the end of the same cells above it."""
    for gc in rest:
        if not gc.lines:
            continue
        carried = open_cells.get(gc.col)
        if carried is None:
            continue
        cell = carried[0]
        lines.extend(gc.lines)
        cell.text = "\n".join(filter(None, [cell.text, *gc.lines]))


def _rows_of(part: PageTable) -> list[list[GridCell]]:
    by_row: dict[int, list[GridCell]] = {}
    for cell in part.cells:
        by_row.setdefault(cell.row, []).append(cell)
    return [sorted(by_row[r], key=lambda c: c.col) for r in sorted(by_row)]


def _row_key(cells: list[GridCell]) -> str:
    return "|".join(fold(" ".join(c.lines)) for c in cells)
