"""A table printed as a stream of cells, rows not marked: one cell per line, one cell
per paragraph, or every cell of a table on one line between separators.

Web pages and PDF dumps flatten tables this way. The header is the run of cells before
the first row code (a numbering row `a b c` or `(1) (2) (3)` under it, where printed, says
how many columns there are); a row then holds as many cells as the header, and ends
early at a code that follows its own (a section row `I | Hạ tầng số` prints fewer
cells). In one cell per line, a cell that wrapped over several lines comes out as
several cells; a row with too many is joined back where a line reads as a continuation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract import codes
from extract.headers import NUMERIC_ROLES, column_role, is_table_start, squashed
from extract.model import Block, Cell, Provenance, Table, TableRow, TextBlock

LONG_CELL = 60
NUMBERING = (re.compile(r"^[a-z]$"), re.compile(r"^\(?\d{1,2}\)?$"))
TABLE_END = re.compile(r"^(PHỤ LỤC|Phụ lục|Nơi nhận|TM\.|KT\.)")


@dataclass
class Piece:
    """One printed cell of the stream, with the line it starts on."""

    text: str
    line: int


def pieces_by_line(lines: list[str], first_line: int = 1) -> list[Piece]:
    """One cell per line: a blank line between two cells is an empty cell."""
    return [Piece(line.strip(), first_line + i) for i, line in enumerate(lines)]


def pieces_by_paragraph(lines: list[str], first_line: int = 1) -> list[Piece]:
    """One cell per paragraph (blank-line separated); a paragraph of spaces is an empty cell."""
    out: list[Piece] = []
    current: list[str] = []
    start = 0
    for i, line in enumerate(lines):
        if line == "" and current:
            out.append(Piece("\n".join(current).strip(), first_line + start))
            current = []
        elif line != "":
            if not current:
                start = i
            current.append(line.strip())
    if current:
        out.append(Piece("\n".join(current).strip(), first_line + start))
    return out


def by_paragraph(lines: list[str]) -> bool:
    """Cells are paragraphs when blank lines separate most printed lines."""
    printed = sum(1 for line in lines if line.strip())
    return printed > 0 and sum(1 for line in lines if line == "") >= 0.6 * printed


def _is_row_code(text: str) -> bool:
    return codes.is_dotted(text) or codes.is_roman(text)


def _header_start(pieces: list[Piece], start: int) -> int | None:
    """Where the next header run starts: a code header word (STT, TT) followed by header
    cells, or, structurally, the short cells right before a row code that is followed by
    the next code in sequence; the earlier of the two."""
    worded, shaped = _worded_header(pieces, start), _shaped_header(pieces, start)
    if shaped is None:
        return worded
    begin, first_code = shaped
    if worded is not None and worded < first_code:  # a header word inside the shaped run
        return worded
    return begin


def _worded_header(pieces: list[Piece], start: int) -> int | None:
    for i in range(start, len(pieces)):
        text = pieces[i].text
        if (is_table_start(text) or column_role(text) == "code") and _first_code_after(pieces, i + 1, 24):
            return i
    return None


def _shaped_header(pieces: list[Piece], start: int) -> tuple[int, int] | None:
    """(where the header starts, where its first row code is)."""
    for i in range(start, len(pieces)):
        if _is_row_code(pieces[i].text) and _sequence_follows(pieces, i):
            begin = i
            while begin > start and _header_like(pieces[begin - 1].text) and i - begin < 12:
                begin -= 1
            if i - begin >= 3:
                widths = range(3, i - begin + 1)
                return i - max(widths, key=lambda w: (_aligned(pieces, i, w), w)), i
    return None


def _aligned(pieces: list[Piece], first: int, width: int) -> int:
    """How many of the next rows start with a code that follows the one before, when
    rows are `width` cells: the header is as wide as the rows (a title line above it is
    not a column, and a number in a points column is no row code)."""
    previous, count = codes.clean_code(pieces[first].text), 1
    for k in range(1, 10):
        if first + k * width >= len(pieces):
            break
        code = codes.clean_code(pieces[first + k * width].text)
        if _is_row_code(code) and (codes.follows(previous, code) or codes.is_roman(code)):
            previous, count = code, count + 1
    return count


def _header_like(text: str) -> bool:
    return bool(text) and len(text) <= LONG_CELL and not text.endswith((".", ":", ";")) \
        and not _is_row_code(text) and not re.match(r"^[A-ZĐ0-9IVX]{1,4}[.)]\s", text)


def _first_code_after(pieces: list[Piece], start: int, limit: int) -> int | None:
    for i in range(start, min(len(pieces), start + limit)):
        if _is_row_code(pieces[i].text) and i - start >= 2 and not _numbering_run(pieces, i):
            return i
    return None


def _sequence_follows(pieces: list[Piece], at: int) -> bool:
    code = codes.clean_code(pieces[at].text)
    for piece in pieces[at + 1: at + 40]:
        nxt = codes.clean_code(piece.text)
        if _is_row_code(nxt) and (codes.follows(code, nxt) or (codes.is_roman(code) and nxt in ("1", "1.1"))):
            return True
    return False


def _numbering_run(pieces: list[Piece], at: int) -> int:
    """The length of a column-numbering row starting at `at`: `a b c ...` or `1 2 3 ...`."""
    for pattern in NUMBERING:
        run = 0
        while at + run < len(pieces) and pattern.match(pieces[at + run].text):
            expected = chr(ord("a") + run) if pattern is NUMBERING[0] else str(run + 1)
            if pieces[at + run].text.strip("()") != expected:
                break
            run += 1
        if run >= 3:
            return run
    return 0


def _fold_header(cells: list[Piece], width: int | None) -> list[Piece]:
    """Header cells as columns: a cell that starts in lower case wraps the one before;
    with a numbering row, upper-case group headers over several columns are dropped."""
    joined: list[Piece] = []
    for cell in cells:
        if joined and cell.text[:1].islower():
            joined[-1] = Piece(f"{joined[-1].text} {cell.text}", joined[-1].line)
        else:
            joined.append(cell)
    if width and len(joined) > width:
        groups = [c for c in joined if c.text.isupper() and column_role(c.text) is None]
        for group in groups[: len(joined) - width]:
            joined.remove(group)
    return joined[:width] if width else joined


@dataclass
class _Row:
    cells: list[Piece]
    code: str
    start: int  # index of its first cell in the stream


def _opens_row(row: _Row, text: str, following: str, roles: list[str | None], numeric: set[int],
               last_top: int, strict: bool) -> bool:
    """Whether a code cell starts a new row before the current row has all its cells:
    a dotted code that follows the row's own, a roman numeral, or the next pillar number
    after a section row. A bare number in a points column is a value, not a code; where
    every cell is printed but merged ones (`strict`), a bare number never opens a row."""
    code = codes.clean_code(text)
    if not _is_row_code(text) or len(row.cells) < 2:
        return False
    position = len(row.cells)
    if codes.is_roman(code):
        return True
    if codes.is_roman(row.code):  # sections may number their rows afresh
        return code in ("1", str(last_top + 1)) or code.endswith(".1")
    if not codes.follows(row.code, code):
        return False
    if strict:  # every cell printed but merged ones: a bare number is a value
        return "." in code
    # a bare number opens a row only where it stands for a code: not in a points column
    # (by its header, or holding numbers in the rows above), and followed by a name
    return "." in code or (position < len(roles) and roles[position] not in NUMERIC_ROLES
                           and position not in numeric and not _is_number(following))


def _starts_row(row: _Row, full: bool, text: str, following: str, roles: list[str | None],
                numeric: set[int], last_top: int, loose: bool) -> bool:
    """Whether a cell opens the next row: after a full row, any cell (one cell per line:
    a blank, a code that may come next or a letter; other text is a wrapped cell);
    before, a code that ends a short row (`_opens_row`)."""
    if full:
        return not loose or not text or _next_row_code(row, text)
    return _opens_row(row, text, following, roles, numeric, last_top, strict=not loose)


def _following(pieces: list[Piece], index: int) -> str:
    return pieces[index + 1].text if index + 1 < len(pieces) else ""


def _row_code(text: str, rows: list[_Row]) -> str:
    """The code a row goes by: its own, or for a lettered component its parent's (the
    next numbered row follows that)."""
    if codes.is_letter(text):
        return rows[-1].code if rows else ""
    return codes.clean_code(text) if _is_row_code(text) else ""


def _next_row_code(row: _Row, text: str) -> bool:
    """After a full row, in one cell per line: a code that may come next (or a letter)
    opens a row; a number that may not (`20` after `1.1`) is a cell of this row printed
    after a wrapped one."""
    code = codes.clean_code(text)
    if codes.is_letter(text):  # a lettered component (a, b) under the row
        return True
    return _is_row_code(text) and (not row.code or codes.is_roman(code) or codes.follows(row.code, code))


def _is_header_repeat(text: str, header: list[Piece]) -> bool:
    return bool(header) and squashed(text) == squashed(header[0].text)


def cut_rows(pieces: list[Piece], header: list[Piece], loose: bool) -> tuple[list[_Row], int]:
    """The stream after the header as rows; returns them and where the table ends.

    `loose` (one cell per line): a full row followed by text that is no code goes on
    (a wrapped cell), and is joined back by `_join_wrapped`."""
    width = len(header)
    roles = [column_role(c.text) for c in header]
    rows: list[_Row] = []
    numeric: set[int] = set()  # columns that held numbers in full rows so far
    last_top = 0
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        text = piece.text
        if TABLE_END.match(text):
            break
        if _is_header_repeat(text, header):  # a page break printed the header again
            index = _skip_repeat(pieces, index, rows)
            continue
        row = rows[-1] if rows else None
        if row is not None and len(rows) >= 2 and (_restarts(rows, text) or _new_header(text, header)):
            index = _give_back_header(pieces, index, rows)
            break
        full = row is not None and len(row.cells) >= width
        if full and not text and _prose_follows(pieces, index):
            break  # the blank line ends the table: running text comes after it
        if full and not loose and text and not codes.is_code(text):
            break  # a full row, then text that opens no row: the table has ended
        if full and len(row.cells) == width:
            numeric |= {i for i, c in enumerate(row.cells) if i and _is_number(c.text)}
        if row is None or _starts_row(row, full, text, _following(pieces, index), roles, numeric, last_top, loose):
            if rows and len(rows[-1].cells) > 3 * width:
                break
            rows.append(_Row([piece], _row_code(text, rows), index))
            top = codes.parts(codes.clean_code(text))
            if top and len(top) == 1:
                last_top = top[0]
        else:
            row.cells.append(piece)
            if len(row.cells) > 3 * width:  # running text after the table
                break
        index += 1
    while rows and _running_text(rows[-1]):
        index = rows.pop().start
    return rows, index


def _prose_follows(pieces: list[Piece], index: int) -> bool:
    """The next printed cell is running text: a sentence or a numbered heading, which a
    row printed without its code (a continuation's name) does not open with."""
    nxt = next((p.text for p in pieces[index + 1:] if p.text), "")
    return nxt.endswith((".", ":")) or bool(re.match(r"^(\d{1,2}|[IVX]{1,4})\.\s+\S", nxt))


def _new_header(text: str, header: list[Piece]) -> bool:
    """The first header cell of another table (STT, TT), not this table's repeated."""
    return (is_table_start(text) or column_role(text) == "code") and not _is_header_repeat(text, header)


def _restarts(rows: list[_Row], text: str) -> bool:
    """A first code (`1`, `I`) after rows numbered past it opens the next table."""
    code = codes.clean_code(text)
    return code in ("1", "I") and any(r.code not in ("", "I") for r in rows[1:]) and \
        not codes.is_roman(rows[-1].code)


def _give_back_header(pieces: list[Piece], index: int, rows: list[_Row]) -> int:
    """Where the next table's header (short cells before its first code) starts; rows
    from there on are dropped and the row it cuts keeps only its cells before it."""
    back = index
    while back - 1 > rows[-1].start and _header_like(pieces[back - 1].text):
        back -= 1
    while rows and rows[-1].start >= back:
        rows.pop()
    if rows:
        rows[-1].cells = [c for c in rows[-1].cells if c.line < pieces[back].line]
    return back


def _running_text(row: _Row) -> bool:
    """A last "row" with no code and less than two filled cells, or opening with a
    sentence ("Hết bảng."), is text after the table."""
    filled = [c.text for c in row.cells if c.text]
    return not row.code and (len(filled) < 2 or (filled[0].endswith(".") and " " in filled[0]))


def _skip_repeat(pieces: list[Piece], index: int, rows: list[_Row]) -> int:
    """Past a repeated header: up to the next cell that is a row code following the last."""
    last = rows[-1].code if rows else ""
    index += 1
    while index < len(pieces):
        text = codes.clean_code(pieces[index].text)
        if _is_row_code(text) and (not last or codes.follows(last, text) or codes.is_roman(text)):
            break
        index += 1
    return index


def _join_wrapped(cells: list[Piece], width: int) -> list[Piece]:
    """A row with more cells than columns: join lines that continue the line before
    (starting with a bullet or in lower case, or after a line with no end mark)."""
    cells = list(cells)
    while len(cells) > width:
        best, best_score = None, 0
        for i in range(2, len(cells)):
            a, b = cells[i - 1].text, cells[i].text
            if not a or not b or _is_number(a) or _is_number(b):
                continue
            score = 3 if b[:1].islower() else 2 if b[:1] in "-+•" else 1
            if score > best_score:
                best, best_score = i, score
        if best is None:
            break
        cells[best - 1] = Piece(f"{cells[best - 1].text}\n{cells[best].text}", cells[best - 1].line)
        del cells[best]
    return cells


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[<>≥≤=]*\s*\d+(?:[.,]\d+)?\s*%?", text.strip()))


def _table(header: list[Piece], rows: list[_Row], loose: bool) -> Table:
    width = len(header)
    out = [TableRow([Cell(c.text, Provenance(c.line)) for c in header], Provenance(header[0].line))]
    for row in rows:
        cells = _join_wrapped(row.cells, width) if loose else row.cells[:width]
        out.append(TableRow([Cell(c.text, Provenance(c.line)) for c in cells], Provenance(cells[0].line)))
    return Table(out, out[0].prov)


def parse_stream(pieces: list[Piece], loose: bool) -> list[Block]:
    """Text and tables of a cell stream, in order."""
    blocks: list[Block] = []
    index = 0
    while index < len(pieces):
        start = _header_start(pieces, index)
        if start is None:
            break
        first_code = _first_code_after(pieces, start + 1, 24) or _next_code(pieces, start)
        if first_code is None:
            break
        numbering = _numbering_run(pieces, start + 1)
        header_end = first_code
        run = 0
        for i in range(start + 2, first_code):
            run = _numbering_run(pieces, i)
            if run:
                header_end = i
                break
        header = _fold_header([p for p in pieces[start:header_end] if p.text], run or numbering or None)
        blocks += _text(pieces[index:start])
        body_start = header_end + run
        rows, end = cut_rows(pieces[body_start:], header, loose)
        if len(rows) >= 2 and len(header) >= 2:
            blocks.append(_table(header, rows, loose))
            index = body_start + end
        else:
            blocks += _text(pieces[start:first_code + 1])
            index = first_code + 1
    blocks += _text(pieces[index:])
    return blocks


def _next_code(pieces: list[Piece], start: int) -> int | None:
    for i in range(start + 1, len(pieces)):
        if _is_row_code(pieces[i].text):
            return i
    return None


def _text(pieces: list[Piece]) -> list[Block]:
    return [TextBlock(p.text, Provenance(p.line)) for p in pieces if p.text.strip()]


def has_stream_table(pieces: list[Piece]) -> bool:
    """Whether a cell stream holds a table: a header run followed by coded rows."""
    start = _header_start(pieces, 0)
    return start is not None and _first_code_after(pieces, start + 1, 24) is not None


def stream_pieces(lines: list[str], first_line: int = 1) -> tuple[list[Piece], bool]:
    """The cells of a stream and whether it is loose (one cell per line, cells may wrap)."""
    if by_paragraph(lines):
        return pieces_by_paragraph(lines, first_line), False
    return pieces_by_line(lines, first_line), True


def parse_cells_per_line(lines: list[str], first_line: int = 1) -> list[Block]:
    return parse_stream(*stream_pieces(lines, first_line))
