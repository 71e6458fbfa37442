"""Scanned pages through OCR into the same reconstruction as text-layer PDFs.

A page image (a PDF page without a text layer, rendered with pypdfium2 at the
resolution it was scanned at; or a PNG, JPEG or TIFF file) is cleaned and its rules
found (`scan_image`), its words read by Tesseract (`scan_ocr`), and both turned from
pixels into PDF points as a `PageInput`: from there on a scan is read exactly as a PDF
with a text layer is (`pdf_pages.document_from_pages`). What OCR may have got wrong is
then checked against what the document itself shows (`scan_checks`).
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageSequence, UnidentifiedImageError

from extract.model import Document, Provenance, ReaderError
from extract.readers.pdf_layout import Ruling, Word
from extract.readers.pdf_pages import PageInput, document_from_pages
from extract.readers.scan_checks import check_ocr, fix_case
from extract.readers.scan_image import PixelBox, clean_page, grey
from extract.readers.scan_numbers import reread_numbers
from extract.readers.scan_ocr import OcrUnavailable, OcrWord, recognise
from normalize.text import nfc

DEFAULT_DPI = 300  # what a scan that does not say its resolution is taken to be
DPI_RANGE = (100, 400)  # a resolution outside this is a wrong header, or needlessly fine
POINTS_PER_INCH = 72.0


def read_scan(path: Path) -> Document:
    """A PNG, JPEG or TIFF file (a multi-page TIFF page by page) to a Document."""
    read = [ocr_page(number, gray, dpi) for number, (gray, dpi) in enumerate(image_pages(path), start=1)]
    pages = [page for page, _ in read]
    require_words(pages, "the image")
    doc = check_ocr(document_from_pages(path, pages, [w for _, warnings in read for w in warnings]), pages)
    doc.format = "image"
    return doc


def require_words(pages: list[PageInput], what: str) -> None:
    """A scan on which OCR reads no word at all (a photo, a blank or black page) has nothing
    to extract: one clear error, not an empty document that looks like a plan without tables."""
    if not any(page.words for page in pages):
        raise ReaderError(f"{what} has no text layer and OCR found no words on it")


def image_pages(path: Path):
    """Each frame of an image file as (grey array, dpi)."""
    try:
        with Image.open(path) as image:
            for frame in ImageSequence.Iterator(image):
                yield grey(frame), scan_dpi(frame.info.get("dpi", (0, 0))[0])
    except (UnidentifiedImageError, OSError, SyntaxError) as err:
        raise ReaderError(f"damaged image ({str(err)[:80]})") from None


def scan_dpi(stated: float) -> float:
    """The resolution to read at: the stated one where it is plausible, else 300 dpi."""
    low, high = DPI_RANGE
    if not stated or stated < low:
        return DEFAULT_DPI
    return min(float(stated), high)


def ocr_pdf_pages(path: Path, pages: dict[int, float]) -> tuple[dict[int, PageInput], list]:
    """Pages of a PDF (number -> the dpi of the image printed on it) rendered with
    pypdfium2 at that resolution and read by OCR, with the warnings of their reading."""
    document = pdfium.PdfDocument(str(path))
    try:
        out, warnings = {}, []
        for number, dpi in pages.items():
            page = document[number - 1]
            rendered = page.render(scale=dpi / POINTS_PER_INCH, grayscale=True).to_pil()
            out[number], read_warnings = ocr_page(number, grey(rendered), dpi, (page.get_width(), page.get_height()))
            warnings += read_warnings
        return out, warnings
    finally:
        document.close()


def ocr_pdf_pages_or_warn(path: Path, pages: dict[int, float], has_text: bool) -> tuple[dict[int, PageInput], list]:
    """The image pages of a PDF read by OCR, with the reader's warnings. Where Tesseract
    is missing and the PDF also has text pages (a typed plan with a scanned annex or
    signature page), the text pages still count: the image pages are left unread with
    one `ocr-unavailable` warning naming them and what to install. A PDF of image pages
    only has nothing else to give, so it fails with the one-line error."""
    try:
        return ocr_pdf_pages(path, pages)
    except OcrUnavailable as err:
        if not has_text:
            raise
        numbers = sorted(pages)
        return {}, [("ocr-unavailable", f"page(s) {', '.join(map(str, numbers))} are scanned images and were not "
                                        f"read: {err}", Provenance(line=None, page=numbers[0]))]


def image_dpi(images: list[dict]) -> float:
    """The resolution a PDF page was scanned at: the widest image's pixels per inch of
    the width it is printed at."""
    widest = max(images, key=lambda im: im["x1"] - im["x0"], default=None)
    if widest is None or widest["x1"] <= widest["x0"]:
        return DEFAULT_DPI
    return scan_dpi(widest["srcsize"][0] / ((widest["x1"] - widest["x0"]) / POINTS_PER_INCH))


def ocr_page(number: int, gray, dpi: float, size_pt: tuple[float, float] | None = None) -> tuple[PageInput, list]:
    """One page image to its words and rules in points (the page's own size where known,
    else the image's at its dpi), with an `ocr-number-reread` warning for each doubtful
    number a second reading changed."""
    clean = clean_page(gray, dpi)
    height_px, width_px = gray.shape[:2]
    scale = POINTS_PER_INCH / dpi
    width, height = size_pt or (width_px * scale, height_px * scale)
    words, changed = reread_numbers(clean.text_image, recognise(clean.text_image, dpi), dpi)
    warnings = [("ocr-number-reread", f"OCR read '{first}' unsure; read again as digits alone: '{second}'",
                 Provenance(line=None, page=number)) for first, second in changed]
    return PageInput(number=number, width=float(width), height=float(height),
                     words=[to_word(w, scale) for w in words],
                     rulings=[to_ruling(box, scale) for box in clean.rulings]), warnings


def to_word(word: OcrWord, scale: float) -> Word:
    box = word.box
    return Word(text=fix_case(nfc(word.text)), x0=box.x0 * scale, x1=box.x1 * scale,
                top=box.top * scale, bottom=box.bottom * scale, conf=word.conf)


def to_ruling(box: PixelBox, scale: float) -> Ruling:
    """A rule's pixel box to a segment through its middle: horizontal (top == bottom)
    when wider than tall, else vertical (x0 == x1)."""
    if box.x1 - box.x0 >= box.bottom - box.top:
        middle = (box.top + box.bottom) / 2 * scale
        return Ruling(box.x0 * scale, middle, box.x1 * scale, middle)
    middle = (box.x0 + box.x1) / 2 * scale
    return Ruling(middle, box.top * scale, middle, box.bottom * scale)
