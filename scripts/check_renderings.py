"""Accuracy on renderings the corpus does not ship: other fonts, page sizes, no rules, a browser.

    python scripts/check_renderings.py [--keep DIR] [--only NAME ...]
    python scripts/check_renderings.py --rescore DIR [--only NAME ...]   # the current code on renderings kept before

The readers must not be tuned to the committed DOCX/PDF files, so this script renders
the corpus DOCX files again in other ways, runs the main job on each set and scores it
against the gold copy in tests/data/gold (tests/tools/score.py), printing one line per
rendering. Needs LibreOffice (`soffice`); the browser renderings also need Chromium and
are skipped without it. Made files go to a temporary directory unless --keep is given.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document as OpenDocx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ALIGN_VERTICAL
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from make_corpus_formats import libreoffice_convert  # noqa: E402  (the corpus's own LibreOffice call)

# name: Normal font, size (pt), page (mm, w x h), table rules, cells centred vertically
OFFICE = {
    "sans-landscape": ("DejaVu Sans", 10, (297, 210), True, False),
    "narrow-letter": ("Liberation Sans Narrow", 11, (216, 279), True, False),
    "serif13-centred": ("Liberation Serif", 13, (210, 297), True, True),
    "borderless-sans": ("DejaVu Sans", 10, (210, 297), False, False),
    "borderless-landscape": ("Liberation Serif", 12, (297, 210), False, False),
    "borderless-narrow-letter": ("Liberation Sans Narrow", 12, (216, 279), False, False),
}
# name: the cell border LibreOffice's HTML export draws replaced by (CSS), cell alignment,
# a style sheet added to the page (font, page size)
BROWSER_BORDER = "border: 1px solid #000000"
BROWSER = {
    "browser-ruled": (BROWSER_BORDER, "top", ""),
    "browser-borderless": ("border: none", "top", ""),
    # a Word-like table style drawn by CSS: rules between the rows only, cells centred
    "browser-horizontal-centred": ("border: none; border-bottom: 1px solid #000000", "middle", ""),
    "browser-sans-landscape": ("border: none", "top",
                               "<style>@page { size: A4 landscape } body, td, p { font-family: 'DejaVu Sans' }</style>"),
}


def restyle(source: Path, out: Path, font: str, size: int, page: tuple[int, int], rules: bool, centred: bool) -> None:
    doc = OpenDocx(source)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = font, Pt(size)
    for section in doc.sections:
        section.page_width, section.page_height = Mm(page[0]), Mm(page[1])
        section.orientation = WD_ORIENT.LANDSCAPE if page[0] > page[1] else WD_ORIENT.PORTRAIT
    for table in doc.tables:
        if not rules:
            table.style = doc.styles["Normal Table"]
        for row in table.rows if centred else ():
            for cell in row.cells:
                cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    doc.save(out)


def office_renderings(sources: list[Path], work: Path, names: list[str]) -> dict[str, Path]:
    made = {}
    for name in names:
        docx_dir, pdf_dir = work / "docx" / name, work / name
        docx_dir.mkdir(parents=True)
        for source in sources:
            restyle(source, docx_dir / source.name, *OFFICE[name])
        libreoffice_convert(sorted(docx_dir.iterdir()), pdf_dir)
        made[name] = pdf_dir
    return made


def browser_renderings(sources: list[Path], work: Path, names: list[str]) -> dict[str, Path]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser or not names:
        return {}
    html_dir = work / "html"
    libreoffice_convert(sources, html_dir, target="html")
    made = {}
    for name in names:
        out = work / name
        out.mkdir()
        border, valign, sheet = BROWSER[name]
        for page in sorted(html_dir.glob("*.html")):
            html = page.read_text(encoding="utf-8", errors="replace").replace(BROWSER_BORDER, border)
            html = html.replace('valign="top"', f'valign="{valign}"').replace("</head>", f"{sheet}</head>", 1)
            styled = work / f"{name}-{page.name}"
            styled.write_text(html, encoding="utf-8")
            subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                            f"--print-to-pdf={out / (page.stem + '.pdf')}", styled.as_uri()],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        made[name] = out
    return made


def score(rendering: Path, work: Path) -> dict:
    outputs = work / "outputs" / rendering.name
    shutil.rmtree(outputs, ignore_errors=True)  # a rescore reads no output an earlier run left
    subprocess.run([sys.executable, "-c", "from dtiplan.cli import main; main()", "run", str(rendering),
                    "--out", str(outputs)],
                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "tools" / "score.py"), str(outputs),
                             str(ROOT / "tests" / "data" / "gold"), "--json"],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="write the renderings and outputs here")
    parser.add_argument("--only", nargs="*", choices=[*OFFICE, *BROWSER], help="renderings to make")
    parser.add_argument("--rescore", type=Path, metavar="DIR",
                        help="score the renderings an earlier --keep DIR made, without making them again "
                             "(the same PDFs read by another version of the code)")
    args = parser.parse_args()
    sources = sorted((ROOT / "corpus").glob("*.docx"))
    names = args.only or [*OFFICE, *BROWSER]
    with tempfile.TemporaryDirectory() as tmp:
        work = args.rescore or args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.rescore:
            made = {name: work / name for name in names if (work / name).is_dir()}
        else:
            made = office_renderings(sources, work, [n for n in names if n in OFFICE])
            made |= browser_renderings(sources, work, [n for n in names if n in BROWSER])
        print(f"{'rendering':26} {'F1':>7} {'rows P':>7} {'rows R':>7}")
        for name, folder in made.items():
            result = score(folder, work)
            rows = result["fields"]["rows"]
            print(f"{name:26} {result['f1']:7.4f} {rows['p']:7.3f} {rows['r']:7.3f}")


if __name__ == "__main__":
    main()
