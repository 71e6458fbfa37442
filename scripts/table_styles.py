"""Word table layouts for the PDF layout matrix: rule style, vertical alignment, header.

Each function restyles the plan tables (three or more columns) of a python-docx
Document in place; two-column tables (the site's metadata, the header and signature
blocks) keep their look. LibreOffice then prints them (`make_corpus_formats.libreoffice_convert`).
"""
from __future__ import annotations

from docx.enum.table import WD_ALIGN_VERTICAL
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

RULE_STYLES = ("grid", "horizontal", "vertical", "frame", "header-ruled", "none")
ALIGNMENTS = ("top", "centre")
HEADERS = ("plain", "shaded", "two-level")
SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
# which table borders each rule style draws (header-ruled: none here, the header's cells draw theirs)
DRAWN = {"grid": set(SIDES), "horizontal": {"top", "bottom", "insideH"}, "vertical": {"left", "right", "insideV"},
         "frame": {"top", "left", "bottom", "right"}, "header-ruled": set(), "none": set()}
GROUP_LABEL = "Chi tiết"  # a two-level header's merged top cell over the last two columns


def plan_tables(doc) -> list:
    return [t for t in doc.tables if len(t.columns) >= 3]


def _borders(parent, tag: str, drawn: set[str], sides=SIDES) -> None:
    """Replace `parent`'s border element with one drawing exactly the `drawn` sides."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    borders = OxmlElement(tag)
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single" if side in drawn else "nil")
        if side in drawn:
            edge.set(qn("w:sz"), "4")
            edge.set(qn("w:color"), "000000")
        borders.append(edge)
    parent.append(borders)


def header_rows(table) -> list:
    """The rows Word repeats per page (w:tblHeader), at least the first."""
    rows = [r for r in table.rows if r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None]
    return rows or list(table.rows[:1])


def set_rules(table, style: str) -> None:
    _borders(table._tbl.tblPr, "w:tblBorders", DRAWN[style])
    if style == "header-ruled":
        for row in header_rows(table):
            for cell in row.cells:
                _borders(cell._tc.get_or_add_tcPr(), "w:tcBorders", {"top", "left", "bottom", "right"},
                         sides=("top", "left", "bottom", "right"))


def set_alignment(table, alignment: str) -> None:
    if alignment == "centre":
        for row in table.rows:
            for cell in row.cells:
                cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER


def set_header(table, header: str) -> None:
    if header == "two-level" and len(table.columns) >= 4:
        _add_group_row(table)
    if header == "shaded":
        for row in header_rows(table):
            for cell in row.cells:
                shade = OxmlElement("w:shd")
                shade.set(qn("w:val"), "clear")
                shade.set(qn("w:fill"), "D9D9D9")
                cell._tc.get_or_add_tcPr().append(shade)


def _add_group_row(table) -> None:
    """A row above the header: the last two columns grouped under one merged cell, the
    other header cells merged down over both rows (as plans group 'chủ trì / phối hợp')."""
    first = table.rows[0]
    new = table.add_row()
    table._tbl.remove(new._tr)
    first._tr.addprevious(new._tr)
    for row in (table.rows[0], table.rows[1]):
        trpr = row._tr.get_or_add_trPr()
        if trpr.find(qn("w:tblHeader")) is None:
            trpr.append(OxmlElement("w:tblHeader"))
    width = len(table.columns)
    for c in range(width - 2):
        table.cell(0, c).merge(table.cell(1, c))
    group = table.cell(0, width - 2).merge(table.cell(0, width - 1))
    group.paragraphs[0].add_run(GROUP_LABEL)


def restyle_tables(doc, rules: str, alignment: str, header: str) -> None:
    for table in plan_tables(doc):
        set_header(table, header)  # first: the group row is part of the header the rules draw
        set_rules(table, rules)
        set_alignment(table, alignment)
