"""Pages per second of the PDF path beside pdfplumber's bare `extract_tables()`, in one run.

    python scripts/bench_pdf.py [PDF ...]      (default: corpus/*.pdf)

Three timings over the same pages: pdfplumber opening each file and calling
`page.extract_tables()` on every page (the bare library), `read_pdf` (our reader: words,
tables with spans, joins, paragraphs, encodings), and `dtiplan.pipeline.process` (reader
plus everything after it) where the pipeline is importable, after `warm_up()` (spaCy, catalog
and gazetteer are loaded once per process, not per page). Each line gives wall and CPU
seconds; on a shared machine the CPU figures are the ones to compare. The overhead is the
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
    from dtiplan.pipeline import process
    for path in paths:
        process(path)
    return PAGE_COUNT[0]


PAGE_COUNT = [0]  # pages of the files, counted before timing so no job pays for it


def timed(job, paths):
    """(pages, wall seconds, CPU seconds of this process)."""
    start, cpu = time.perf_counter(), time.process_time()
    pages = job(paths)
    return pages, time.perf_counter() - start, time.process_time() - cpu


def pipeline_ready() -> bool:
    try:
        from dtiplan.pipeline import warm_up
    except ImportError:
        return False
    warm_up()
    return True


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or sorted(Path("corpus").glob("*.pdf"))
    if not paths:
        raise SystemExit("no PDF files given and none in corpus/")
    for path in paths:
        with pdfplumber.open(str(path)) as pdf:
            PAGE_COUNT[0] += len(pdf.pages)
    jobs = [("pdfplumber extract_tables()", bare), ("read_pdf", reader)]
    if pipeline_ready():
        jobs.append(("pipeline", pipeline))
    results = {}
    for name, job in jobs:
        pages, seconds, cpu = timed(job, paths)
        results[name] = cpu
        print(f"{name:30} {pages:5d} pages {seconds:7.2f} s {pages / seconds:7.1f} pages/s "
              f"{cpu:7.2f} s CPU {pages / cpu:7.1f} pages/CPU-s")
    base = results["pdfplumber extract_tables()"]
    for name in ("read_pdf", "pipeline"):
        if name in results:
            print(f"overhead of {name} over bare pdfplumber (CPU): {results[name] / base:.2f}x "
                  f"({(results[name] - base) / base * 100:+.0f}% time)")


if __name__ == "__main__":
    main()
