"""Reader for text files: decode, then parse by the table dialect the text uses."""
from __future__ import annotations

from pathlib import Path

from extract.model import Document, ReaderError, Table
from extract.readers.cell_stream import has_stream_table, parse_cells_per_line, stream_pieces
from extract.readers.pipe_rows import is_pipe_rows, parse_pipe_rows
from extract.readers.pipe_text import parse_row_marked, parse_separator_only, row_marked
from extract.readers.points_list import is_points_list, parse_points_list
from extract.readers.plain_text import find_tables, parse_plain
from extract.readers.tab_text import is_tab_row, parse_tabbed
from normalize.text import nfc


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM); anything else is not a text plan we can read."""
    if b"\x00" in data[:4096]:
        raise ReaderError("binary content, not a text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReaderError(f"not UTF-8 text (byte {error.start})") from None


def read_text(path: Path) -> Document:
    text = nfc(decode(path.read_bytes()))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not any(line.strip() for line in lines):
        raise ReaderError("the file has no text")
    blocks, warnings = parse_text(lines)
    return Document(path=str(path), format="text", blocks=blocks, lines=lines, warnings=warnings)


def parse_text(lines: list[str]) -> tuple[list, list]:
    """Blocks (and the reader's warnings) by the shape the text prints its tables in:
    one row per line between pipes, cells closed by lone pipes, tab-separated rows, a
    PDF dump with an STT header line, a stream of cells one per line or paragraph, or
    a numbered list of criteria with points. The first shape the text shows that
    yields a table (two rows or more) is taken; text that shows none is all running text."""
    for shows, parse in _shapes():
        if shows(lines):
            blocks, warnings = parse(lines)
            if any(isinstance(b, Table) and len(b.rows) >= 2 for b in blocks):
                return blocks, warnings
    return parse_tabbed(lines), []


def _shapes():
    """(does the text show this shape, its parser returning blocks and warnings), in order."""
    return [
        (is_pipe_rows, lambda lines: (parse_pipe_rows(lines), [])),
        (lambda lines: any(line.strip() in ("|", "||") or line.rstrip().endswith(" |") for line in lines),
         lambda lines: ((parse_row_marked if row_marked(lines) else parse_separator_only)(lines), [])),
        (lambda lines: sum(is_tab_row(line) for line in lines) >= 3, lambda lines: (parse_tabbed(lines), [])),
        (find_tables, lambda lines: (parse_plain(lines), [])),
        (lambda lines: has_stream_table(stream_pieces(lines)[0]), lambda lines: (parse_cells_per_line(lines), [])),
        (is_points_list, parse_points_list),
    ]
