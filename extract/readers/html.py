"""HTML reader for a saved legal-document web page (the pages the seed texts come from).

Such a page wraps the document in site furniture (menus, related links, comments). The
document body is taken as the element that holds the most text in paragraphs and tables
once navigation is left out: the body of every legal-document site is the one big block
of prose. The site's own metadata table ("Số hiệu | 18/KH-UBND", "Ngày ban hành | ...")
is any table of label/value rows whose labels the vocabulary in
`normalize/data/site_metadata_labels.json` lists; it goes to `Document.site_metadata`.
Tables honour rowspan/colspan as spans.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import lxml.html
from lxml import etree

from extract.model import Cell, Document, Provenance, ReaderError, Table, TableRow, TextBlock
from normalize.encodings import decode_bytes, fix_text
from normalize.text import clean_lines, fold

_LABELS_FILE = Path(__file__).parents[2] / "normalize" / "data" / "site_metadata_labels.json"


@lru_cache(maxsize=1)
def metadata_labels() -> frozenset[str]:
    """Labels legal-document sites print in their metadata table, folded for comparison."""
    return frozenset(fold(x) for x in json.loads(_LABELS_FILE.read_text(encoding="utf-8"))["labels"])


_SKIP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
         "select", "iframe", "svg", "head")
# C0 control characters are never document text (a damaged or spliced page carries
# them); lxml refuses to hold them in a tree it edits, so they go before parsing.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BLOCK = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article", "blockquote")


def read_html(path: Path) -> Document:
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise ReaderError("the file is empty")
    if b"\x00" in data[:1024] or b"<" not in data[:4096]:
        raise ReaderError("not an HTML file (binary or no markup)")
    try:
        root = lxml.html.document_fromstring(_CONTROL.sub("", decode_bytes(data)))
    except (etree.ParserError, ValueError) as err:
        raise ReaderError(f"damaged HTML ({str(err)[:80]})") from None
    for bad in root.xpath("//script|//style|//noscript|//comment()"):
        bad.drop_tree() if hasattr(bad, "drop_tree") else bad.getparent().remove(bad)
    doc = Document(path=str(path), format="html", blocks=[])
    body = _main_body(root)
    metadata_table = _metadata_table(root)
    if metadata_table is not None:
        doc.site_metadata = _metadata(metadata_table)
    if body is None:
        raise ReaderError("the HTML page has no document text")
    _walk(body, doc, skip=metadata_table)
    if not doc.lines:
        raise ReaderError("the HTML page has no document text")
    return doc


def _text_len(node) -> int:
    return len("".join(node.itertext()).strip())


def _main_body(root):
    """The element with the most text whose text is not mostly links (menus, related
    documents): scoring each candidate by its own text minus link text, the deepest
    element that still holds 80% of the best score."""
    best, best_score = None, 0
    scores = {}
    for node in root.iter("div", "article", "section", "td", "body", "main"):
        if _in_skipped(node):
            continue
        total = _text_len(node)
        links = sum(_text_len(a) for a in node.iter("a"))
        scores[node] = total - links
        if scores[node] > best_score:
            best, best_score = node, scores[node]
    if best is None:
        return root.find("body") if root.find("body") is not None else root
    # descend while one child keeps most of the text (drop the side columns around the body)
    node = best
    while True:
        children = [c for c in node if isinstance(c.tag, str) and c in scores]
        top = max(children, key=lambda c: scores[c], default=None)
        if top is None or scores[top] < 0.8 * scores[node] or top.tag == "td":
            return node
        node = top


def _in_skipped(node) -> bool:
    return any(isinstance(a.tag, str) and a.tag in _SKIP for a in node.iterancestors()) or node.tag in _SKIP


def _metadata_table(root):
    for table in root.iter("table"):
        labels = [fold(" ".join(tr.xpath("./td[1]//text()|./th[1]//text()"))).rstrip(": ")
                  for tr in table.iter("tr")]
        known = sum(1 for label in labels if label in metadata_labels())
        if known >= 3 and known * 2 >= len([x for x in labels if x]):
            return table
    return None


def _metadata(table) -> dict[str, str]:
    """Label -> value for each row; rows of two pairs ('Số hiệu | X | Ngày | Y') give both."""
    out: dict[str, str] = {}
    for tr in table.iter("tr"):
        cells = [" ".join(clean_lines(fix_text(" ".join(td.itertext())))) for td in tr if td.tag in ("td", "th")]
        for label, value in zip(cells[::2], cells[1::2]):
            label = label.rstrip(": ")
            if label and fold(label) in metadata_labels() and value and label not in out:
                out[label] = value
    return out


def _walk(node, doc: Document, skip) -> None:
    """Paragraph text and tables in document order; nested block tags end a paragraph."""
    buffer: list[str] = []

    def flush() -> None:
        for line in clean_lines(fix_text("".join(buffer))):
            doc.lines.append(line)
            doc.blocks.append(TextBlock(text=line, prov=Provenance(line=len(doc.lines))))
        buffer.clear()

    def visit(el) -> None:
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            if el.tail:
                buffer.append(_ws(el.tail))
            return
        if el is skip:
            if el.tail:
                buffer.append(_ws(el.tail))
            return
        if el.tag == "table":
            flush()
            table = _table(el, doc)
            if table.rows:
                doc.blocks.append(table)
        else:
            if el.tag in _BLOCK:
                buffer.append("\n")
            if el.text:
                buffer.append(_ws(el.text))
            for child in el:
                visit(child)
            if el.tag in _BLOCK:
                buffer.append("\n")
        if el.tail:
            buffer.append(_ws(el.tail))

    visit(node)
    flush()


def _table(table, doc: Document) -> Table:
    rows: list[TableRow] = []
    for tr in table.iter("tr"):
        if tr.getparent() is not table and _owner_table(tr) is not table:
            continue  # a nested table's rows belong to the cell that holds it
        cells = []
        row_line = None
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            lines = clean_lines(fix_text(_cell_text(td)))
            doc.lines.extend(lines)
            line = len(doc.lines) - len(lines) + 1 if lines else max(len(doc.lines), 1)
            row_line = row_line or (line if lines else None)
            cells.append(Cell(text="\n".join(lines), prov=Provenance(line=line),
                              row_span=_span(td, "rowspan"), col_span=_span(td, "colspan")))
        if cells:
            rows.append(TableRow(cells=cells, prov=Provenance(line=row_line or max(len(doc.lines), 1))))
    prov = rows[0].prov if rows else Provenance(line=max(len(doc.lines), 1))
    return Table(rows=rows, prov=prov, spans_known=True)


def _owner_table(tr):
    for anc in tr.iterancestors("table"):
        return anc
    return None


def _cell_text(td) -> str:
    parts: list[str] = []

    def visit(el) -> None:
        if not isinstance(el.tag, str):
            return
        if el.tag in _BLOCK:
            parts.append("\n")
        if el.text:
            parts.append(_ws(el.text))
        for child in el:
            visit(child)
            if child.tail:
                parts.append(_ws(child.tail))
        if el.tag in _BLOCK:
            parts.append("\n")

    visit(td)
    return "".join(parts)


def _ws(text: str) -> str:
    """Source line breaks are white space in HTML; only block tags and <br> break lines."""
    return re.sub(r"\s+", " ", text)


def _span(td, name: str) -> int:
    try:
        return max(1, int(td.get(name, "1")))
    except ValueError:
        return 1
