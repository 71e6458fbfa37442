"""The prose of a plan as paragraphs: table lines left out, wrapped lines joined, list markers read.

Narrative extraction needs whole paragraphs with their list marker ("1.", "3.2.", "a)", "-",
"+") because the marker says which heading a bullet belongs to. Readers give lines: scraped web
pages print one paragraph per line, PDF conversions wrap a paragraph over several lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalize.text import one_line

# List markers, from the outermost to the innermost. A paragraph belongs under the nearest
# earlier paragraph with a smaller rank.
_MARKERS: list[tuple[float, re.Pattern]] = [
    (0, re.compile(r"^(?P<m>[IVXLC]{1,5})\.\s+")),                 # II. NHIỆM VỤ
    (1, re.compile(r"^(?P<m>\d{1,2})[./)]\s*(?=\D)")),              # 1. Sở Khoa học và Công nghệ
    (2, re.compile(r"^(?P<m>\d{1,2}\.\d{1,2})\.?\s+(?=\D)")),      # 3.1. Nhận thức số
    (3, re.compile(r"^(?P<m>\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s+(?=\D)")),
    (4, re.compile(r"^(?P<m>[a-zđ])\)\s*")),                        # a) Xây dựng ...
    (5, re.compile(r"^(?P<m>\(\d{1,2}\))\s*")),                     # (1) Phát triển ...
    (6, re.compile(r"^(?P<m>[-–—])\s*")),                           # - bullet
    (7, re.compile(r"^(?P<m>[+•*])\s*")),                           # + sub-bullet
]
# An unmarked paragraph sits between lettered items and bullets: "Sở KH&CN chủ trì, phối hợp
# với ...:" introduces "-" bullets, and ends where the next unmarked paragraph starts.
UNMARKED_RANK = 5.5
# Sentence ends that close a wrapped paragraph. Not ';': lists run over several lines with it
# ("... Công an tỉnh; Cục Thuế tỉnh;" / "Cục Thống kê tỉnh; ...").
_TERMINAL = ".:!?…"


@dataclass
class Paragraph:
    text: str                      # without its marker, wrapped lines joined by spaces
    line: int                      # 1-based line where it starts
    rank: float
    marker: str | None = None
    # (offset in text, line number) for each joined line, to give a sentence its own line
    line_starts: list[tuple[int, int]] = field(default_factory=list)
    after_table: bool = False     # a table stands between this paragraph and the one before
    title: bool = False           # an all-capitals section title

    @property
    def is_heading(self) -> bool:
        """A title, or a short numbered line with no sentence end ("1. Sở Khoa học và Công
        nghệ", "7. Các doanh nghiệp viễn thông, công nghệ thông tin trên địa bàn tỉnh"): it
        names a section, it does not give a task."""
        short = len(self.text.split()) <= 15 and self.text.rstrip()[-1:] not in ".;"
        return self.title or (self.rank <= 4 and short)

    @property
    def last_line(self) -> int:
        return self.line_starts[-1][1] if self.line_starts else self.line

    def line_at(self, offset: int) -> int:
        found = self.line
        for start, line in self.line_starts:
            if start <= offset:
                found = line
        return found


def is_table_line(line: str) -> bool:
    """Cells of a scraped table end with ' |' or stand alone as '|'; pasted tables use tabs."""
    stripped = line.rstrip()
    return stripped.endswith(" |") or stripped == "|" or "\t" in line


def table_line_numbers(lines: list[str], window: int = 8) -> set[int]:
    """1-based numbers of table lines: cell lines, plus the lines of a cell's text that a PDF
    scrape wraps between two lone '|' cell separators a few lines apart."""
    inside = {i + 1 for i, line in enumerate(lines) if is_table_line(line)}
    separators = [i for i, line in enumerate(lines) if line.strip() == "|"]
    for left, right in zip(separators, separators[1:]):
        if right - left <= window:
            inside.update(range(left + 1, right + 2))
    return inside


def split_marker(text: str) -> tuple[float, str | None, str]:
    for rank, pattern in reversed(_MARKERS):
        match = pattern.match(text)
        if match and match.end() < len(text):
            return rank, match.group("m"), text[match.end():]
    return UNMARKED_RANK, None, text


def is_hard_wrapped(lines: list[str], share: float = 0.15) -> bool:
    """PDF conversions wrap paragraphs at a fixed width: many lines then start mid-sentence with
    a lowercase letter. Web scrapes print a paragraph per line, where that is rare. Lines with
    a list marker ("a) ...") do not count: they start paragraphs in both."""
    starts = [line.lstrip()[:1] for line in lines if line.strip() and split_marker(line.strip())[1] is None]
    letters = [c for c in starts if c.isalpha()]
    return bool(letters) and sum(c.islower() for c in letters) / len(letters) >= share


def is_title(text: str) -> bool:
    """An all-capitals line ("PHỤ LỤC II", "TỔ CHỨC THỰC HIỆN") is a section title: it closes
    every heading above it."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def paragraphs(numbered_lines: list[tuple[int, str]], hard_wrapped: bool | None = None) -> list[Paragraph]:
    """Join wrapped lines into paragraphs. A line starts a new paragraph when it has a list
    marker, or (outside hard-wrapped text) when it starts with a capital letter; in
    hard-wrapped text a line continues the paragraph unless the paragraph ended a sentence."""
    cleaned = [(n, text) for n, raw in numbered_lines for text in [one_line(raw)] if text]
    if hard_wrapped is None:
        hard_wrapped = is_hard_wrapped([text for _, text in cleaned])
    out: list[Paragraph] = []
    for number, text in cleaned:
        rank, marker, body = split_marker(text)
        title = is_title(body)
        if title:
            rank = 0
        current = out[-1] if out else None
        continues = current is not None and marker is None and current.title == title and (
            text[0].islower() or (hard_wrapped and current.text[-1:] not in _TERMINAL))
        if continues:
            current.line_starts.append((len(current.text) + 1, number))
            current.text = f"{current.text} {text}"
        else:
            out.append(Paragraph(body, number, rank, marker, [(0, number)], title=title))
    return out


def line_paragraphs(lines: list[str]) -> list[Paragraph]:
    """Paragraphs of a document's text lines (Document.lines or a text file's lines)."""
    table = table_line_numbers(lines)
    return _mark_tables(paragraphs([(n, line) for n, line in enumerate(lines, 1) if n not in table]), table)


def document_paragraphs(document) -> list[Paragraph]:
    """Paragraphs of a Document's text blocks (the reader has already set tables apart)."""
    numbered = []
    for block in document.text_blocks():
        first = block.prov.line or 0
        numbered += [(first + i, part) for i, part in enumerate(block.text.split("\n"))]
    table = {t.prov.line for t in document.tables() if t.prov.line is not None}
    return _mark_tables(paragraphs(numbered), table)


def _mark_tables(paras: list[Paragraph], table_lines: set[int]) -> list[Paragraph]:
    previous = 0
    for para in paras:
        para.after_table = any(previous < n < para.line for n in table_lines)
        previous = para.last_line
    return paras
