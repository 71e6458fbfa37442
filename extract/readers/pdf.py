"""PDF reader on pdfplumber: text lines in reading order, tables with merged cells as spans.

Tables come from ruling lines (pdfplumber's cells; a merged cell is one big rectangle,
its span is how many grid lines it crosses) and, where a page prints a table without
rules, from the alignment of words into columns. A table that runs on over a page
break is joined to its first part, with the repeated header row dropped. Page numbers
and running headers/footers are left out; text outside tables is joined into
paragraphs (a line that wraps because the next word did not fit continues the line
above). Every word is passed through the legacy-encoding repair (TCVN3 / VNI fonts).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

from extract.model import Cell, Document, Provenance, ReaderError, Table, TableRow, TextBlock
from normalize.encodings import detect_legacy, font_encoding, to_unicode
from normalize.text import fold, nfc

SNAP = 2.0  # pt: grid lines closer than this are the same line
LINE_TOLERANCE = 3.0  # pt: words whose tops differ less sit on one line
MARGIN_BAND = 0.08  # share of the page height where running headers/footers live
COLUMN_GAP = 12.0  # pt: a gap this wide between words on a line separates two columns
_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d{1,4})?$", re.IGNORECASE)


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class _Line:
    words: list[_Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


@dataclass
class _GridCell:
    bbox: tuple[float, float, float, float]
    row: int
    col: int
    row_span: int
    col_span: int
    lines: list[str] = field(default_factory=list)


@dataclass
class _PageTable:
    """A table found on one page, before joining: its cells on a grid and its column edges."""

    page: int
    top: float
    bottom: float
    xs: list[float]
    cells: list[_GridCell]
    ruled: bool


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
    lines: list[_Line]  # text outside tables, running headers/footers still in
    tables: list[_PageTable]


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


def _convert_word(word: dict, fallback: str | None) -> _Word:
    text = word["text"]
    encoding = font_encoding(word.get("fontname")) or fallback
    text = to_unicode(text, encoding) if encoding else nfc(text)
    return _Word(text=text, x0=word["x0"], x1=word["x1"], top=word["top"], bottom=word["bottom"])


def _read_page(page, number: int, words: list[_Word]) -> _Page:
    tables = [t for t in (_ruled_table(page, number, found) for found in page.find_tables()) if t]
    in_table = [False] * len(words)
    for table in tables:
        _fill_cells(table, words, in_table)
    rest = [w for w, used in zip(words, in_table) if not used]
    lines = _group_lines(rest)
    borderless, lines = _borderless_tables(lines, number)
    tables.extend(borderless)
    return _Page(number=number, height=float(page.height), lines=lines, tables=tables)


# --- ruled tables -----------------------------------------------------------------

def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > SNAP:
            out.append(value)
    return out


def _index(grid: list[float], value: float) -> int:
    return min(range(len(grid)), key=lambda i: abs(grid[i] - value))


def _ruled_table(page, number: int, found) -> _PageTable | None:
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
        cells.append(_GridCell(bbox=(x0, top, x1, bottom), row=row, col=col,
                               row_span=max(1, row_end - row), col_span=max(1, col_end - col)))
    return _PageTable(page=number, top=ys[0], bottom=ys[-1], xs=xs, cells=cells, ruled=True)


def _fill_cells(table: _PageTable, words: list[_Word], used: list[bool]) -> None:
    """Each word goes to the cell holding its centre; each cell's words become its lines."""
    buckets: dict[int, list[_Word]] = {}
    for i, word in enumerate(words):
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        for k, cell in enumerate(table.cells):
            x0, top, x1, bottom = cell.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                buckets.setdefault(k, []).append(word)
                used[i] = True
                break
    for k, cell in enumerate(table.cells):
        lines = _group_lines(buckets.get(k, []))
        pad = min((line.x0 for line in lines), default=cell.bbox[0]) - cell.bbox[0]
        cell.lines = _paragraphs(lines, right_limit=cell.bbox[2] - max(pad, 0.0))


# --- lines and paragraphs ---------------------------------------------------------

def _group_lines(words: list[_Word]) -> list[_Line]:
    """Words on one baseline form a line, left to right; lines top to bottom."""
    lines: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(lines[-1][0].top - word.top) <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [_Line(sorted(ws, key=lambda w: w.x0)) for ws in lines]


def _split_columns(line: _Line) -> list[_Line]:
    """A printed line with a wide gap is two things side by side (the header block's
    'Số: 12/KH-UBND' and 'Gia Lai, ngày ...'), kept apart."""
    parts = [[line.words[0]]]
    for word in line.words[1:]:
        if word.x0 - parts[-1][-1].x1 > COLUMN_GAP:
            parts.append([word])
        else:
            parts[-1].append(word)
    return [_Line(p) for p in parts]


def _paragraphs(lines: list[_Line], right_limit: float) -> list[str]:
    """Visual lines joined where the text wrapped: the next line's first word would not
    have fitted at the end of this one, so the writer did not break the line there."""
    out: list[str] = []
    previous: _Line | None = None
    for line in lines:
        if previous is not None and _wrapped(previous, line, right_limit):
            tight = _tight_join(out[-1], previous, line, right_limit)
            out[-1] += ("" if tight else " ") + line.text
        else:
            out.append(line.text)
        previous = line
    return out


def _tight_join(text: str, previous: _Line, line: _Line, right_limit: float) -> bool:
    """Wrapped lines that join without a space: a break after a hyphen or slash inside a
    word ("5405/QĐ-" + "BKHCN"), or before punctuation or a sign ("đa" + ";", "(c" + "+d)").
    A word cut because it is wider than a narrow cell ("lệ/99%*Đi" + "ểm") cannot be told
    from a break at a space by geometry alone; it gets a space (a wrong space costs less
    than a missing one)."""
    return bool(re.search(r"\w[-/]$", text) or re.match(r"[;:,)%]|[-+][\w(]", line.text))


def _wrapped(previous: _Line, line: _Line, right_limit: float) -> bool:
    first = line.words[0]
    space = max((first.x1 - first.x0) / max(len(first.text), 1) * 0.5, 2.0)
    close = line.top - previous.bottom < (previous.bottom - previous.top) * 0.9
    return close and previous.x1 + space + (first.x1 - first.x0) > right_limit - 1.0


# --- borderless tables --------------------------------------------------------------

def _borderless_tables(lines: list[_Line], number: int) -> tuple[list[_PageTable], list[_Line]]:
    """Tables printed without rules: runs of lines whose pieces (split at wide gaps) line up
    in at least three columns. Two-column layouts (the header block, the signature block)
    are left as text."""
    tables: list[_PageTable] = []
    keep: list[_Line] = []
    i = 0
    while i < len(lines):
        end = _aligned_run(lines, i)
        if end is None:
            keep.append(lines[i])
            i += 1
            continue
        table = _table_from_aligned(lines[i:end], number)
        if table is None:
            keep.append(lines[i])
            i += 1
            continue
        tables.append(table)
        i = end
    return tables, keep


def _aligned_run(lines: list[_Line], start: int) -> int | None:
    """End (exclusive) of a table-like run starting at `start`, or None: the start line
    has ≥3 pieces, and the run goes on while lines keep ≥2 pieces or are wrapped cell
    text inside the column span, and the vertical gap stays small."""
    if len(_split_columns(lines[start])) < 3:
        return None
    height = lines[start].bottom - lines[start].top
    end = start + 1
    multi = 1
    while end < len(lines):
        gap = lines[end].top - lines[end - 1].bottom
        if gap > max(height * 2.5, 18.0):
            break
        if len(_split_columns(lines[end])) >= 2:
            multi += 1
        elif lines[end].x0 < lines[start].x0 - 3 * SNAP:
            break  # a body line starting left of the table
        end += 1
    if multi < 3:
        return None
    # a one-piece line after the table that runs across a column boundary is the next
    # paragraph of body text, not wrapped cell text
    edges = _column_edges([p for line in lines[start:end] if len(_split_columns(line)) >= 2
                           for p in _split_columns(line)])
    while end - 1 > start and len(_split_columns(lines[end - 1])) == 1 and any(
            lines[end - 1].x0 < e < lines[end - 1].x1 for e in edges[1:-1]):
        end -= 1
    return end


def _table_from_aligned(lines: list[_Line], number: int) -> _PageTable | None:
    pieces = [p for line in lines for p in _split_columns(line)]
    edges = _column_edges(pieces)
    if len(edges) < 4:
        return None
    xs = edges
    rows: list[list[list[_Line]]] = []
    starts = [_starts_row(line, xs) for line in lines]
    for line, starts_row in zip(lines, starts):
        if not rows or starts_row:
            rows.append([[] for _ in range(len(xs) - 1)])
        for piece in _split_columns(line):
            col = _column_of(piece, xs)
            rows[-1][col].append(piece)
    cells = []
    y = [lines[0].top]
    for r, row in enumerate(rows):
        for c, col_lines in enumerate(row):
            flat = sorted((l for l in col_lines), key=lambda l: l.top)
            text_lines = _paragraphs(flat, right_limit=xs[c + 1] - COLUMN_GAP / 2)
            top = min((l.top for l in flat), default=y[-1])
            cells.append(_GridCell(bbox=(xs[c], top, xs[c + 1], top), row=r, col=c,
                                   row_span=1, col_span=1, lines=text_lines))
    return _PageTable(page=number, top=lines[0].top, bottom=lines[-1].bottom, xs=xs,
                      cells=cells, ruled=False)


def _column_edges(pieces: list[_Line]) -> list[float]:
    """Column boundaries: the x positions no piece covers, found from the union of the
    pieces' spans (words of one column overlap, columns are separated by white space)."""
    spans = sorted((p.x0, p.x1) for p in pieces)
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1] + SNAP:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    if len(merged) < 3:
        return []
    edges = [merged[0][0] - 1]
    for left, right in zip(merged, merged[1:]):
        edges.append((left[1] + right[0]) / 2)
    edges.append(merged[-1][1] + 1)
    return edges


def _column_of(piece: _Line, xs: list[float]) -> int:
    centre = piece.x0 + 1
    for c in range(len(xs) - 1):
        if xs[c] <= centre < xs[c + 1]:
            return c
    return len(xs) - 2


def _starts_row(line: _Line, xs: list[float]) -> bool:
    """A borderless row starts where the first column (STT) prints something."""
    return any(_column_of(p, xs) == 0 for p in _split_columns(line))


# --- pages to document ---------------------------------------------------------------

def _running_lines(pages: list[_Page]) -> set[int]:
    """ids of lines that are page furniture: a page number alone in the top/bottom band,
    or text repeated in the same band on several pages (digits ignored)."""
    furniture: set[int] = set()
    seen: dict[str, list[int]] = {}
    for page in pages:
        band = page.height * MARGIN_BAND
        for line in page.lines:
            if line.top > band and line.bottom < page.height - band:
                continue
            if _PAGE_NUMBER.match(line.text.strip()):
                furniture.add(id(line))
            else:
                key = re.sub(r"\d+", "#", fold(line.text))
                seen.setdefault(key, []).append(id(line))
    for ids in seen.values():
        if len(ids) >= 3:
            furniture.update(ids)
    return furniture


def _assemble(path: Path, pages: list[_Page], page_count: int) -> Document:
    furniture = _running_lines(pages)
    items: list[tuple[int, float, object]] = []  # (page, top, line | table)
    for page in pages:
        for line in page.lines:
            if id(line) not in furniture:
                items.append((page.number, line.top, line))
        for table in page.tables:
            items.append((page.number, table.top, table))
    items.sort(key=lambda it: (it[0], it[1]))
    items = _join_continued_tables(items)

    doc = Document(path=str(path), format="pdf", blocks=[], pages=page_count)
    right_limits = {page.number: max((l.x1 for l in page.lines), default=0.0) for page in pages}
    pending: list[_Line] = []
    pending_page = 0

    def flush() -> None:
        for text in _paragraphs_split(pending, right_limits.get(pending_page, 0.0)):
            doc.lines.append(text)
            doc.blocks.append(TextBlock(text=text, prov=Provenance(line=len(doc.lines), page=pending_page)))
        pending.clear()

    for page_number, _, item in items:
        if isinstance(item, _Line):
            if pending and page_number != pending_page:
                flush()
            pending_page = page_number
            pending.append(item)
        else:
            flush()
            doc.blocks.append(_to_table(item, doc.lines))
    flush()
    return doc


def _paragraphs_split(lines: list[_Line], right_limit: float) -> list[str]:
    """Body lines to paragraphs; a line printed as side-by-side pieces stays apart."""
    out: list[str] = []
    run: list[_Line] = []
    for line in lines:
        pieces = _split_columns(line)
        if len(pieces) > 1:
            out.extend(_paragraphs(run, right_limit))
            run = []
            out.extend(p.text for p in pieces)
        else:
            run.append(line)
    out.extend(_paragraphs(run, right_limit))
    return out


@dataclass
class _Joined:
    """A table possibly spanning pages: its page parts in order."""

    parts: list[_PageTable]


def _join_continued_tables(items: list) -> list:
    """A table that is the last thing on its page, followed by a table that is the first
    thing on the next page with the same column edges, is one table."""
    out: list = []
    for page, top, item in items:
        if isinstance(item, _PageTable):
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
            if part_rows and rows and _is_split_row(part_rows[0]):
                _append_split_row(rows[-1], part_rows.pop(0), open_cells, lines)
        for r, grid_cells in enumerate(part_rows):
            cells: list[Cell] = []
            row_index = len(rows)
            row_line = None
            for gc in grid_cells:
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
                            row_span=gc.row_span, col_span=gc.col_span)
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
    return Table(rows=rows, prov=prov, spans_known=all(p.ruled for p in joined.parts))


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


def _is_split_row(cells: list[_GridCell]) -> bool:
    """A row Word let break across the page: its rest starts the next page with nothing in
    the first column (the STT was printed above the break)."""
    first = next((c for c in cells if c.col == 0), None)
    return first is None or not any(first.lines)


def _append_split_row(row: TableRow, rest: list[_GridCell], open_cells: dict, lines: list[str]) -> None:
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


def _rows_of(part: _PageTable) -> list[list[_GridCell]]:
    by_row: dict[int, list[_GridCell]] = {}
    for cell in part.cells:
        by_row.setdefault(cell.row, []).append(cell)
    return [sorted(by_row[r], key=lambda c: c.col) for r in sorted(by_row)]


def _row_key(cells: list[_GridCell]) -> str:
    return "|".join(fold(" ".join(c.lines)) for c in cells)
