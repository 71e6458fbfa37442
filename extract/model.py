"""The document model every reader produces and every later stage reads.

A reader turns one file into a `Document`: an ordered list of blocks, each a
`TextBlock` (a paragraph or line of running text) or a `Table` (rows of cells).
Everything carries provenance: the 1-based line of the reader's text, and the page
where the format knows it. Nothing after the reader looks at the file format.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Provenance:
    line: int | None
    page: int | None = None

    def to_json(self) -> dict:
        return {"page": self.page, "line": self.line}


@dataclass
class Cell:
    """One printed cell. `text` keeps the reader's line breaks (joined later).

    `row_span` / `col_span` are what the source says where it knows the geometry
    (DOCX vMerge/gridSpan, PDF ruling lines, HTML rowspan/colspan). Text scraped from
    a web page does not say: there a merged cell simply is not printed again, and the
    row comes out shorter than the header (see `extract.grid`).
    """

    text: str
    prov: Provenance
    row_span: int = 1
    col_span: int = 1
    # an empty cell at the top of a page under a cell with text: it may be that cell,
    # merged over rows and cut by the page break (a PDF cannot say); the column decides
    may_continue_above: bool = False


@dataclass
class TableRow:
    cells: list[Cell]
    prov: Provenance


@dataclass
class TextBlock:
    text: str
    prov: Provenance


@dataclass
class Table:
    rows: list[TableRow]
    prov: Provenance
    # Where the reader knows cells are vertically merged (spans present), rows are
    # positional; where it does not (scraped text), a short row means "some cells of
    # this row were merged with the row above" and the column is found by content.
    spans_known: bool = False
    # A table printed without rules (a borderless PDF table): rows are positional, but a
    # cell merged over rows prints in its first row only and shows blank below, so a
    # blank cell may be a merged one.
    merges_unmarked: bool = False


Block = TextBlock | Table


@dataclass
class Document:
    path: str
    format: str  # text | pdf | docx | html
    blocks: list[Block]
    # The text the reader produced, one entry per line; every `Provenance.line` is a
    # 1-based index into it. Metadata and narrative extraction read it whole.
    lines: list[str] = field(default_factory=list)
    pages: int | None = None
    # Metadata a web page prints in its own table (Số hiệu, Ngày ban hành, Người ký ...),
    # keyed by the printed label; readers fill it where the source has one.
    site_metadata: dict[str, str] = field(default_factory=dict)
    # Problems the reader noticed, as (code, message, provenance).
    warnings: list[tuple[str, str, Provenance | None]] = field(default_factory=list)

    def text_blocks(self) -> list[TextBlock]:
        return [b for b in self.blocks if isinstance(b, TextBlock)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


class ReaderError(Exception):
    """A file the readers cannot turn into a document (empty, binary, damaged...).

    The message is one line a user can act on; the CLI prints it with the file name.
    """
