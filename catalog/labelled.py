"""The matcher measured on a labelled set of indicator names as other offices word them.

The set (`tests/data/names/labelled.jsonl`) was written for the project from the three
frameworks' entries: abbreviated, qualifiers dropped or added, reordered, without
diacritics, spaces lost, misspelt, a decision number inside; and names that are in no
framework (other government indicators, pillar headings, tasks of a plan). The rows of
`../shared/real-dev/gold.json` join it at run time where that folder is present, labelled
by position in `real_dev_labels.json` (their text is never copied into the project).
Each name falls once, by a hash of its text, into the tuning half or the test half; only
the tuning half chooses the matcher's parameters (scripts/tune_matcher.py).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from catalog.mapping import INDICATOR_KINDS
from catalog.matcher import Evidence, accepts, codes_follow_framework, detect_framework, may_match, rule, weigh
from catalog.model import Catalog

ROOT = Path(__file__).resolve().parents[1]
NAMES = ROOT / "tests" / "data" / "names"
SEED_GOLD = ROOT / "tests" / "data" / "gold"
REAL_DEV_GOLD = ROOT.parent / "shared" / "real-dev" / "gold.json"


@dataclass(frozen=True)
class LabelledName:
    framework: str
    name: str
    code: str | None
    expected: str | None  # the indicator's code in `framework`, or None: in no framework
    style: str
    use_codes: bool  # does the row's table number its rows with the framework's codes?

    @property
    def half(self) -> str:
        """'tuning' or 'test', fixed by the name itself (never by its label)."""
        digest = hashlib.sha1(f"{self.framework}|{self.name}|{self.code}".encode()).digest()
        return "tuning" if digest[0] % 2 == 0 else "test"


def project_names(path: Path = NAMES / "labelled.jsonl") -> list[LabelledName]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        out.append(LabelledName(item["framework"], item["name"], item["code"], item["expected"], item["style"],
                                item["code"] is not None))
    return out


def real_dev_names(catalog: Catalog, gold: Path = REAL_DEV_GOLD,
                   labels: Path = NAMES / "real_dev_labels.json") -> list[LabelledName]:
    """The real excerpts' rows with the project's labels; [] where ../shared is absent."""
    if not gold.is_file():
        return []
    pages = json.loads(gold.read_text(encoding="utf-8"))
    out = []
    for slug, label in json.loads(labels.read_text(encoding="utf-8"))["pages"].items():
        rows = (pages.get(slug) or {}).get("rows") or []
        if len(rows) != len(label["expected"]):
            continue  # the excerpt changed: its labels no longer line up
        use_codes = codes_follow_framework(rows, label["framework"], catalog)
        out += [LabelledName(label["framework"], row["name"], row.get("code"), expected, "real-dev", use_codes)
                for row, expected in zip(rows, label["expected"])]
    return out


def seed_gold_names(catalog: Catalog, gold_dir: Path = SEED_GOLD) -> list[LabelledName]:
    """The seeds' gold rows as the pipeline meets them (framework detected, codes followed or
    not per table): no choice of parameters may map one of them wrongly."""
    out = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        tables = [t for t in gold["tables"] if t["kind"] in INDICATOR_KINDS]
        framework = detect_framework(gold["document"], [r for t in tables for r in t["rows"]], catalog)
        for table in tables if framework else []:
            use_codes = codes_follow_framework(table["rows"], framework, catalog)
            for row in table["rows"]:
                want = row.get("canonical")
                if want and want["framework"] != framework:
                    continue  # carried over by the crosswalk, not matched by name
                out.append(LabelledName(framework, row.get("name") or "", row.get("code"),
                                        want["code"] if want else None, "seed-gold", use_codes))
    return out


def accepted_codes(evidence: list[Evidence], cfg: dict) -> list[str | None]:
    """The code each row would be matched to under `cfg` (None: not accepted)."""
    return [ev.best.candidate.code if may_match(ev) and accepts(ev, cfg) else None for ev in evidence]


def evidence_of(items: list[LabelledName], catalog: Catalog) -> list[Evidence]:
    return [weigh(i.name, i.code, i.framework, catalog, i.use_codes) for i in items]


@dataclass
class Tally:
    positives: int = 0
    right: int = 0
    wrong: int = 0  # accepted, and not the labelled indicator (or a name in no framework)
    review: int = 0  # of the positives, left for review
    negatives: int = 0
    abstained: int = 0  # of the negatives, not accepted

    @property
    def recall(self) -> float:
        return self.right / self.positives if self.positives else 1.0

    @property
    def precision(self) -> float:
        accepted = self.right + self.wrong
        return self.right / accepted if accepted else 1.0

    @property
    def abstained_share(self) -> float:
        return self.abstained / self.negatives if self.negatives else 1.0

    def line(self) -> str:
        return (f"P {self.precision:.3f} R {self.recall:.3f} ({self.right}/{self.positives}, {self.review} to review) "
                f"wrong {self.wrong}; out-of-framework abstained {self.abstained_share:.3f} "
                f"({self.abstained}/{self.negatives})")


def measure(items: list[LabelledName], evidence: list[Evidence], cfg: dict) -> Tally:
    """Decisions under `cfg` (matcher.json's keys) counted against the labels."""
    tally = Tally()
    for item, ev in zip(items, evidence):
        decision = rule(ev, item.name, cfg)
        got = decision.match.code if decision.match else None
        if item.expected:
            tally.positives += 1
            tally.right += got == item.expected
            tally.review += decision.reason == "review"
        else:
            tally.negatives += 1
            tally.abstained += got is None
        tally.wrong += got is not None and got != item.expected
    return tally
