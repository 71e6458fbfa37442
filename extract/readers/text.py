"""Reader for text files: decode, then parse by the table dialect the text uses."""
from __future__ import annotations

from pathlib import Path

from extract.model import Document, ReaderError
from extract.readers.pipe_text import parse_row_marked, parse_separator_only, row_marked
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
    if any(line.strip() in ("|", "||") or line.rstrip().endswith(" |") for line in lines):
        parse = parse_row_marked if row_marked(lines) else parse_separator_only
    elif sum(is_tab_row(line) for line in lines) >= 3:
        parse = parse_tabbed
    elif find_tables(lines):
        parse = parse_plain
    else:
        parse = parse_tabbed  # no table at all: every line is text
    return Document(path=str(path), format="text", blocks=parse(lines), lines=lines)
