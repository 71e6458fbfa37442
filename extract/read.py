"""One entry point for every format: sniff the content, guard the size, call the reader for it.

A reader's module (pdfplumber, python-docx, lxml) is imported when a file of its format comes.
"""
from __future__ import annotations

import importlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from extract.model import Document, ReaderError

READERS = {
    "text": "extract.readers.text:read_text",
    "docx": "extract.readers.docx:read_docx",
    "pdf": "extract.readers.pdf:read_pdf",
    "html": "extract.readers.html:read_html",
    "image": "extract.readers.scan:read_scan",
}
# A plan is at most tens of MB (a scanned annex); a larger file is not one plan, and reading it
# would take the memory other documents of a batch need.
MAX_FILE_BYTES = 256 * 2**20
# Plans run to tens of pages, a plan with annexes to a few hundred.
MAX_PDF_PAGES = 3000
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


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


@lru_cache(maxsize=None)
def reader_for(fmt: str) -> Callable[[Path], Document]:
    module, name = READERS[fmt].split(":")
    return getattr(importlib.import_module(module), name)


def load_readers(formats: Iterable[str] = tuple(READERS)) -> None:
    """Import the readers of these formats now (a batch's parent does, before forking its
    workers, for the formats its inputs have: a folder of text plans never loads pdfplumber)."""
    for fmt in formats:
        reader_for(fmt)


def file_format(path: Path) -> str | None:
    """The format sniff_format gives the file's first bytes; None for an empty or unreadable file."""
    try:
        head = _head(Path(path))
    except OSError:
        return None
    return sniff_format(head) if head else None


def _head(path: Path) -> bytes:
    """The first bytes of a file, enough to sniff its format."""
    with path.open("rb") as handle:
        return handle.read(4096)


def read_document(path: str | Path) -> Document:
    path = Path(path)
    if not path.is_file():
        raise ReaderError("no such file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ReaderError(f"the file is {size / 2**20:,.0f} MB, over the {MAX_FILE_BYTES / 2**20:,.0f} MB limit")
    head = _head(path)
    if not head:
        raise ReaderError("the file is empty")
    fmt = sniff_format(head)
    if fmt == "pdf":
        check_pdf_pages(path)
    return reader_for(fmt)(path)


def check_pdf_pages(path: Path) -> None:
    """Refuse a PDF with more than MAX_PDF_PAGES page objects, before the reader lays out each.
    Only page objects written in the open are counted (those inside compressed object streams
    are not), so the check can let a long PDF through, never stop a short one: the per-file
    time limit of a batch is the backstop."""
    pages = len(_PAGE_OBJECT.findall(path.read_bytes()))
    if pages > MAX_PDF_PAGES:
        raise ReaderError(f"the PDF has {pages:,} pages, over the {MAX_PDF_PAGES:,} page limit")
