"""Tesseract's Vietnamese model on a cleaned page: words with pixel boxes and confidences.

Tesseract runs as its command-line program (`tesseract`, or the command named by the
environment variable DTIPLAN_TESSERACT), one process per page, single-threaded: pages
run in parallel in the batch pool, not inside Tesseract.
"""
from __future__ import annotations

import csv
import io
import os
import statistics
import subprocess
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from extract.model import ReaderError
from extract.readers.scan_image import PixelBox

LANGUAGE = "vie"
INSTALL = "install the Debian packages tesseract-ocr and tesseract-ocr-vie"
SPARSE_TEXT = "11"  # page segmentation: find text anywhere (table cells, not one flow)
BLOCK = "6"  # page segmentation: one block of lines (the stacked pieces of the second pass)
WORD_GAP = 0.06  # in: letters closer than this belong to one piece of text
SMALLEST_MARK = 0.04  # in: a piece of ink shorter than this is punctuation or dirt
OCR_DPI = 200  # resolution Tesseract's vie model reads the plans' fonts best at: finer scans are reduced to it
ENLARGE_TO = 300  # scans at half of this or coarser are enlarged by a whole factor towards it
FINER = 1.1  # a scan this much finer than OCR_DPI is reduced (a 210 dpi scan is read as it is)
SIDE_BEARING = 0.12  # share of the letter height between a word's ink and its advance box
DESCENT = 0.25  # share of the letter height a font box reaches below the baseline
TIMEOUT = 300  # s: a page Tesseract has not finished by then is given up on


class OcrUnavailable(ReaderError):
    """Tesseract or its Vietnamese data is not installed (the message says what to install)."""


@dataclass(frozen=True)
class OcrWord:
    text: str
    box: PixelBox
    conf: float  # Tesseract's word confidence, 0-100


def tesseract_command() -> str:
    return os.environ.get("DTIPLAN_TESSERACT") or "tesseract"


def check_tesseract(command: str) -> None:
    """Raise a one-line ReaderError saying what to install when Tesseract or its
    Vietnamese data is not there."""
    if LANGUAGE not in languages(command):
        raise OcrUnavailable(f"a scanned page needs OCR but Tesseract has no Vietnamese data; {INSTALL}")


@lru_cache(maxsize=4)
def languages(command: str) -> frozenset[str]:
    """The languages Tesseract has data for (a missing Tesseract is the one-line error)."""
    try:
        done = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        raise OcrUnavailable(f"a scanned page needs OCR but Tesseract ({command}) was not found; {INSTALL}") from None
    return frozenset(done.stdout.split())


def recognise(text_image: np.ndarray, dpi: float) -> list[OcrWord]:
    """Words of a cleaned page (black text on white): one sparse-text pass over the page,
    then a second look at the ink it left unread, at the resolution the model reads best
    (`ocr_factor`); the boxes are given back in the page's own pixels."""
    factor = ocr_factor(dpi)
    if factor != 1.0:
        shrink = cv2.INTER_AREA if factor < 1.0 else cv2.INTER_CUBIC
        text_image = cv2.resize(text_image, None, fx=factor, fy=factor, interpolation=shrink)
    words = run_tesseract(text_image, dpi * factor, SPARSE_TEXT)
    words += reread_missed(text_image, words, dpi * factor)
    return [_scaled(w, 1 / factor) for w in words] if factor != 1.0 else words


def ocr_factor(dpi: float) -> float:
    """The scale a page is read at. A scan finer than 200 dpi is reduced to 200: at 300 dpi
    the model reads a serif 5 as 9 and 50 as 90 (the text layer's numbers on four table
    pages of the scanned corpus: 89 % read at 300 dpi, 98 % at 300 reduced to 200, as at
    200). A scan at 150 dpi or coarser is enlarged by a whole factor: the model loses the
    dots of codes ("2.1") and diacritics at 150 dpi and keeps them at twice that (field
    F1 0.76 -> 0.93), while enlarging a 200 dpi scan by 1.5 blurs it into more errors
    than it mends (0.96 -> 0.87)."""
    if dpi > OCR_DPI * FINER:
        return OCR_DPI / dpi
    return float(max(1, int(ENLARGE_TO // dpi)))


def _scaled(word: OcrWord, factor: float) -> OcrWord:
    box = word.box
    return OcrWord(word.text, PixelBox(round(box.x0 * factor), round(box.top * factor),
                                       round(box.x1 * factor), round(box.bottom * factor)), word.conf)


def run_tesseract(image: np.ndarray, dpi: float, segmentation: str, language: str = LANGUAGE,
                  options: tuple[str, ...] = ()) -> list[OcrWord]:
    """One Tesseract run on an image: its TSV words (non-blank ones) with their boxes."""
    command = tesseract_command()
    check_tesseract(command)
    ok, png = cv2.imencode(".png", image)
    args = [command, "stdin", "stdout", "-l", language, "--psm", segmentation, "--dpi", str(int(dpi)), *options,
            "tsv"]
    try:
        done = subprocess.run(args, input=png.tobytes(), capture_output=True, timeout=TIMEOUT,
                              env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired:
        raise ReaderError(f"OCR of a page took longer than {TIMEOUT} s") from None
    if done.returncode != 0:
        raise ReaderError(f"Tesseract failed on a page: {done.stderr.decode(errors='replace').strip()[:120]}")
    return parse_tsv(done.stdout.decode("utf-8", errors="replace"))


def parse_tsv(tsv: str) -> list[OcrWord]:
    """Tesseract's TSV to words (rows of level 5 with text), each given the box a text
    layer's font would: from its line's baseline up by the line's letter height, so
    words of one printed line sit at one height whatever accents or descenders they
    have, and whichever fragment of the line Tesseract found them in; and as wide as
    the letters' advance, not only their ink (after a comma the ink gap is twice a
    space, which would read as a column gutter)."""
    rows = [r for r in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
            if r.get("level") == "5" and (r.get("text") or "").strip()]
    by_line: dict[tuple[str, ...], list[dict]] = {}
    for row in rows:
        by_line.setdefault(tuple(row[k] for k in ("page_num", "block_num", "par_num", "line_num")), []).append(row)
    words = []
    for line in by_line.values():
        baseline = statistics.median(int(r["top"]) + int(r["height"]) for r in line)
        height = statistics.median(int(r["height"]) for r in line)
        pad = SIDE_BEARING * height
        for row in line:
            left, width = int(row["left"]), int(row["width"])
            words.append(OcrWord(text=row["text"].strip(), conf=float(row["conf"]),
                                 box=PixelBox(round(left - pad), round(baseline - height), round(left + width + pad),
                                              round(baseline + DESCENT * height))))
    return words


def reread_missed(text_image: np.ndarray, words: list[OcrWord], dpi: float) -> list[OcrWord]:
    """Pieces of ink no word covers, read again, stacked into one image: sparse-text
    segmentation drops a lone short token (a one-digit STT or point value alone in its
    cell), which a line-by-line read of the piece by itself finds."""
    pieces = [p for p in ink_pieces(text_image, dpi) if not any(_overlap(p, w.box) for w in words)]
    if not pieces:
        return []
    pad = max(4, int(0.05 * dpi))
    width = max(p.x1 - p.x0 for p in pieces) + 2 * pad
    bands = []
    y = pad
    for piece in pieces:
        bands.append((y, piece))
        y += piece.bottom - piece.top + 2 * pad
    canvas = np.full((y, width), 255, dtype=np.uint8)
    for top, p in bands:
        canvas[top:top + p.bottom - p.top, pad:pad + p.x1 - p.x0] = text_image[p.top:p.bottom, p.x0:p.x1]
    found = []
    for word in run_tesseract(canvas, dpi, BLOCK):
        centre = (word.box.top + word.box.bottom) / 2
        for top, p in bands:
            if top - pad <= centre < top + p.bottom - p.top + pad:
                dx, dy = p.x0 - pad, p.top - top
                found.append(OcrWord(word.text, PixelBox(word.box.x0 + dx, word.box.top + dy,
                                                         word.box.x1 + dx, word.box.bottom + dy), word.conf))
                break
    return found


def ink_pieces(text_image: np.ndarray, dpi: float) -> list[PixelBox]:
    """Boxes of the page's pieces of text: ink smeared sideways by a letter gap, so a
    word is one piece; pieces too short to be letters are left out."""
    ink = (text_image < 128).astype(np.uint8)
    smear = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(WORD_GAP * dpi)), 1)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(smear, connectivity=8)
    smallest = SMALLEST_MARK * dpi
    return [PixelBox(int(x), int(y), int(x + w), int(y + h)) for x, y, w, h, _ in stats[1:count] if h >= smallest]


def _overlap(a: PixelBox, b: PixelBox) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.top < b.bottom and b.top < a.bottom
