"""Render each seed text plan as a DOCX with real Word tables and a PDF made from it.

    python scripts/make_corpus_formats.py [--corpus corpus] [--no-pdf]

For each `corpus/<stem>.txt` this writes `corpus/<stem>.docx` (python-docx) and
`corpus/<stem>.pdf` (LibreOffice, `soffice --headless --convert-to pdf`), and in
`corpus/variants/` the renderings that exercise the readers' harder paths:
  - `<stem>.borderless.pdf`: the same plan with no ruling lines in any table;
  - `<stem>.a5.pdf`: narrow A5 pages, so long tables run over many pages;
  - `<stem>.tcvn3.docx`: the text typed in the TCVN3 fonts (.VnTime / .VnTimeH).

The DOCX is built from the project's own text reader (`extract.read.read_document`):
text blocks become paragraphs, tables become Word tables. Scraped text does not print a
merged cell again, so a table row comes out shorter than the header; an indicator table
is laid out as the text pipeline reads it (`extract.rows.fill_grid`), each cell the
pipeline takes from the row above (a merged agency or reason) merged vertically (vMerge)
with the cell above it.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document as NewDocx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract.model import Table, TextBlock  # noqa: E402
from extract.rows import fill_grid  # noqa: E402
from extract.tables import IndicatorTable, classify  # noqa: E402
from extract.read import read_document  # noqa: E402
from normalize.encodings import _tables as legacy_tables  # noqa: E402
from normalize.text import clean_lines  # noqa: E402

def grid_of(table: Table, indicator: IndicatorTable | None) -> list[list[str | None]]:
    """The table as a full grid; None marks a position merged with the cell above.

    An indicator table is laid out as the text pipeline reads it (`extract.rows.fill_grid`):
    each cell in its column, and a cell the pipeline takes from the row above (a merged
    agency or reason) merged vertically, so the rendering says what the gold says. Other
    tables (the site's metadata, the header block) are printed as they are, short rows
    padded at the end.
    """
    if indicator is not None:
        header = [c.text for c in table.rows[0].cells]
        filled = fill_grid(indicator, [])
        return [header] + [[None if merged else text for text, merged in zip(r.texts, r.inherited)] for r in filled]
    width = max(len(r.cells) for r in table.rows)
    return [[c.text for c in r.cells] + [""] * (width - len(r.cells)) for r in table.rows]


def _fingerprint(table: Table) -> tuple:
    return tuple(tuple(c.text for c in row.cells) for row in table.rows)


def add_table(doc, table: Table, indicator: IndicatorTable | None, borders: bool, encode) -> None:
    grid = grid_of(table, indicator)
    width = len(grid[0])
    word_table = doc.add_table(rows=len(grid), cols=width)
    if borders:
        word_table.style = "Table Grid"
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            cell = word_table.cell(r, c)
            if text is None:
                continue
            lines = clean_lines(text) or [""]  # as a printed plan shows it: no web markup
            write_runs(cell.paragraphs[0], lines[0], encode)
            for line in lines[1:]:
                write_runs(cell.add_paragraph(), line, encode)
    for c in range(width):  # vertical merges, bottom-up so each run is merged once
        r = len(grid) - 1
        while r > 0:
            if grid[r][c] is None:
                top = r
                while top > 0 and grid[top][c] is None:
                    top -= 1
                word_table.cell(top, c).merge(word_table.cell(r, c))
                r = top
            r -= 1
    if table.rows and len(table.rows) > 1:
        mark_header_row(word_table.rows[0])


def mark_header_row(row) -> None:
    """Word repeats a header row on every page the table runs over (w:tblHeader)."""
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    trpr.append(flag)


def write_runs(paragraph, text: str, encode) -> None:
    for run_text, font in encode(text):
        run = paragraph.add_run(run_text)
        if font:
            run.font.name = font
            rpr = run._r.get_or_add_rPr()
            rpr.rFonts.set(qn("w:hAnsi"), font)
            rpr.rFonts.set(qn("w:cs"), font)


def unicode_runs(text: str):
    return [(text, None)]


def tcvn3_runs(text: str):
    """Unicode text typed the way a TCVN3 office types it: lowercase and the seven capitals
    TCVN3 has in .VnTime, the other accented capitals in .VnTimeH (same codes, capital glyphs)."""
    table = legacy_tables()["tcvn3"]
    encode = {uni: code for code, uni in table.items()}
    runs: list[tuple[str, str]] = []
    for ch in text:
        if ch in encode:
            piece, font = encode[ch], ".VnTime"
        elif ch.lower() in encode and ch.lower() != ch:
            piece, font = encode[ch.lower()], ".VnTimeH"
        else:
            piece, font = ch, ".VnTime"
        if runs and runs[-1][1] == font:
            runs[-1] = (runs[-1][0] + piece, font)
        else:
            runs.append((piece, font))
    return runs


def build_docx(seed: Path, out: Path, borders: bool = True, page: str = "A4", encode=unicode_runs) -> None:
    source = read_document(seed)
    # keyed by content: a table the page printed twice is laid out the same both times
    indicators = {_fingerprint(t.table): t for t in classify(source)}
    doc = NewDocx()
    section = doc.sections[0]
    width, height = (Mm(210), Mm(297)) if page == "A4" else (Mm(148), Mm(210))
    section.page_width, section.page_height = width, height
    section.orientation = WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20 if page == "A4" else 12))
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(12 if page == "A4" else 9)
    add_page_number_footer(section)
    for block in source.blocks:
        if isinstance(block, TextBlock):
            for line in clean_lines(block.text):
                write_runs(doc.add_paragraph(), line, encode)
        elif isinstance(block, Table) and block.rows:
            add_table(doc, block, indicators.get(_fingerprint(block)), borders, encode)
            doc.add_paragraph()
    doc.save(out)


def add_page_number_footer(section) -> None:
    """A centred PAGE field in the footer, as plans print: the PDF reader must drop it."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = 1
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        else:
            node = OxmlElement("w:instrText")
            node.text = text
        run._r.append(node)


def libreoffice_convert(files: list[Path], out_dir: Path, target: str = "pdf") -> None:
    """LibreOffice converts the files (to PDF, or to another `--convert-to` target)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed for the PDFs: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", target, "--outdir", str(out_dir), *map(str, files)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    seeds = sorted(args.corpus.glob("*.txt"))
    variants = args.corpus / "variants"
    variants.mkdir(exist_ok=True)
    main_docx = []
    for seed in seeds:
        out = seed.with_suffix(".docx")
        build_docx(seed, out)
        main_docx.append(out)
    if not seeds:
        raise SystemExit(f"no seed texts in {args.corpus}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        variant_docx = []
        for seed in seeds[:2]:  # two plans are enough to exercise each hard path
            borderless = tmp_dir / f"{seed.stem}.borderless.docx"
            build_docx(seed, borderless, borders=False)
            a5 = tmp_dir / f"{seed.stem}.a5.docx"
            build_docx(seed, a5, page="A5")
            variant_docx += [borderless, a5]
        build_docx(seeds[0], variants / f"{seeds[0].stem}.tcvn3.docx", encode=tcvn3_runs)
        if not args.no_pdf:
            libreoffice_convert(main_docx, args.corpus)
            libreoffice_convert(variant_docx, variants)
    for path in main_docx:
        print("wrote", path, "and", path.with_suffix(".pdf") if not args.no_pdf else "")


if __name__ == "__main__":
    main()
