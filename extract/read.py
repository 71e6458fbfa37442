"""One entry point for every format: sniff the content, call the reader for it."""
from __future__ import annotations

from pathlib import Path

from extract.model import Document, ReaderError
from extract.readers.docx import read_docx
from extract.readers.html import read_html
from extract.readers.pdf import read_pdf
from extract.readers.scan import read_scan
from extract.readers.text import read_text


def sniff_format(head: bytes) -> str:
    """The format from the file's first bytes, never from its name (files get mislabelled)."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"  # PNG, JPEG, TIFF (either byte order): a scanned page, read by OCR
    lowered = head[:2048].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    return "text"


READERS = {
    "text": read_text,
    "docx": read_docx,
    "pdf": read_pdf,
    "html": read_html,
    "image": read_scan,
}


def read_document(path: str | Path) -> Document:
    path = Path(path)
    if not path.is_file():
        raise ReaderError("no such file")
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        raise ReaderError("the file is empty")
    fmt = sniff_format(head)
    reader = READERS.get(fmt)
    if reader is None:
        raise ReaderError(f"{fmt} files are not supported yet")
    return reader(path)
