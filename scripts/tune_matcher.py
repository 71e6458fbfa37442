"""Choose the matcher's acceptance parameters on the tuning half of the labelled names.

    python scripts/tune_matcher.py            # prints the chosen parameters and P/R on both halves
    python scripts/tune_matcher.py --write    # and stores them in catalog/data/matcher.json

Only the tuning half (catalog/labelled.py) chooses: among the parameters that accept no
wrong indicator there and leave >= 0.95 of the out-of-framework names unmatched, those
with the best recall, and of those the centre of the plateau (not its edge, which would
fit the tuning names too closely). The choice must also accept no wrong indicator on the
seeds' gold rows (tests/data/gold, met as the pipeline meets them) and keep every one the
former single bar (0.88) got right. The test half is only measured, after the choice.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalog.labelled import (accepted_codes, evidence_of, measure, project_names, real_dev_names,  # noqa: E402
                              seed_gold_names)
from catalog.mapping import map_document  # noqa: E402
from catalog.matcher import rule  # noqa: E402
from catalog.ranking import DATA, settings  # noqa: E402
from catalog.store import default_catalog  # noqa: E402

GRID = {
    "accept_name": [round(0.70 + 0.01 * i, 2) for i in range(21)],
    "accept_coverage": [0.0, 0.75, 0.8, 0.85, 0.9],
    "accept_least_coverage": [0.0, 0.4, 0.5, 0.6, 0.7],
    "accept_other_measure": [0.86, 0.88, 0.9],
    "accept_margin": [0.0, 0.03, 0.06, 0.09, 0.12],
    "twin_coverage": [0.9, 0.95, 1.01],
}
MIN_ABSTAINED = 0.95
# The matcher's single bar before this calibration: the seeds' gold rows it got right stay right.
SINGLE_BAR = {"accept_name": 0.88, "accept_coverage": 0.0, "accept_least_coverage": 0.0, "accept_other_measure": 0.88,
              "accept_margin": 0.0, "twin_coverage": 0.0}


def _centre(values: list) -> object:
    values = sorted(set(values))
    return values[len(values) // 2]


def plateau_centre(best: list[dict]) -> dict:
    """One parameter at a time, the middle value among the best combinations left."""
    chosen: dict = {}
    left = best
    for key in GRID:
        chosen[key] = _centre([c[key] for c in left])
        left = [c for c in left if c[key] == chosen[key]]
    return chosen


def count_right(items, codes) -> int:
    return sum(1 for item, code in zip(items, codes) if code is not None and code == item.expected)


def count_wrong(items, codes) -> int:
    return sum(1 for item, code in zip(items, codes) if code is not None and code != item.expected)


def tuning_recall(items, codes) -> float | None:
    """Recall on the tuning names, or None where a name is matched wrongly or too few of the
    out-of-framework names are left unmatched."""
    if count_wrong(items, codes):
        return None
    negatives = [code for item, code in zip(items, codes) if not item.expected]
    if negatives and sum(code is None for code in negatives) < MIN_ABSTAINED * len(negatives):
        return None
    positives = [(item, code) for item, code in zip(items, codes) if item.expected]
    return sum(code == item.expected for item, code in positives) / len(positives)


def gold_wrong(cfg: dict) -> tuple[int, int, int]:
    """(wrong, right, missed) canonical entries of the seeds' gold rows mapped under `cfg`."""
    current = settings()
    saved = dict(current)
    current.update(cfg)
    wrong = right = missed = 0
    try:
        for path in sorted((ROOT / "tests" / "data" / "gold").glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            doc = {"document": dict(gold["document"]), "warnings": [],
                   "tables": [{"kind": t["kind"], "rows": [{"code": r.get("code"), "name": r.get("name")}
                                                          for r in t["rows"]]} for t in gold["tables"]]}
            map_document(doc)
            for gold_table, table in zip(gold["tables"], doc["tables"]):
                for want, row in zip(gold_table["rows"], table["rows"]):
                    want = want.get("canonical")
                    got = row.get("canonical")
                    got = {"framework": got["framework"], "code": got["code"]} if got else None
                    if got and got != want:
                        wrong += 1
                    elif got:
                        right += 1
                    elif want:
                        missed += 1
    finally:
        current.clear()
        current.update(saved)
    return wrong, right, missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="store the chosen parameters in matcher.json")
    args = parser.parse_args()
    catalog = default_catalog()
    items = project_names() + real_dev_names(catalog)
    evidence = evidence_of(items, catalog)
    halves = {half: [(i, e) for i, e in zip(items, evidence) if i.half == half] for half in ("tuning", "test")}
    tuning_items, tuning_evidence = (list(x) for x in zip(*halves["tuning"]))
    base = dict(settings())
    gold = seed_gold_names(catalog)
    gold_evidence = evidence_of(gold, catalog)
    gold_floor = count_right(gold, accepted_codes(gold_evidence, {**base, **SINGLE_BAR}))
    feasible = []
    for values in itertools.product(*GRID.values()):
        cfg = {**base, **dict(zip(GRID, values))}
        recall = tuning_recall(tuning_items, accepted_codes(tuning_evidence, cfg))
        gold_codes = accepted_codes(gold_evidence, cfg)
        if recall is not None and not count_wrong(gold, gold_codes) and count_right(gold, gold_codes) >= gold_floor:
            feasible.append((recall, dict(zip(GRID, values))))
    if not feasible:
        sys.exit("no parameters accept no wrong indicator on the tuning half and keep the seeds' gold rows")
    best_recall = max(r for r, _ in feasible)
    chosen = plateau_centre([c for r, c in feasible if r == best_recall])
    wrong, right, missed = gold_wrong({**base, **chosen})
    chosen["review_floor"] = review_floor(tuning_items, tuning_evidence, {**base, **chosen})
    cfg = {**base, **chosen}
    print(f"names: {len(items)} ({sum(1 for i in items if i.style == 'real-dev')} from ../shared/real-dev), "
          f"tuning {len(halves['tuning'])}, test {len(halves['test'])}")
    print("chosen:", json.dumps(chosen))
    for half, pairs in halves.items():
        its, evs = zip(*pairs)
        print(f"{half:7} {measure(list(its), list(evs), cfg).line()}")
    print(f"seeds' gold rows mapped by map_document: {right} right, {wrong} wrong, {missed} missed")
    if args.write:
        path = DATA / "matcher.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data.update(chosen)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"written to {path}")


def review_floor(items, evidence, cfg: dict) -> float:
    """The lowest best-candidate score of a tuning name whose best candidate is right but not
    accepted: rows from there up are shown for review, not dropped silently."""
    scores = [ev.best.score for item, ev in zip(items, evidence)
              if ev.best and ev.best.candidate.code == item.expected and not rule(ev, item.name, cfg).match]
    return round(min(scores, default=cfg["accept_name"]) - 0.005, 3)


if __name__ == "__main__":
    main()
