"""A PDF page's words and ruling segments from pdfminer's layout objects, taking only what the
reader uses.

pdfplumber turns every layout object into a dict of some thirty resolved attributes (colours,
graphic state, matrices, paths) before `extract_words` or `edges` read five of them; on a page
of text that conversion costs about as much as interpreting the page. Here each character
keeps the attributes pdfplumber's word extractor reads, and each line, rectangle and curve
gives its segments directly, with pdfplumber's own arithmetic (coordinates measured from the
top of the MediaBox, a rectangle's four sides in pdfplumber's order, a curve's point pairs).
The words come from pdfplumber's own word extractor, so words and segments are the ones
`page.extract_words()` and `page.edges` give (a test compares them on the corpus).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect
from pdfplumber.page import fix_fontname_bytes
from pdfplumber.utils import extract_words

from extract.readers.pdf_layout import Ruling


@dataclass(frozen=True)
class PageFrame:
    """How pdfplumber places a page's pdfminer coordinates (origin at the bottom left of the
    MediaBox) on its own (origin at the top left, `doctop` counted from the first page)."""
    height: float
    left: float       # the MediaBox's x0
    top: float        # the MediaBox's y0, which pdfplumber adds to every top and bottom
    doctop: float     # the page's initial doctop


@dataclass
class PageObjects:
    words: list[dict]      # pdfplumber's word dicts, each with the font name of its first character
    rulings: list[Ruling]  # lines, then rectangles' sides, then curves' segments


def page_objects(page) -> PageObjects:
    """A pdfplumber page's words and ruling segments; its layout is let go afterwards."""
    frame = PageFrame(float(page.height), page.mediabox[0], page.mediabox[1], page.initial_doctop)
    chars, lines, rects, curves = [], [], [], []
    for obj in _leaves(page.layout._objs):
        kind = type(obj)  # pdfplumber sorts objects by their exact class's name
        if kind is LTChar:
            chars.append(_char(obj, frame))
        elif kind is LTLine:
            lines.append(_line_ruling(obj, frame))
        elif kind is LTRect:
            rects += _rect_rulings(obj, frame)
        elif kind is LTCurve:
            curves += _curve_rulings(obj, frame)
    page.__dict__.pop("_layout", None)  # pdfplumber keeps every page's layout until the file closes
    return PageObjects(_words(chars), lines + rects + curves)


def _leaves(objs) -> Iterator:
    """Layout objects with figures opened (pdfplumber's iter_layout_objects without laparams)."""
    for obj in objs:
        if isinstance(obj, LTContainer):
            yield from _leaves(obj._objs)
        else:
            yield obj


def _char(obj: LTChar, frame: PageFrame) -> dict:
    """The attributes pdfplumber's word extractor reads, as pdfplumber computes them."""
    top = (frame.height - obj.y1) + frame.top
    fontname = obj.fontname
    return {"text": obj.get_text(), "x0": obj.x0 + frame.left, "x1": obj.x1 + frame.left, "top": top,
            "bottom": (frame.height - obj.y0) + frame.top, "doctop": frame.doctop + top,
            "width": obj.width, "height": obj.height, "size": obj.size, "upright": obj.upright,
            "fontname": fix_fontname_bytes(fontname) if isinstance(fontname, bytes) else fontname}


def _words(chars: list[dict]) -> list[dict]:
    words = extract_words(chars, return_chars=True) if chars else []
    for word in words:
        word["fontname"] = word.pop("chars")[0]["fontname"]
    return words


def _box(obj, frame: PageFrame) -> tuple[float, float, float, float]:
    return (obj.x0 + frame.left, (frame.height - obj.y1) + frame.top, obj.x1 + frame.left,
            (frame.height - obj.y0) + frame.top)


def _line_ruling(obj: LTLine, frame: PageFrame) -> Ruling:
    return Ruling(*_box(obj, frame))


def _rect_rulings(obj: LTRect, frame: PageFrame) -> list[Ruling]:
    """Top, bottom, left and right sides (pdfplumber's rect_to_edges: the bottom side at
    top + height, as it computes it)."""
    x0, top, x1, bottom = _box(obj, frame)
    lower = top + obj.height
    return [Ruling(x0, top, x1, top), Ruling(x0, lower, x1, lower), Ruling(x0, top, x0, bottom),
            Ruling(x1, top, x1, bottom)]


def _curve_rulings(obj: LTCurve, frame: PageFrame) -> list[Ruling]:
    """One segment per pair of consecutive points (pdfplumber's curve_to_edges)."""
    points = [(frame.left + x, frame.top + frame.height - y) for x, y in obj.pts]
    rulings = []
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        top = min(ay, by)
        rulings.append(Ruling(min(ax, bx), top, max(ax, bx), top if ay == by and ax != bx else max(ay, by)))
    return rulings
