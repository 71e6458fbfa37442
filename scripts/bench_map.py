"""CPU of the catalog matcher (`catalog.mapping.map_document`) on the five text seeds.

    python scripts/bench_map.py              # best of 3 fresh processes
    python scripts/bench_map.py --dump X     # also write each seed's mapped JSON to X (to diff two branches)

Each run is a fresh process after `dtiplan.pipeline.warm_up()`, as a batch worker starts: the
seeds are read and built without mapping first, then mapped one after another (first pass
over their names), timed with process_time.
"""
from __future__ import annotations

import argparse
import copy
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


def one_run(dump: str | None) -> float:
    """Seconds of CPU mapping the seeds in this (fresh) process."""
    import hashlib

    from catalog.mapping import map_document
    from dtiplan import pipeline
    from extract.read import read_document

    pipeline.warm_up()
    pipeline._map_to_catalog = lambda result: result  # build without mapping; mapped below
    docs = [pipeline.build(read_document(p), hashlib.sha256(p.read_bytes()).hexdigest()) for p in SEEDS]
    docs = [copy.deepcopy(d) for d in docs]
    start = time.process_time()
    mapped = [map_document(d) for d in docs]
    spent = time.process_time() - start
    if dump:
        Path(dump).mkdir(parents=True, exist_ok=True)
        for path, doc in zip(SEEDS, mapped):
            (Path(dump) / f"{path.stem}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1))
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dump")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(one_run(args.dump))
        return
    times = []
    for i in range(args.runs):
        command = [sys.executable, __file__, "--child"] + (["--dump", args.dump] if args.dump and i == 0 else [])
        times.append(float(subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()[-1]))
    print(f"map_document, 5 seeds, first pass: best {min(times):.3f} s CPU "
          f"(runs: {', '.join(f'{t:.3f}' for t in times)})")


if __name__ == "__main__":
    main()
