"""A scanned page image made ready for OCR: grey, straightened, its ruling lines found
(on the binarised page) and taken out of the text, and its speckle removed.

Plain arrays in, plain arrays and pixel boxes out (OpenCV for the morphology). The
lengths below are in inches and turned into pixels at the scan's resolution, so one
rule serves 150 and 300 dpi scans alike.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

MAX_SKEW = 2.0  # degrees: scanners and phone photos of a flat page tilt it less than this
SKEW_STEP = 0.1  # degrees between the angles tried
HORIZONTAL_RULE = 0.5  # in: a dark run at least this long and one stroke thin is a rule
VERTICAL_RULE = 0.25  # in: a vertical run this long is a rule wherever it stands
SHORT_VERTICAL_RULE = 0.1  # in: the edge of a one-line row (~0.17 in) is at least this tall
SPECK = 0.006  # in: ink blobs no wider than this across are scanner noise, not print
RULE_GAP = 0.015  # in: breaks this short in a rule (scan noise, JPEG) are bridged; the
# gap between two lines of text is wider, so left-aligned letters do not join into a rule


@dataclass(frozen=True)
class PixelBox:
    """A box in image pixels: left, top, right, bottom."""

    x0: int
    top: int
    x1: int
    bottom: int


@dataclass
class CleanPage:
    """What OCR reads (text only, rules erased) and the rules that were found."""

    text_image: np.ndarray  # grey page, rules and specks painted white, uint8
    rulings: list[PixelBox]
    skew: float  # degrees the scan was turned back by


def grey(image: Image.Image) -> np.ndarray:
    """Any Pillow image (RGB, palette, 1-bit, with alpha) to an 8-bit grey array."""
    if image.mode in ("RGBA", "LA", "P"):
        background = Image.new("RGB", image.size, "white")
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").split()[-1])
        image = background
    return np.asarray(image.convert("L"), dtype=np.uint8)


def clean_page(gray: np.ndarray, dpi: float) -> CleanPage:
    """A grey scan to binary text without rules, plus the rules and the skew removed."""
    angle = skew_angle(gray, dpi)
    straight = rotate(gray, angle) if abs(angle) >= SKEW_STEP / 2 else gray
    ink = binarise(straight)
    horizontal, vertical = rule_masks(ink, dpi)
    rules = cv2.dilate(horizontal | vertical, np.ones((3, 3), np.uint8)) > 0
    letters = np.where(rules | specks(np.where(rules, 0, ink), dpi), 0, ink)
    # Tesseract reads the grey of the letters (their anti-aliased edges help it), but the
    # grey haze around speckle and JPEG noise on the paper misleads it: paper goes white.
    paper = cv2.dilate(letters, np.ones((3, 3), np.uint8)) == 0
    text = np.where(paper, 255, straight).astype(np.uint8)
    return CleanPage(text_image=text, rulings=mask_boxes(horizontal) + mask_boxes(vertical), skew=angle)


def specks(ink: np.ndarray, dpi: float) -> np.ndarray:
    """Scanner speckle in the ink: specks of a few pixels standing alone, smaller than the
    smallest printed mark (a diacritic dot or a full stop). Looked for once the rules are
    out, and not with a median filter, which would also erase a one-pixel rule."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    smallest = max(2, int((SPECK * dpi) ** 2))
    speck = np.zeros(count, dtype=bool)
    speck[1:] = stats[1:, cv2.CC_STAT_AREA] <= smallest
    return speck[labels]


def binarise(gray: np.ndarray) -> np.ndarray:
    """Grey to ink (255) on paper (0) with Otsu's global threshold: a scanned page is
    evenly lit paper with dark print, so one threshold separates them."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def skew_angle(gray: np.ndarray, dpi: float) -> float:
    """The page's tilt in degrees: the angle at which the rows of ink line up best (text
    lines and table rules then make the sharpest horizontal profile)."""
    scale = min(1.0, 100.0 / max(dpi, 1.0))  # ~100 dpi is enough to see lines
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = binarise(small)
    best, best_score = 0.0, -1.0
    for angle in np.arange(-MAX_SKEW, MAX_SKEW + SKEW_STEP / 2, SKEW_STEP):
        profile = rotate(ink, float(angle), fill=0).sum(axis=1, dtype=np.float64)
        score = float(np.square(np.diff(profile)).sum())
        if score > best_score:
            best, best_score = float(angle), score
    return round(best, 2)


def rotate(image: np.ndarray, angle: float, fill: int = 255) -> np.ndarray:
    """The image turned by `angle` degrees (counter-clockwise) about its centre, same size."""
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def rule_masks(ink: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """The pixels of horizontal and of vertical table rules: ink runs far longer than any
    letter stroke, after bridging the small breaks a scan leaves in them. A vertical run
    only as tall as a one-line row (a cell edge in a header row above merged cells)
    counts where it runs from one horizontal rule to another and a long rule elsewhere
    on the page stands in line with it, as a column edge does and a letter's stem does not."""
    gap = max(3, int(RULE_GAP * dpi))
    horizontal = _long_runs(ink, (max(15, int(HORIZONTAL_RULE * dpi)), 1), (gap, 1))
    vertical = _long_runs(ink, (1, max(8, int(SHORT_VERTICAL_RULE * dpi))), (1, gap))
    boxes = mask_boxes(vertical)
    edges = [(b.x0 + b.x1) / 2 for b in boxes if b.bottom - b.top >= VERTICAL_RULE * dpi]
    near_rule = cv2.dilate(horizontal, np.ones((2 * gap + 1, 2 * gap + 1), np.uint8)) > 0
    for box in boxes:
        if box.bottom - box.top >= VERTICAL_RULE * dpi:
            continue
        in_line = any(abs((box.x0 + box.x1) / 2 - x) <= gap for x in edges)
        column = near_rule[:, box.x0:box.x1]
        if not (in_line and column[box.top].any() and column[box.bottom - 1].any()):
            vertical[box.top:box.bottom, box.x0:box.x1] = 0
    return horizontal, vertical


def _long_runs(ink: np.ndarray, length: tuple[int, int], gap: tuple[int, int]) -> np.ndarray:
    bridged = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, gap))
    return cv2.morphologyEx(bridged, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, length))


def mask_boxes(mask: np.ndarray) -> list[PixelBox]:
    """Each connected piece of a rule mask as its bounding box (a horizontal rule a wide
    flat box, a vertical one a tall thin box)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return [PixelBox(int(x), int(y), int(x + w), int(y + h)) for x, y, w, h, _area in stats[1:count]]
