"""Numbers Tesseract was unsure of, read again by themselves as digits.

The Vietnamese model, reading a whole page, now and then puts a digit before a number
that is not printed ("950" for 50 in a points column of a 150 dpi scan) and is then
unsure of the word. Such a number is read once more from its own box on the cleaned
page (rules already erased), as one line of digits only, by Tesseract's English model
(trained on far more digits; the Vietnamese one read the crop "950" again). Where that
second reading is sure and different it replaces the first, with an `ocr-number-reread`
warning naming both.
"""
from __future__ import annotations

import re

import numpy as np

from extract.readers.scan_ocr import OcrWord, languages, run_tesseract, tesseract_command

DIGITS_LANGUAGE = "eng"  # installed with tesseract-ocr itself
DIGITS_ONLY = ("-c", "tessedit_char_whitelist=0123456789.,")
ONE_LINE = "7"  # page segmentation: the image is one line of text
NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
DOUBTFUL = 90.0  # confidence under which a number is read again: numbers read right score about 96,
# the invented "950"s 65 to 81
SURE = 90.0  # confidence a second reading needs to replace the first
MARGIN = 0.05  # in: white kept round the number's box


def reread_numbers(text_image: np.ndarray, words: list[OcrWord], dpi: float) -> tuple[list[OcrWord], list[tuple[str, str]]]:
    """The page's words with each doubtful number read again where the second reading is
    sure and differs, and the (first, second) readings changed."""
    if DIGITS_LANGUAGE not in languages(tesseract_command()):
        return words, []
    out, changed = [], []
    for word in words:
        second = reread(text_image, word, dpi) if _is_doubtful_number(word) else None
        if second is not None and second.text != word.text:
            changed.append((word.text, second.text))
            word = OcrWord(second.text, word.box, second.conf)
        out.append(word)
    return out, changed


def _is_doubtful_number(word: OcrWord) -> bool:
    return word.conf < DOUBTFUL and bool(NUMBER.match(word.text))


def reread(text_image: np.ndarray, word: OcrWord, dpi: float) -> OcrWord | None:
    """One word's box (with a margin) read as one line of digits: its reading if it is one
    number read surely, else None."""
    crop = text_image[_slice(word.box.top, word.box.bottom, dpi, text_image.shape[0]),
                      _slice(word.box.x0, word.box.x1, dpi, text_image.shape[1])]
    found = run_tesseract(crop, dpi, ONE_LINE, DIGITS_LANGUAGE, DIGITS_ONLY)
    if len(found) != 1 or found[0].conf < max(SURE, word.conf) or not NUMBER.match(found[0].text):
        return None
    if found[0].text.count(".") < word.text.count("."):  # the digits-only reading loses dots ("7.6" as 76)
        return None
    return found[0]


def _slice(start: int, end: int, dpi: float, size: int) -> slice:
    margin = int(MARGIN * dpi)
    return slice(max(0, start - margin), min(size, end + margin))
