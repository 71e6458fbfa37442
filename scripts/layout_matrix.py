"""The PDF layout matrix: every seed's tables printed in each rule style, vertical
alignment and header kind, read back and scored against the gold.

    python scripts/layout_matrix.py [--cells diagonal|full|STYLE/*|STYLE/ALIGN/HEADER ...] [--keep DIR]
                                    [--setups tuned|wide|held-out]
    python scripts/layout_matrix.py --cells ... --seeds STEM --samples tests/data/readers/layout

A cell of the matrix is (rule style, alignment, header): the corpus DOCX files restyled
(`table_styles`), printed by LibreOffice in three font / page setups (the setup turns with the cell and
with the seed inside it, so every cell is seen in all three fonts and page sizes), run
through the pipeline and scored with tests/tools/score.py. `diagonal` is one cell per
rule style that between them cover every alignment, header and setup; `full` is all 36.
Prints a markdown table (field F1, rows P/R per cell).
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

from docx import Document as OpenDocx
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from make_corpus_formats import libreoffice_convert  # noqa: E402
from table_styles import ALIGNMENTS, HEADERS, RULE_STYLES, plan_tables, restyle_tables  # noqa: E402

# font, size (pt), page (mm, width x height)
SETUPS = (("Liberation Serif", 12, (210, 297)), ("DejaVu Sans", 10, (297, 210)),
          ("Liberation Sans Narrow", 11, (216, 279)))
# More fonts, sizes and pages (`--setups wide`: A5, US Legal, A3 landscape) for tuning the
# readers beyond SETUPS, and a held-out set (`--setups held-out`: B5, A4 landscape, Letter
# landscape, A3) that nobody tunes on, to tell a reader that generalises from one fitted to
# the setups it was developed on.
WIDE_SETUPS = (("Nimbus Roman", 11, (148, 210)), ("URW Bookman", 9, (420, 297)),
               ("P052", 13, (216, 356)), ("Nimbus Sans", 10, (297, 210)), ("DejaVu Serif", 12, (210, 297)))
HELD_OUT_SETUPS = (("C059", 11, (176, 250)), ("URW Gothic", 10, (297, 210)),
                   ("DejaVu Sans Condensed", 9, (279, 216)), ("Nimbus Sans Narrow", 12, (297, 420)))
SETS = {"tuned": SETUPS, "wide": WIDE_SETUPS, "held-out": HELD_OUT_SETUPS}
Cell = tuple[str, str, str]  # rule style, alignment, header


def all_cells() -> list[Cell]:
    return list(itertools.product(RULE_STYLES, ALIGNMENTS, HEADERS))


def diagonal() -> list[Cell]:
    return [(style, ALIGNMENTS[i % 2], HEADERS[i % 3]) for i, style in enumerate(RULE_STYLES)]


def setup_of(cell: Cell, seed: int = 0, setups=SETUPS) -> tuple[str, int, tuple[int, int]]:
    """The font / page setup of the cell's `seed`-th source: turning with the seed, so that a
    cell's score is not the score of one font and page size."""
    return setups[(all_cells().index(cell) + seed) % len(setups)]


def setups_label(cell: Cell, sources: int, setups=SETUPS) -> str:
    """The setups a cell was printed in, as the table's column shows them."""
    used = dict.fromkeys(setup_of(cell, seed, setups) for seed in range(sources))
    return "; ".join(f"{font} {size}, {page[0]}x{page[1]} mm" for font, size, page in used)


def render(sources: list[Path], cell: Cell, folder: Path, setups=SETUPS) -> Path:
    """The sources restyled for one cell and printed to PDF in folder/pdf; a PDF an earlier run
    into the same --keep folder made is kept, so a reader change is re-scored quickly."""
    pdf_dir, docx_dir = folder / "pdf", folder / "docx"
    missing = [(seed, s) for seed, s in enumerate(sources) if not (pdf_dir / f"{s.stem}.pdf").is_file()]
    if not missing:
        return pdf_dir
    docx_dir.mkdir(parents=True, exist_ok=True)
    for seed, source in missing:
        doc = OpenDocx(source)
        page_setup(doc, *setup_of(cell, seed, setups))
        restyle_tables(doc, *cell)
        doc.save(docx_dir / source.name)
    libreoffice_convert([docx_dir / source.name for _, source in missing], pdf_dir)
    return pdf_dir


def page_setup(doc, font: str, size: int, page: tuple[int, int]) -> None:
    """The Normal style's font and every section's page; a table wider than the page's text
    is narrowed to it, as a writer setting a smaller page lets Word fit it (else the columns
    past the page edge are not printed at all)."""
    doc.styles["Normal"].font.name, doc.styles["Normal"].font.size = font, Pt(size)
    for section in doc.sections:
        section.page_width, section.page_height = Mm(page[0]), Mm(page[1])
        section.orientation = WD_ORIENT.LANDSCAPE if page[0] > page[1] else WD_ORIENT.PORTRAIT
    section = doc.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in doc.tables:
        fit_table(table, text_width)


def fit_table(table, text_width: int) -> None:
    """Scale the table's grid and cell widths (EMU) down to text_width where they exceed it."""
    grid = table._tbl.tblGrid.gridCol_lst
    total = sum(col.w or 0 for col in grid)
    if total <= text_width:
        return
    scale = text_width / total
    for col in grid:
        col.w = int(col.w * scale)
    for row in table.rows:
        for tc in row._tr.tc_lst:
            if tc.tcPr is not None and tc.tcPr.tcW is not None and tc.tcPr.tcW.w:
                tc.tcPr.tcW.w = int(tc.tcPr.tcW.w * scale)


def write_samples(source: Path, cells: list[Cell], out: Path, rows: int = 14) -> None:
    """Small test files: the first plan table of one seed (its first `rows` rows) alone,
    restyled per cell, as DOCX and the PDF LibreOffice prints from it (tests/data/readers/layout)."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for cell in cells:
        doc = OpenDocx(source)
        page_setup(doc, *setup_of(cell))
        keep = plan_tables(doc)[0]
        for element in list(doc.element.body):
            if element is not keep._tbl and not element.tag.endswith("sectPr"):
                doc.element.body.remove(element)
        for row in list(keep.rows)[rows:]:
            keep._tbl.remove(row._tr)
        restyle_tables(doc, *cell)
        path = out / f"{source.stem[:3]}-{'-'.join(cell)}.docx"
        doc.save(path)
        made.append(path)
    libreoffice_convert(made, out)


def score_folder(pdf_dir: Path) -> dict:
    """Field F1 and rows P/R of the pipeline's output on every PDF in the folder."""
    from dtiplan.pipeline import process
    from tests.tools import score

    total = score.Tally()
    for path in sorted(pdf_dir.glob("*.pdf")):
        gold = json.loads((ROOT / "tests" / "data" / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
        total.merge(score.select(score.compare_doc(gold, process(path)), None, None))
    p, r = total.prf("rows")[:2]
    return {"f1": total.prf()[2], "rows_p": p, "rows_r": r}


def parse_cells(specs: list[str]) -> list[Cell]:
    cells: list[Cell] = []
    for spec in specs:
        if spec == "diagonal":
            cells += diagonal()
        elif spec == "full":
            cells += all_cells()
        elif spec.endswith("/*"):  # a rule style's full row: STYLE/*
            cells += [c for c in all_cells() if c[0] == spec[:-2]]
        else:
            cell = tuple(spec.split("/"))
            if cell not in all_cells():
                raise SystemExit(f"unknown cell {spec!r}: STYLE/ALIGN/HEADER from {RULE_STYLES} {ALIGNMENTS} {HEADERS}")
            cells.append(cell)
    return list(dict.fromkeys(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cells", nargs="*", default=["diagonal"])
    parser.add_argument("--keep", type=Path, help="write the renderings here")
    parser.add_argument("--seeds", nargs="*", help="corpus DOCX stems (default: all)")
    parser.add_argument("--samples", type=Path, help="write the tests' small files for the cells here instead")
    parser.add_argument("--setups", choices=sorted(SETS), default="tuned",
                        help="fonts and pages: those the readers were developed on, more for tuning, or held out")
    args = parser.parse_args()
    setups = SETS[args.setups]
    sources = sorted((ROOT / "corpus").glob("*.docx"))
    if args.seeds:
        sources = [s for s in sources if s.stem in args.seeds]
    if args.samples:
        write_samples(sources[0], parse_cells(args.cells), args.samples)
        return
    print("| rule style | alignment | header | font, page | field F1 | rows P | rows R |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        for cell in parse_cells(args.cells):
            started = time.perf_counter()
            pdf_dir = render(sources, cell, work / "-".join(cell), setups)
            result = score_folder(pdf_dir)
            print(f"| {cell[0]} | {cell[1]} | {cell[2]} | {setups_label(cell, len(sources), setups)} "
                  f"| {result['f1']:.4f} | {result['rows_p']:.3f} | {result['rows_r']:.3f} |", flush=True)
            print(f"<!-- {time.perf_counter() - started:.0f} s -->", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
