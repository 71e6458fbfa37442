"""Points per indicator, pillar and total from input values, with the catalog's formulas.

Inputs come as long-format rows `code, input, value` (see `read_values_csv`):
  - `rate`    the indicator's rate, a fraction (0.6526) or a percentage ("65,26%")
  - `a`, `b`… the variables of its ratio (the rate is computed from them)
  - `met`     yes/no (binary, all_or_nothing): có, yes, true, 1 / không, no, false, 0
  - `level`   the level reached, 1-based as printed (tiers); `share` a fraction of max
  - `item`    one value per checklist item, in printed order (repeat the row per item)
  - `count`   occurrences (per_item); `value` the quantity compared (min_max, tiers)
  - `best`, `worst`  all provinces' best and worst value (min_max)
  - `points`  points already known for the indicator (taken as is)
An indicator with sub-indicators and no inputs of its own gets the sum of theirs.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from catalog.model import Catalog, Framework, Indicator
from catalog.store import default_catalog

_YES = {"1", "yes", "true", "có", "co", "đạt", "dat", "x"}
_NO = {"0", "no", "false", "không", "khong", "chưa", "chua", ""}


class ValuesError(ValueError):
    """A values file the scorer cannot read; the message is one line for a user."""


def _number(text: str) -> float:
    raw = str(text).strip().replace(" ", "")
    percent = raw.endswith("%")
    raw = raw.rstrip("%")
    if "," in raw and "." in raw:
        raw = raw.replace(".", "").replace(",", ".")  # 1.234,5
    else:
        raw = raw.replace(",", ".")
    value = float(raw)
    return value / 100 if percent else value


def read_values_csv(path: Path) -> dict[str, dict]:
    """code -> inputs, from a CSV with columns code,input,value (header required)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ValuesError(f"cannot read {path}: {exc.strerror}") from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = {"code", "input", "value"} - set(reader.fieldnames or [])
        if missing:
            raise ValuesError(f"{path}: missing column(s) {', '.join(sorted(missing))}; expected code,input,value")
        values: dict[str, dict] = {}
        for line, row in enumerate(reader, start=2):
            code, key, raw = (row.get("code") or "").strip(), (row.get("input") or "").strip(), row.get("value") or ""
            if not code or not key:
                continue
            inputs = values.setdefault(code, {})
            try:
                if key == "met":
                    folded = raw.strip().casefold()
                    if folded not in _YES | _NO:
                        raise ValueError(raw)
                    inputs["met"] = folded in _YES
                elif key == "item":
                    folded = raw.strip().casefold()
                    item = 1.0 if folded in _YES - {"1"} else 0.0 if folded in _NO - {"0", ""} else _number(raw)
                    inputs.setdefault("items", []).append(item)
                else:
                    inputs[key] = _number(raw)
            except ValueError as exc:
                raise ValuesError(f"{path}:{line}: '{raw}' is not a value for input '{key}'") from exc
    return values


@dataclass
class Scored:
    code: str
    name: str | None
    max_points: float | None
    points: float | None
    note: str | None = None

    def to_json(self) -> dict:
        return {"code": self.code, "name": self.name, "max_points": self.max_points,
                "points": None if self.points is None else round(self.points, 4), "note": self.note}


@dataclass
class Scorecard:
    framework: str
    indicators: list[Scored] = field(default_factory=list)
    pillars: list[Scored] = field(default_factory=list)
    total: float = 0.0

    def to_json(self) -> dict:
        return {"framework": self.framework, "total": round(self.total, 4),
                "pillars": [p.to_json() for p in self.pillars],
                "indicators": [i.to_json() for i in self.indicators]}


def formula_of(ind: Indicator):
    """The catalog's reviewed rule, with the parts (levels, items) the parser reads from its text."""
    from normalize.formulas import Formula, parse_formula
    stored = ind.formula
    parsed = parse_formula(stored.text) if stored.text else None
    return Formula(text=stored.text or "", variables=dict(stored.variables), ratio=stored.ratio,
                   rule=stored.rule, threshold=stored.threshold,
                   period_thresholds=list(stored.period_thresholds),
                   parts=list(parsed.parts) if parsed else [])


def _score_one(ind: Indicator, inputs: dict, fw: Framework, cache: dict[str, Scored]) -> Scored:
    from normalize.formulas import evaluate
    if "points" in inputs:
        return Scored(ind.code, ind.name, ind.max_points, inputs["points"], "given")
    children = fw.children(ind.code)
    if children and not inputs:
        parts = [cache[c.code].points for c in children]
        known = [p for p in parts if p is not None]
        note = None if len(known) == len(parts) else f"{len(parts) - len(known)} sub-indicator(s) without points"
        return Scored(ind.code, ind.name, ind.max_points, sum(known) if known else None, note)
    if not inputs:
        return Scored(ind.code, ind.name, ind.max_points, None, "no input values")
    if ind.max_points is None:
        return Scored(ind.code, ind.name, None, None, "max points unknown in the catalog")
    if not ind.formula or not ind.formula.rule:
        return Scored(ind.code, ind.name, ind.max_points, None, "no scoring rule in the catalog")
    points = evaluate(formula_of(ind), inputs, ind.max_points, inputs.get("best"), inputs.get("worst"))
    note = None if points is not None else f"inputs do not give points under rule {ind.formula.rule}"
    return Scored(ind.code, ind.name, ind.max_points, points, note)


def score(framework: str, values: dict[str, dict], catalog: Catalog | None = None) -> Scorecard:
    catalog = catalog or default_catalog()
    fw = catalog.frameworks.get(framework)
    if fw is None or not fw.indicators:
        raise ValuesError(f"no indicator list for framework '{framework}'")
    unknown = sorted(set(values) - set(fw.by_code()))
    if unknown:
        raise ValuesError(f"codes not in {framework}: {', '.join(unknown)}")
    cache: dict[str, Scored] = {}
    # deepest codes first, so a parent can add up its sub-indicators
    for ind in sorted(fw.indicators, key=lambda i: -i.code.count(".")):
        cache[ind.code] = _score_one(ind, values.get(ind.code, {}), fw, cache)
    card = Scorecard(framework)
    card.indicators = [cache[i.code] for i in fw.indicators if not i.is_pillar]
    card.pillars = [cache[p.code] for p in fw.pillars()]
    card.total = sum(p.points or 0.0 for p in card.pillars)
    return card
