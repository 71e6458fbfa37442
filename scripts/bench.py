"""The speed figures of issue 12 in one run, side by side with their targets.

    python scripts/bench.py            # full: a scale set of 1,000 documents (tens of minutes)
    python scripts/bench.py --quick    # the same figures, a scale set of 60 and fewer repeats

Figures: `dtiplan --help` start time (beside a bare `python -c pass`); the five text seeds
through `dtiplan run` (wall, start included); PDF pages/s of the pipeline beside bare
pdfplumber `extract_tables()` on the same pages (scripts/bench_pdf.py); `dtiplan run corpus`
with 1 and N jobs; a scale set of mixed documents copied from the corpus (wall time, peak
memory of the whole process tree); pipeline pages/s on one PDF repeated 1x, 4x and 16x
(pdfunite); OCR pages/s on a 200 dpi scan of a corpus PDF's first pages. The machine's
load average is printed before and after: on a shared machine the figures move with it.
"""
from __future__ import annotations

import argparse
import compileall
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DTIPLAN = [sys.executable, "-c", "from dtiplan.cli import main; main()"]
BENCH_PDF_LINE = re.compile(r"^(.+?)\s+(\d+) pages\s+([\d.]+) s\s+([\d.]+) pages/s\s+([\d.]+) s CPU\s+([\d.]+) pages/CPU-s")


@dataclass
class Figure:
    name: str
    value: str
    target: str = ""


# ---------------------------------------------------------------- measuring a command

def tree_memory(root: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes of a process and all its descendants, from /proc. RSS counts the
    pages forked workers share with their parent once per process; PSS divides them."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier and pid not in tree]
        tree.update(children)
        frontier = children
    rss = pss = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        rss += int(re.search(r"^Rss:\s+(\d+)", rollup, re.M).group(1)) * 1024
        pss += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1)) * 1024
    return rss, pss


@dataclass
class Measured:
    seconds: float
    cpu_seconds: float   # user + system of the whole tree: what the load of others does not inflate
    peak_rss: int
    peak_pss: int
    status: int
    stderr: str


def measure(command: list[str], sample_every: float = 0.25) -> Measured:
    """Run a command, its wall time and the peak memory of its process tree."""
    peak = [0, 0]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss, pss = tree_memory(process.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            done.wait(sample_every)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = process.communicate()[1]
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return Measured(seconds, _children_cpu() - cpu_before, peak[0], peak[1], process.returncode, stderr)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_times(command: list[str], repeats: int) -> tuple[float, float]:
    """Median wall and CPU seconds of a short command."""
    runs = [measure(command, sample_every=10.0) for _ in range(repeats)]
    return statistics.median(r.seconds for r in runs), statistics.median(r.cpu_seconds for r in runs)


def run_into(inputs: list[Path], out: Path, jobs: int) -> Measured:
    shutil.rmtree(out, ignore_errors=True)
    return measure(DTIPLAN + ["run", *map(str, inputs), "--out", str(out), "--jobs", str(jobs)])


# ---------------------------------------------------------------- the figures

def start_time(repeats: int) -> list[Figure]:
    bare = median_times([sys.executable, "-c", "pass"], repeats)
    helped = median_times(DTIPLAN + ["--help"], repeats)
    return [Figure("`dtiplan --help` start", f"{helped[0]:.2f} s wall, {helped[1]:.2f} s CPU (bare `python -c pass`: "
                   f"{bare[0]:.2f} s, {bare[1]:.2f} s CPU)", "<= 0.3 s")]


def text_seeds(temp: Path, jobs: int, repeats: int = 3) -> list[Figure]:
    """The median of a few runs: on a shared machine one run varies by a few tenths."""
    seeds = sorted(CORPUS.glob("*.txt"))
    runs = sorted((run_into(seeds, temp / "seeds", jobs) for _ in range(repeats)), key=lambda r: r.seconds)
    middle = runs[len(runs) // 2]
    return [Figure(f"five text seeds, `dtiplan run` ({jobs} jobs, start and views included; median of {repeats})",
                   f"{middle.seconds:.2f} s wall, {middle.cpu_seconds:.1f} s CPU (runs {runs[0].seconds:.2f} to "
                   f"{runs[-1].seconds:.2f} s)", "<= 2 s")]


def compile_bytecode() -> None:
    """The project's modules compiled once, as a first run writes them: a machine that sets
    PYTHONDONTWRITEBYTECODE (this one does) would otherwise compile them in every process
    of every run measured, half a second each time."""
    for package in ("dtiplan", "extract", "normalize", "catalog"):
        compileall.compile_dir(ROOT / package, quiet=1)


def pdf_versus_pdfplumber() -> list[Figure]:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_pdf.py")], cwd=ROOT,
                          capture_output=True, text=True)
    lines = [m for m in map(BENCH_PDF_LINE.match, done.stdout.splitlines()) if m]
    wall = {m.group(1).strip(): float(m.group(4)) for m in lines}
    cpu = {m.group(1).strip(): float(m.group(6)) for m in lines}
    bare, ours = "pdfplumber extract_tables()", "pipeline"
    if bare not in cpu or ours not in cpu:
        return [Figure("PDF pipeline vs bare pdfplumber", "scripts/bench_pdf.py gave: " + done.stdout[-200:], ">= 1.0x")]
    return [Figure("PDF pages/s: pipeline vs bare pdfplumber extract_tables(), per CPU second (wall)",
                   f"{cpu[ours]:.1f} vs {cpu[bare]:.1f} ({cpu[ours] / cpu[bare]:.2f}x); wall {wall[ours]:.1f} vs "
                   f"{wall[bare]:.1f} ({wall[ours] / wall[bare]:.2f}x)", ">= 1.0x (aim 3x)")]


def corpus_jobs(temp: Path, jobs: int) -> list[Figure]:
    files = [p for p in sorted(CORPUS.rglob("*")) if p.is_file()]
    one = run_into([CORPUS], temp / "corpus1", 1)
    many = run_into([CORPUS], temp / "corpusN", jobs)
    return [Figure(f"`dtiplan run corpus` ({len(files)} files), 1 job / {jobs} jobs",
                   f"{one.seconds:.0f} s / {many.seconds:.0f} s wall ({one.seconds / many.seconds:.2f}x); "
                   f"CPU {one.cpu_seconds:.0f} s / {many.cpu_seconds:.0f} s")]


def scale_set(temp: Path, count: int, jobs: int) -> list[Figure]:
    """`count` documents copied round-robin from the corpus (every format and variant)."""
    sources = [p for p in sorted(CORPUS.rglob("*")) if p.is_file()]
    folder = temp / "scale"
    folder.mkdir()
    for number in range(count):
        source = sources[number % len(sources)]
        shutil.copyfile(source, folder / f"{number:04d}_{source.name}")
    run = run_into([folder], temp / "scale_out", jobs)
    return [Figure(f"scale set: {count} mixed documents, {jobs} jobs",
                   f"{run.seconds / 60:.1f} min wall ({run.cpu_seconds / count:.1f} s CPU a document), "
                   f"peak RSS {run.peak_rss / 2**20:.0f} MB (PSS {run.peak_pss / 2**20:.0f} MB), exit {run.status}",
                   "1,000 in <= 10 min, <= 1 GB")]


def pages_per_second(temp: Path, factors: tuple[int, ...]) -> list[Figure]:
    """The pipeline on one corpus PDF and on copies of it joined 4x and 16x (cost linear in size)."""
    from dtiplan.pipeline import process, warm_up

    warm_up()
    source = sorted(CORPUS.glob("*.pdf"))[-1]
    rates = []
    for factor in factors:
        joined = temp / f"joined_{factor}x.pdf"
        subprocess.run(["pdfunite", *[str(source)] * factor, str(joined)], check=True)
        started, cpu = time.perf_counter(), time.process_time()
        pages = process(joined)["source"]["pages"]
        rates.append(f"{factor}x: {pages / (time.process_time() - cpu):.1f} ({pages / (time.perf_counter() - started):.1f})")
    return [Figure("pipeline pages per CPU second (per wall second) by input size", ", ".join(rates), "flat")]


STEPS = ("start", "seeds", "pdf", "corpus", "scale", "size", "ocr")


def ocr_pages_per_second(temp: Path, pages: int = 4, dpi: int = 200) -> list[Figure]:
    """The pipeline on a scan of a corpus PDF's first pages (scripts/make_scans.py at 200 dpi):
    OCR pages/s, Tesseract's CPU included."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from make_scans import scan_pdf

    from dtiplan.pipeline import process
    from extract.model import ReaderError

    scan = temp / "scan.pdf"
    scan_pdf(sorted(CORPUS.glob("*.pdf"))[-1], dpi, scan, pages)
    started, cpu = time.perf_counter(), time.process_time() + _children_cpu()
    try:
        process(scan)
    except ReaderError as err:
        return [Figure("OCR pages/s", f"not measured: {err}")]
    seconds, cpu = time.perf_counter() - started, time.process_time() + _children_cpu() - cpu
    return [Figure(f"OCR pages/s ({pages} pages scanned at {dpi} dpi, one process)",
                   f"{pages / seconds:.2f} pages/s wall, {cpu / pages:.1f} s CPU a page", ">= 0.5 (img2table)")]


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min) {five:.1f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a scale set of 60, 3 repeats of the start time")
    parser.add_argument("--scale", type=int, help="documents in the scale set (default 1000, 60 with --quick)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", choices=STEPS, action="append",
                        help="run only these figures (repeatable); default: all")
    args = parser.parse_args()
    scale = args.scale or (60 if args.quick else 1000)
    before = load()
    compile_bytecode()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="dtiplan-bench-") as name:
        temp = Path(name)
        steps = {"start": lambda: start_time(3 if args.quick else 9), "seeds": lambda: text_seeds(temp, args.jobs),
                 "pdf": pdf_versus_pdfplumber, "corpus": lambda: corpus_jobs(temp, args.jobs),
                 "scale": lambda: scale_set(temp, scale, args.jobs), "size": lambda: pages_per_second(temp, (1, 4, 16)),
                 "ocr": lambda: ocr_pages_per_second(temp)}
        for name in args.only or STEPS:
            for figure in steps[name]():
                figures.append(figure)
                print(f"{figure.name}: {figure.value}", file=sys.stderr, flush=True)
    print("| figure | measured | target |\n| --- | --- | --- |")
    for figure in figures:
        print(f"| {figure.name} | {figure.value} | {figure.target} |")
    print(f"\nmachine: before {before}; after {load()}")


if __name__ == "__main__":
    main()
