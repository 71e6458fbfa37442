"""Words, lines and cells of a PDF page, and how wrapped lines join into paragraphs.

Shared by the ruled-table reader (`extract.readers.pdf`) and the borderless-table
finder (`extract.readers.pdf_stream`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

LINE_TOLERANCE = 3.0  # pt: words whose tops differ less sit on one line
COLUMN_GAP = 12.0  # pt: a gap this wide between words on a line separates two columns


@dataclass
class Word:
    """A word and its box in page coordinates (points, origin top-left), as printed or as
    OCR read it; `size`, `bold` and `conf` are known where the source says them."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float | None = None
    bold: bool = False
    conf: float | None = None


@dataclass(frozen=True)
class Ruling:
    """A ruling segment in page coordinates: horizontal where top == bottom (a rule's
    thickness is in the width or height of the segment, not both)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.top == self.bottom


@dataclass
class Line:
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


@dataclass
class GridCell:
    bbox: tuple[float, float, float, float]
    row: int
    col: int
    row_span: int
    col_span: int
    lines: list[str] = field(default_factory=list)


@dataclass
class PageTable:
    """A table found on one page, before joining: its cells on a grid and its column edges."""

    page: int
    top: float
    bottom: float
    xs: list[float]
    cells: list[GridCell]
    ruled: bool
    # whether the first row (after a repeated header) is the rest of a row the page
    # break cut; None where the reader cannot tell and the first column decides
    continues_row: bool | None = None


def group_lines(words: list[Word]) -> list[Line]:
    """Words on one baseline form a line, left to right; lines top to bottom."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(lines[-1][0].top - word.top) <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [Line(sorted(ws, key=lambda w: w.x0)) for ws in lines]


def split_columns(line: Line, gap: float = COLUMN_GAP) -> list[Line]:
    """A printed line with a wide gap is two things side by side (the header block's
    'Số: 12/KH-UBND' and '<Tỉnh>, ngày ...'; cells of a table without rules), kept apart."""
    parts = [[line.words[0]]]
    for word in line.words[1:]:
        if word.x0 - parts[-1][-1].x1 > gap:
            parts.append([word])
        else:
            parts[-1].append(word)
    return [Line(p) for p in parts]


def paragraphs(lines: list[Line], right_limit: float) -> list[str]:
    """Visual lines joined where the text wrapped: the next line's first word would not
    have fitted at the end of this one, so the writer did not break the line there."""
    out: list[str] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None and wrapped(previous, line, right_limit):
            tight = _tight_join(out[-1], previous, line, right_limit)
            out[-1] += ("" if tight else " ") + line.text
        else:
            out.append(line.text)
        previous = line
    return out


def _tight_join(text: str, previous: Line, line: Line, right_limit: float) -> bool:
    """Wrapped lines that join without a space: a break after a hyphen or slash inside a
    word ("5405/QĐ-" + "BKHCN"), before punctuation or a sign ("đa" + ";", "(c" + "+d)"),
    or inside a word wider than a narrow cell, which the layout cuts where the line is
    full ("lệ/99%*Đi" + "ểm"): only formula tokens glued by signs grow that wide, so the
    line above is that one token, filled to the limit."""
    if re.search(r"\w[-/]$", text) or re.match(r"[;:,)%]|[-+][\w(]", line.text):
        return True
    token = previous.words[0]
    char = (token.x1 - token.x0) / max(len(token.text), 1)
    return (len(previous.words) == 1 and bool(re.search(r"[*/=%+]", token.text))
            and token.x1 >= right_limit - 1.5 * char and line.text[:1].isalpha())


def wrapped(previous: Line, line: Line, right_limit: float) -> bool:
    """Whether `line` goes on with `previous`, wrapped where the cell was full: it is the
    next line down (a line printed higher is on an earlier page, where a wrap cannot be
    seen) and its first word would not have fitted after `previous`."""
    first = line.words[0]
    space = max((first.x1 - first.x0) / max(len(first.text), 1) * 0.5, 2.0)
    close = previous.top < line.top and line.top - previous.bottom < (previous.bottom - previous.top) * 0.9
    return close and previous.x1 + space + (first.x1 - first.x0) > right_limit - 1.0
