"""Read the scanned renderings (scripts/make_scans.py) and score them against the gold.

For each resolution folder OUT/<dpi>/ every scanned PDF is read by the pipeline (OCR
time measured), its JSON written to READ/<dpi>/, and the set scored with
../shared/eval/score.py against the gold files of the documents read. Prints, per dpi:
pages, OCR pages/s, field F1 overall, F1 of codes (rows found by code), max points and
canonical agencies, and the character error rate of indicator names (rows paired by
code, names compared after the scorer's normalisation).

    python scripts/score_scans.py [--scans outputs/scans] [--read outputs/scans-read]
                                  [--dpi 150,200,300] [--docs 004,002] [--jobs 1]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(SHARED / "eval"))
sys.path.insert(0, str(ROOT))

from score import norm_text, rows_by_kind  # noqa: E402  (the scorer's own pairing)

from dtiplan.pipeline import process, write_json  # noqa: E402
from extract.readers import scan  # noqa: E402

KEY_FIELDS = ("rows", "max_points", "lead_canonical", "support_canonical")


def read_one(args: tuple[Path, Path]) -> tuple[str, int, float, str | None]:
    """One scan through the pipeline: (name, pages, seconds, error)."""
    source, target = args
    start = time.perf_counter()
    try:
        result = process(source)
    except Exception as err:  # a failed document is reported, the set goes on
        return source.name, 0, time.perf_counter() - start, f"{type(err).__name__}: {err}"
    write_json(result, target)
    return source.name, result["source"]["pages"] or 0, time.perf_counter() - start, None


def cache_ocr(folder: Path) -> None:
    """Keep Tesseract's words for each cleaned page image in `folder`, keyed by the image's
    bytes and dpi: while only what follows OCR changes, a re-run reads no page twice (the
    key does not know the OCR code: empty the folder when that changes)."""
    recognise = scan.recognise

    def cached(text_image, dpi):
        key = hashlib.sha256(text_image.tobytes() + repr((text_image.shape, dpi)).encode()).hexdigest()
        path = folder / f"{key}.pickle"
        if path.exists():
            return pickle.loads(path.read_bytes())
        words = recognise(text_image, dpi)
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(words))
        return words

    scan.recognise = cached


def score(read_dir: Path, stems: list[str]) -> dict:
    """The scorer's JSON for these documents only (a gold folder of just their files)."""
    with tempfile.TemporaryDirectory() as gold:
        for stem in stems:
            (Path(gold) / f"{stem}.json").symlink_to(SHARED / "gold" / f"{stem}.json")
        done = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(read_dir), gold, "--json"],
                              capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def name_cer(read_dir: Path, stems: list[str]) -> tuple[float, int]:
    """Character error rate of names over the rows found under the gold's code."""
    errors = chars = rows = 0
    for stem in stems:
        gold = json.loads((SHARED / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
        out = read_dir / f"{stem}.json"
        if not out.exists():
            continue
        found = rows_by_kind(json.loads(out.read_text(encoding="utf-8")))
        for kind, gold_rows in rows_by_kind(gold).items():
            for key, gold_row in gold_rows.items():
                row = found.get(kind, {}).get(key)
                if row is None or not gold_row.get("name"):
                    continue
                truth = norm_text(gold_row["name"])
                errors += Levenshtein.distance(truth, norm_text(row.get("name") or ""))
                chars += len(truth)
                rows += 1
    return (errors / chars if chars else 0.0), rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scans", type=Path, default=ROOT / "outputs" / "scans")
    parser.add_argument("--read", type=Path, default=ROOT / "outputs" / "scans-read")
    parser.add_argument("--dpi", default="150,200,300")
    parser.add_argument("--docs", default="", help="comma-separated file-name prefixes (default: all)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--ocr-cache", type=Path, help="keep OCR words here between runs (for work after OCR; empty it when OCR changes)")
    parser.add_argument("--by-doc", action="store_true", help="also print F1 of each document")
    args = parser.parse_args(argv)
    if args.ocr_cache:
        cache_ocr(args.ocr_cache)
    prefixes = [p for p in args.docs.split(",") if p]
    print(f"{'dpi':>4} {'docs':>4} {'pages':>5} {'s':>7} {'pages/s':>7} {'F1':>6} "
          + " ".join(f"{f[:12]:>12}" for f in KEY_FIELDS) + f" {'name CER':>8}")
    for dpi in args.dpi.split(","):
        scans = sorted(p for p in (args.scans / dpi).glob("*.pdf")
                       if not prefixes or p.name.startswith(tuple(prefixes)))
        out_dir = args.read / dpi
        start = time.perf_counter()
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(read_one, [(s, out_dir / f"{s.stem}.json") for s in scans]))
        seconds = time.perf_counter() - start
        for name, _, _, error in results:
            if error:
                print(f"error: {name}: {error}")
        pages = sum(r[1] for r in results)
        stems = [s.stem for s in scans]
        scored = score(out_dir, stems)
        cer, _ = name_cer(out_dir, stems)
        fields = " ".join(f"{scored['fields'][f]['f1']:12.4f}" if f in scored["fields"] else f"{'-':>12}"
                          for f in KEY_FIELDS)
        print(f"{dpi:>4} {len(scans):>4} {pages:>5} {seconds:7.1f} {pages / seconds:7.3f} {scored['f1']:6.4f} "
              f"{fields} {cer:8.4f}", flush=True)
        if args.by_doc:
            for stem in stems:
                one = score(out_dir, [stem])
                print(f"     {stem[:3]} F1 {one['f1']:.4f} " + " ".join(
                    f"{f} {one['fields'][f]['f1']:.3f}" for f in KEY_FIELDS if f in one["fields"]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
