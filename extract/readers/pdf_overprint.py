"""A header repeated cut short, printed over the rows under it.

LibreOffice repeats a table's header on each page only as tall as its rows are; a
two-level header's merged-down cells are taller, and the line of them that straddles the
header's bottom is printed anyway, over the first body line. Where that line's words and
a body line's share a height, the text layer holds both, the header line's text alone in
some columns ("đề xuất") and, in others, its letters mixed with the row's by position
("hướng dẫn" over "Tỷ lệ=a/b -" reads "hTưỷớ lện=ga d/bẫ n-"). Knowing the header's lines
from the table's first page, both are taken back out: by column in a table read from
its words' lines (`strip_header_overprint`), by cell in a ruled one (`strip_ruled_header_rest`).
"""
from __future__ import annotations

from extract.readers.pdf_layout import GridCell, Line, Word

Pieces = dict[int, Line]  # a printed line as its text in each column


def without_header_line(line: Pieces, header_line: Pieces) -> Pieces | None:
    """A body line with the header line printed over it taken out, by column; None
    where it is not that header line's overprint: no column prints the header line's
    text alone (the sign the header goes on into this line), or a column the header
    prints in holds text that is not the header's mixed with its own."""
    if not any(column in header_line and piece.text == header_line[column].text for column, piece in line.items()):
        return None
    kept: Pieces = {}
    for column, piece in line.items():
        if column not in header_line:
            kept[column] = piece
            continue
        rest = _letters_left(piece.text, header_line[column].text)
        if rest is None:
            return None
        if rest:
            kept[column] = Line([Word(rest, piece.x0, piece.x1, piece.top, piece.bottom)])
    return kept


def _letters_left(printed: str, header: str) -> str | None:
    """The printed text less the header text's letters, taken in order (two texts
    printed over each other read as their letters merged by position); "" where it is
    the header text alone, None where the header's letters are not all in it."""
    wanted = header.replace(" ", "")
    left: list[str] = []
    i = 0
    for char in printed:
        if i < len(wanted) and char == wanted[i]:
            i += 1
        else:
            left.append(char)
    if i < len(wanted):
        return None
    return " ".join("".join(left).split())


def strip_header_overprint(stream: list[tuple[int, Line]], on_page: list[int], head_lines: int,
                           header: list[int], columns) -> int:
    """The count of a page's lines repeating the header, once the header lines printed
    over the body lines under the repeat are taken out of them (`stream` updated; a line
    left with nothing was all header and is counted). The header's text goes on in each
    column with the line after those the repeat printed there (the repeat, cut short,
    staggers its cells otherwise than the first page). `header`: the stream indices of
    the header's lines on the table's first page; `columns` split a line into its column
    pieces."""
    by_column: dict[int, list[Line]] = {}
    for k in header:
        for column, piece in columns.split(stream[k][1]).items():
            by_column.setdefault(column, []).append(piece)
    printed = {column: 0 for column in by_column}
    for k in on_page[:head_lines]:
        for column in columns.split(stream[k][1]):
            printed[column] = printed.get(column, 0) + 1
    while head_lines < len(on_page):
        expected = {column: lines[printed[column]] for column, lines in by_column.items() if printed[column] < len(lines)}
        k = on_page[head_lines]
        cleaned = without_header_line(columns.split(stream[k][1]), expected)
        if cleaned is None:
            break
        if cleaned:
            stream[k] = (stream[k][0], Line([w for _, piece in sorted(cleaned.items()) for w in piece.words]))
            break
        for column in columns.split(stream[k][1]):
            printed[column] = printed.get(column, 0) + 1
        head_lines += 1
    return head_lines


def strip_ruled_header_rest(header: list[GridCell], repeat: list[GridCell], row: list[GridCell]) -> None:
    """The same in a ruled table, by cell: the rest of a header cut short on its repeat,
    taken out of the row under it (`row` updated). LibreOffice repeats a two-level header only as tall as its rows; the
    line of a merged-down cell that straddles the repeat's bottom prints over the first row
    under it ("phần đề" of "Chỉ số ... thành phần đề xuất"). It is there when some cell
    of that row holds only the start of its column's rest; then each cell loses the words
    it starts with that begin its column's rest."""
    rests: dict[int, list[str]] = {}
    for first, again in zip(header, repeat):
        full, cut = " ".join(first.lines), " ".join(again.lines)
        if first.col == again.col and full.startswith(cut) and full != cut:
            rests[first.col] = full[len(cut):].split()
    starts = {cell.col: _rest_start(cell.lines[0].split(), rests[cell.col])
              for cell in row if cell.lines and cell.col in rests}
    if not any(starts.get(cell.col) == len(" ".join(cell.lines).split()) > 0 for cell in row):
        return
    for cell in row:
        if starts.get(cell.col):
            first_line = " ".join(cell.lines[0].split()[starts[cell.col]:])
            cell.lines = ([first_line] if first_line else []) + cell.lines[1:]


def _rest_start(words: list[str], rest: list[str]) -> int:
    """How many of a cell's first words are the first words of its column's header rest."""
    n = 0
    while n < min(len(words), len(rest)) and words[n] == rest[n]:
        n += 1
    return n
