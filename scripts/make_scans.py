"""Scanned renderings of the corpus PDFs, to measure the OCR reader.

Each corpus PDF is rasterised at 150, 200 and 300 dpi in grey, every page turned by a
small random angle (up to +-1 degree), sprinkled with speckle noise and JPEG-compressed,
and written as an image-only PDF: OUT/<dpi>/<name>.pdf. A few single pages are also
written as PNG files (OUT/png/) to exercise the image-file path. The randomness is
seeded from the file name and page, so a run is repeatable.

`--style outside` makes scans the reader was not developed on, to be measured, not tuned
to: another scanner's faults (a blur, grain over the whole sheet instead of specks, light
falling off towards one edge, a larger tilt, harder JPEG), at 250 dpi by default; give it
PDFs printed in other fonts (the layout matrix's or check_renderings' PDFs, `--keep DIR`).

    python scripts/make_scans.py [--out outputs/scans] [--dpi 150,200,300] [--pages N] [PDF ...]
    python scripts/make_scans.py --style outside --dpi 250 --out DIR MATRIX_DIR/grid-top-shaded/pdf/*.pdf
"""
from __future__ import annotations

import argparse
import hashlib
import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
MAX_SKEW = 1.0  # degrees
SPECKLE = 0.0015  # share of pixels flipped to black or white
JPEG_QUALITY = (55, 85)  # range the quality is drawn from


def scan_page(page: Image.Image, dpi: int, rng: np.random.Generator) -> Image.Image:
    """A clean rendered page to what a scanner makes of the printed sheet."""
    gray = page.convert("L").rotate(float(rng.uniform(-MAX_SKEW, MAX_SKEW)), resample=Image.BICUBIC,
                                    expand=False, fillcolor=255)
    pixels = np.asarray(gray).copy()
    flip = rng.random(pixels.shape)
    pixels[flip < SPECKLE / 2] = 0
    pixels[flip > 1 - SPECKLE / 2] = 255
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=int(rng.integers(*JPEG_QUALITY)))
    buffer.seek(0)
    return Image.open(buffer)


OUTSIDE_SKEW = 1.5  # degrees
OUTSIDE_BLUR = (0.4, 0.9)  # Gaussian blur radius range, in pixels at 250 dpi
OUTSIDE_GRAIN = 12.0  # standard deviation of the grain, grey levels
OUTSIDE_FALLOFF = 40  # grey levels the paper darkens by towards one edge
OUTSIDE_JPEG = (35, 60)


def scan_page_outside(page: Image.Image, dpi: int, rng: np.random.Generator) -> Image.Image:
    """A clean rendered page to what another scanner makes of it: blurred, grainy, lit
    unevenly, tilted further, compressed harder."""
    gray = page.convert("L").rotate(float(rng.uniform(-OUTSIDE_SKEW, OUTSIDE_SKEW)), resample=Image.BILINEAR,
                                    expand=False, fillcolor=255)
    gray = gray.filter(ImageFilter.GaussianBlur(float(rng.uniform(*OUTSIDE_BLUR)) * dpi / 250))
    pixels = np.asarray(gray, dtype=np.float32)
    falloff = np.linspace(0.0, OUTSIDE_FALLOFF, pixels.shape[1], dtype=np.float32)
    pixels = pixels - (falloff if rng.random() < 0.5 else falloff[::-1])[None, :]
    pixels = pixels + rng.normal(0.0, OUTSIDE_GRAIN, pixels.shape).astype(np.float32)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(buffer, "JPEG",
                                                                   quality=int(rng.integers(*OUTSIDE_JPEG)))
    buffer.seek(0)
    return Image.open(buffer)


STYLES = {"corpus": scan_page, "outside": scan_page_outside}


def scan_pdf(pdf_path: Path, dpi: int, out: Path, max_pages: int | None, style: str = "corpus") -> list[Image.Image]:
    """One PDF rendered and scanned at `dpi`, written as an image-only PDF; its pages."""
    document = pdfium.PdfDocument(str(pdf_path))
    pages = []
    for index in range(len(document) if max_pages is None else min(max_pages, len(document))):
        seed = int(hashlib.sha256(f"{pdf_path.name}:{index}:{dpi}".encode()).hexdigest()[:8], 16)
        rendered = document[index].render(scale=dpi / 72, grayscale=True).to_pil()
        pages.append(STYLES[style](rendered, dpi, np.random.default_rng(seed)))
    document.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    return pages


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDFs to scan (default: corpus/*.pdf)")
    parser.add_argument("--out", type=Path, default=ROOT / "outputs" / "scans")
    parser.add_argument("--dpi", default="150,200,300")
    parser.add_argument("--pages", type=int, default=None, help="only the first N pages of each PDF")
    parser.add_argument("--style", choices=sorted(STYLES), default="corpus", help="the scanner's faults (see above)")
    args = parser.parse_args(argv)
    pdfs = args.pdfs or sorted((ROOT / "corpus").glob("*.pdf"))
    for dpi in (int(d) for d in args.dpi.split(",")):
        for pdf_path in pdfs:
            pages = scan_pdf(pdf_path, dpi, args.out / str(dpi) / pdf_path.name, args.pages, args.style)
            if dpi == 200 and args.style == "corpus":  # a table page of each document as a PNG file
                png = args.out / "png" / f"{pdf_path.stem}.p{min(4, len(pages))}.png"
                png.parent.mkdir(parents=True, exist_ok=True)
                pages[min(4, len(pages)) - 1].save(png, dpi=(dpi, dpi))
            print(f"{args.out / str(dpi) / pdf_path.name}: {len(pages)} pages at {dpi} dpi")


if __name__ == "__main__":
    main()
