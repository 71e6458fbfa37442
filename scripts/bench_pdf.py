"""Pages per second of the PDF path beside pdfplumber's bare `extract_tables()`, in one run.

    python scripts/bench_pdf.py [PDF ...]      (default: corpus/*.pdf)

Three timings over the same pages: pdfplumber opening each file and calling
`page.extract_tables()` on every page (the bare library), `read_pdf` (our reader: words,
tables with spans, joins, paragraphs, encodings), and `dtiplan.pipeline.process` (reader
plus everything after it) where the pipeline is importable. The overhead is the
reader's (and pipeline's) time over the bare library's.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract.readers.pdf import read_pdf  # noqa: E402


def bare(paths: list[Path]) -> int:
    pages = 0
    for path in paths:
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                pages += 1
    return pages


def reader(paths: list[Path]) -> int:
    return sum(read_pdf(path).pages or 0 for path in paths)


def pipeline(paths: list[Path]) -> int | None:
    try:
        from dtiplan.pipeline import process
    except ImportError:
        return None
    for path in paths:
        process(path)
    return PAGE_COUNT[0]


PAGE_COUNT = [0]  # pages of the files, counted before timing so no job pays for it


def timed(job, paths):
    start = time.perf_counter()
    pages = job(paths)
    return pages, time.perf_counter() - start


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or sorted(Path("corpus").glob("*.pdf"))
    if not paths:
        raise SystemExit("no PDF files given and none in corpus/")
    for path in paths:
        with pdfplumber.open(str(path)) as pdf:
            PAGE_COUNT[0] += len(pdf.pages)
    results = {}
    for name, job in (("pdfplumber extract_tables()", bare), ("read_pdf", reader), ("pipeline", pipeline)):
        pages, seconds = timed(job, paths)
        if pages is None:
            print(f"{name:30} (not available)")
            continue
        results[name] = seconds
        print(f"{name:30} {pages:5d} pages {seconds:7.2f} s {pages / seconds:7.1f} pages/s")
    base = results["pdfplumber extract_tables()"]
    for name in ("read_pdf", "pipeline"):
        if name in results:
            print(f"overhead of {name} over bare pdfplumber: {results[name] / base:.2f}x "
                  f"({(results[name] - base) / base * 100:+.0f}% time)")


if __name__ == "__main__":
    main()
