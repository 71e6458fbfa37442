"""DOCX reader on python-docx: paragraphs and tables in document order, merged cells as spans.

Word keeps a merged cell as one `w:tc` with `w:gridSpan` (across columns) and, down a
column, a first `w:tc` with `w:vMerge w:val="restart"` followed by empty `w:tc` with a
bare `w:vMerge` in the rows below. We turn that into one `Cell` with `row_span` /
`col_span`; the continuation cells are left out of their rows. Text in text boxes (the
plan's header block is often drawn in one) comes out as paragraphs where the box is
anchored. Text in legacy fonts (.VnTime, VNI-Times) is converted run by run.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.opc.exceptions import PackageNotFoundError

from extract.model import Cell, Document, Provenance, ReaderError, Table, TableRow, TextBlock
from normalize.encodings import fix_text, font_encoding, to_unicode
from normalize.text import clean_lines

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # encrypted OOXML and old .doc files are OLE containers
# A plan's DOCX unpacks to a few MB (images included); python-docx holds the XML in memory.
MAX_UNPACKED_BYTES = 256 * 2**20


@dataclass
class _Builder:
    """Collects blocks and the reader's text lines, giving each block its first line."""

    blocks: list = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def add_lines(self, text: str) -> int | None:
        """Append the text's non-empty lines; the 1-based line of the first, None if none."""
        new = clean_lines(text)
        if not new:
            return None
        self.lines.extend(new)
        return len(self.lines) - len(new) + 1

    def last_line(self) -> int:
        return max(len(self.lines), 1)


def read_docx(path: Path) -> Document:
    path = Path(path)
    _check_container(path)
    try:
        docx = open_docx(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise ReaderError(f"damaged DOCX file ({type(err).__name__})") from None
    except Exception as err:  # lxml XMLSyntaxError and friends: a broken part inside the zip
        raise ReaderError(f"damaged DOCX file ({type(err).__name__}: {str(err)[:80]})") from None
    fonts = _FontResolver(docx)
    out = _Builder()
    _read_body(docx.element.body, out, fonts)
    return Document(path=str(path), format="docx", blocks=out.blocks, lines=out.lines)


def _check_container(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise ReaderError("the file is empty")
    if head.startswith(_OLE_MAGIC):
        raise ReaderError("the DOCX is password-protected (encrypted) or an old binary .doc file")
    if not head.startswith(b"PK"):
        raise ReaderError("not a DOCX file (no zip container)")
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                raise ReaderError("a zip file without word/document.xml: not a DOCX")
            _check_unpacked_size(archive)
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError) as err:
        # a damaged central directory reads as a zip version or a compression method zipfile lacks
        raise ReaderError(f"damaged DOCX file (broken zip container: {str(err)[:80]})") from None


def _check_unpacked_size(archive: zipfile.ZipFile) -> None:
    """Refuse a container that would unpack past MAX_UNPACKED_BYTES (a zip bomb): the sizes in
    the central directory bound what zipfile will inflate, so they can be trusted."""
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReaderError(f"the DOCX unpacks to {unpacked / 2**20:,.0f} MB, over the "
                          f"{MAX_UNPACKED_BYTES / 2**20:,.0f} MB limit (a zip bomb, or not one plan)")


def _read_body(container, out: _Builder, fonts: "_FontResolver") -> None:
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            _read_paragraph(child, out, fonts)
        elif child.tag == qn("w:tbl"):
            table = _read_table(child, out, fonts)
            if table.rows:
                out.blocks.append(table)
        elif child.tag == qn("w:sdt"):  # content controls wrap ordinary paragraphs/tables
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _read_body(content, out, fonts)


def _read_paragraph(p, out: _Builder, fonts: "_FontResolver") -> None:
    for box in _text_boxes(p):
        _read_body(box, out, fonts)
    line = out.add_lines(paragraph_text(p, fonts))
    if line is not None:
        out.blocks.append(TextBlock(text="\n".join(out.lines[line - 1:]), prov=Provenance(line=line)))


def _text_boxes(p) -> list:
    """Text boxes anchored in the paragraph, each once (Word stores a VML fallback copy)."""
    boxes = []
    for box in p.iter(qn("w:txbxContent")):
        if any(anc.tag == _MC_FALLBACK for anc in box.iterancestors()):
            continue
        if any(anc.tag == qn("w:txbxContent") for anc in box.iterancestors()):
            continue
        boxes.append(box)
    return boxes


def paragraph_text(p, fonts: "_FontResolver") -> str:
    """The paragraph's own text (not its text boxes), legacy-font runs converted."""
    parts: list[str] = []
    for run in _own_runs(p):
        text = _run_text(run)
        if not text:
            continue
        encoding = fonts.encoding_of(run, p)
        parts.append(to_unicode(text, encoding) if encoding else text)
    return fix_text("".join(parts))


def _own_runs(p):
    """Runs of the paragraph, including those inside hyperlinks/insertions, not inside text boxes."""
    for run in p.iter(qn("w:r")):
        if any(anc.tag in (qn("w:txbxContent"), _MC_FALLBACK, qn("w:p")) and anc is not p
               for anc in _ancestors_until(run, p)):
            continue
        yield run


def _ancestors_until(node, stop):
    for anc in node.iterancestors():
        if anc is stop:
            return
        yield anc


def _run_text(run) -> str:
    chunks = []
    for child in run.iterchildren():
        if child.tag == qn("w:t"):
            chunks.append(child.text or "")
        elif child.tag == qn("w:tab"):
            chunks.append("\t")
        elif child.tag in (qn("w:br"), qn("w:cr")):
            chunks.append("\n")
    return "".join(chunks)


def _read_table(tbl, out: _Builder, fonts: "_FontResolver") -> Table:
    table = Table(rows=[], prov=Provenance(line=out.last_line() + 1), spans_known=True)
    open_spans: dict[int, Cell] = {}  # grid column -> the cell a vMerge continues
    for tr in tbl.iterchildren(qn("w:tr")):
        cells: list[Cell] = []
        row_line: int | None = None
        column = _grid_before(tr)
        for tc in tr.iterchildren(qn("w:tc")):
            span = _int_prop(tc, "w:gridSpan", 1)
            merge = _vmerge(tc)
            if merge == "continue" and column in open_spans:
                open_spans[column].row_span += 1
                column += span
                continue
            line = out.add_lines(_cell_text(tc, fonts))
            if row_line is None:
                row_line = line
            cell = Cell(text="\n".join(out.lines[line - 1:]) if line else "",
                        prov=Provenance(line=line or out.last_line()), col_span=span)
            for col in range(column, column + span):
                open_spans.pop(col, None)
            if merge == "restart":
                open_spans[column] = cell
            cells.append(cell)
            column += span
        if cells:
            table.rows.append(TableRow(cells=cells, prov=Provenance(line=row_line or out.last_line())))
    if table.rows:
        table.prov = table.rows[0].prov
    return table


def _cell_text(tc, fonts: "_FontResolver") -> str:
    """A cell's paragraphs one per line; a nested table's cells follow as further lines."""
    lines = []
    for child in tc.iterchildren():
        if child.tag == qn("w:p"):
            for box in _text_boxes(child):
                lines.extend(paragraph_text(p, fonts) for p in box.iter(qn("w:p")))
            lines.append(paragraph_text(child, fonts))
        elif child.tag == qn("w:tbl"):
            for inner_tc in child.iter(qn("w:tc")):
                lines.extend(paragraph_text(p, fonts) for p in inner_tc.iterchildren(qn("w:p")))
    return "\n".join(lines)


def _grid_before(tr) -> int:
    trpr = tr.find(qn("w:trPr"))
    node = trpr.find(qn("w:gridBefore")) if trpr is not None else None
    return int(node.get(qn("w:val"), "0")) if node is not None else 0


def _int_prop(tc, name: str, default: int) -> int:
    tcpr = tc.find(qn("w:tcPr"))
    node = tcpr.find(qn(name)) if tcpr is not None else None
    try:
        return max(1, int(node.get(qn("w:val")))) if node is not None else default
    except (TypeError, ValueError):
        return default


def _vmerge(tc) -> str | None:
    tcpr = tc.find(qn("w:tcPr"))
    node = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
    if node is None:
        return None
    return "restart" if node.get(qn("w:val")) == "restart" else "continue"


class _FontResolver:
    """The legacy encoding of a run's font: the run's own rFonts, else its paragraph style's,
    else the document default (government templates often set .VnTime as the default)."""

    def __init__(self, docx) -> None:
        self._styles = {}
        for style in docx.styles.element.iterchildren(qn("w:style")):
            self._styles[style.get(qn("w:styleId"))] = style
        self._default = None
        defaults = docx.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            self._default = _font_of(defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}"))
        self._cache: dict[str | None, str | None] = {}

    def encoding_of(self, run, p) -> str | None:
        font = _font_of(run.find(qn("w:rPr")))
        if font is None:
            font = self._style_font(_style_id(run.find(qn("w:rPr")), "w:rStyle"))
        if font is None:
            font = self._style_font(_style_id(p.find(qn("w:pPr")), "w:pStyle") or "Normal")
        if font is None:
            font = self._default
        if font not in self._cache:
            self._cache[font] = font_encoding(font)
        return self._cache[font]

    def _style_font(self, style_id: str | None, depth: int = 0) -> str | None:
        style = self._styles.get(style_id) if style_id else None
        if style is None or depth > 10:
            return None
        font = _font_of(style.find(qn("w:rPr")))
        if font is not None:
            return font
        based = style.find(qn("w:basedOn"))
        return self._style_font(based.get(qn("w:val")), depth + 1) if based is not None else None


def _font_of(rpr) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        return None
    return fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))


def _style_id(ppr, tag: str) -> str | None:
    if ppr is None:
        return None
    node = ppr.find(qn(tag))
    return node.get(qn("w:val")) if node is not None else None
