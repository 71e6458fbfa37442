"""PDF reader on pdfplumber: each page's words and ruling segments (`pdf_objects`), then the
shared reconstruction (`extract.readers.pdf_pages.document_from_pages`).

Words are not split at font changes (a substitute font often supplies only the accented
letters) and every word passes through the legacy-encoding repair (TCVN3 / VNI fonts).
Ruling segments are the page's drawn edges: lines, the sides of rectangles (cell borders,
shading) and curves, as pdfplumber reports them.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pdfplumber

from extract.model import Document, ReaderError
from extract.readers.pdf_pages import PageInput, document_from_pages
from extract.readers.pdf_layout import Word
from extract.readers.pdf_objects import page_objects
from extract.readers.scan import image_dpi, ocr_pdf_pages_or_warn, require_words
from extract.readers.scan_checks import check_ocr
from normalize.encodings import detect_legacy, font_encoding, to_unicode
from normalize.text import nfc


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
            pages, warnings = _page_inputs(pdf, path)
        return check_ocr(document_from_pages(path, pages, warnings), pages)
    except ReaderError:
        raise
    except Exception as err:
        raise ReaderError(f"damaged PDF ({type(err).__name__}: {str(err)[:80]})") from None


def _open_error(err: Exception) -> str:
    # pdfplumber wraps pdfminer's PDFPasswordIncorrect in a PdfminerException
    name = " ".join(type(x).__name__ for x in (err, *err.args) if x is not None)
    if "Password" in name or "Encrypt" in name:
        return "the PDF is encrypted (password-protected); save an unprotected copy"
    return f"damaged PDF ({name}: {str(err)[:80]})"


def _page_inputs(pdf, path: Path) -> tuple[list[PageInput], list]:
    """Each pdfplumber page to its words (encoding repaired) and ruling segments, the text layer
    read once per page (`pdf_objects`); a page without text but with an image is a scan, read by
    OCR (`extract.readers.scan`); with the warnings of reading them."""
    objects = [page_objects(page) for page in pdf.pages]
    raw_words = [found.words for found in objects]
    scans = {number: image_dpi(page.images) for number, (page, words) in enumerate(zip(pdf.pages, raw_words), 1)
             if not words and page.images}
    if not any(raw_words) and not scans:
        raise ReaderError("the PDF has no text layer and no page images: nothing to read")
    scanned, warnings = ocr_pdf_pages_or_warn(path, scans, any(raw_words)) if scans else ({}, [])
    if not any(raw_words):
        require_words(list(scanned.values()), "the PDF")
    fallback = _document_encoding(raw_words)
    return [scanned.get(number) or PageInput(number=number, width=float(page.width), height=float(page.height),
                                             words=[_convert_word(w, fallback) for w in found.words],
                                             rulings=found.rulings)
            for number, (page, found) in enumerate(zip(pdf.pages, objects), start=1)], warnings


def _document_encoding(raw_words: list[list[dict]]) -> str | None:
    """A legacy encoding for text whose font name does not say it (embedded under another
    name, or a substitute font): detected from the characters of the whole document."""
    sample = " ".join(w["text"] for words in raw_words for w in words if not _font_encoding(w.get("fontname")))
    return detect_legacy(sample)


@lru_cache(maxsize=1024)
def _font_encoding(font_name: str | None) -> str | None:
    """font_encoding, once per font: a document has a handful of fonts and thousands of words."""
    return font_encoding(font_name)


def _convert_word(word: dict, fallback: str | None) -> Word:
    text = word["text"]
    encoding = _font_encoding(word.get("fontname")) or fallback
    text = to_unicode(text, encoding) if encoding else nfc(text)
    return Word(text=text, x0=word["x0"], x1=word["x1"], top=word["top"], bottom=word["bottom"])
