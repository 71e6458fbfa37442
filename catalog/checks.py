"""Checks the catalog runs on itself and on each extracted document.

On itself (`check_catalog`, contradictions): an indicator's max points equal the sum of
its sub-indicators' where all are known, pillars add up to the framework total (1000),
every formula text parses to the rule stored with it, every ratio is plain arithmetic.
How complete it is (`completeness`): per framework, how many indicators have max points,
formulas and rules the evaluator can run, and on how many facts documents disagree.
On a document (`check_document`): max points that disagree with the framework's,
and cited decision numbers the catalog does not know but nearly match one it does
(a misprint such as 5405/QĐ-BKHCN for 405/QĐ-BKHCN).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from catalog.crosswalk import measure_of, members_of
from catalog.matcher import decision_key
from catalog.model import Catalog, Framework, Indicator
from catalog.store import default_catalog

_DECISION = re.compile(r"\b(\d{2,5})\s*/\s*(Q[ĐD])\s*-\s*([A-ZĐ]{3,})", re.IGNORECASE)
_TOLERANCE = 1e-6


def _close(a: float, b: float) -> bool:
    return abs(float(a) - float(b)) <= _TOLERANCE * max(1.0, abs(float(a)))


def _sums(fw: Framework) -> list[str]:
    problems = []
    for ind in fw.indicators:
        children = fw.children(ind.code)
        if not children or ind.max_points is None:
            continue
        known = [c.max_points for c in children if c.max_points is not None]
        if len(known) == len(children) and not _close(sum(known), ind.max_points):
            problems.append(f"{fw.id} {ind.code}: max points {ind.max_points} but its "
                            f"{len(children)} sub-indicators add up to {sum(known):g}")
    if fw.total_points is not None and fw.pillar_max:
        pillars = fw.pillars()
        if len(fw.pillar_max) == len(pillars):
            total = sum(fw.pillar_max.values())
            if not _close(total, fw.total_points):
                problems.append(f"{fw.id}: pillar totals add up to {total:g}, not {fw.total_points:g}")
        for pillar in pillars:
            stated = fw.pillar_max.get(pillar.code)
            if stated is not None and pillar.max_points is not None and not _close(stated, pillar.max_points):
                problems.append(f"{fw.id} {pillar.code}: pillar max {pillar.max_points} but a source states {stated}")
    return problems


def _formulas(fw: Framework) -> list[str]:
    from normalize.formulas import ExpressionError, parse_expression, parse_formula
    problems = []
    for ind in fw.indicators:
        if ind.formula and ind.formula.ratio is not None:
            try:
                parse_expression(ind.formula.ratio)
            except ExpressionError as exc:
                problems.append(f"{fw.id} {ind.code}: ratio {ind.formula.ratio[:40]!r} is not arithmetic ({exc})")
    year = int(fw.effective_from[:4]) if fw.effective_from else None
    for ind in fw.indicators:
        if not ind.formula or not ind.formula.text:
            continue
        parsed = parse_formula(ind.formula.text, year)
        if parsed is None:
            problems.append(f"{fw.id} {ind.code}: formula text does not parse")
        elif ind.formula.rule and parsed.rule != ind.formula.rule:
            problems.append(f"{fw.id} {ind.code}: formula parses as {parsed.rule}, catalog says {ind.formula.rule}")
    return problems


def check_catalog(catalog: Catalog | None = None) -> list[str]:
    """Every inconsistency of the catalog with itself, one line each (empty: all good)."""
    catalog = catalog or default_catalog()
    problems: list[str] = []
    for fw in catalog.frameworks.values():
        codes = [ind.code for ind in fw.indicators]
        if len(codes) != len(set(codes)):
            problems.append(f"{fw.id}: duplicate indicator codes")
        problems += _sums(fw) + _formulas(fw)
    return problems


# Inputs that let every rule give points: a rule is executable when the evaluator, fed
# these, returns a number (a ladder or checklist needs the levels or items it prints).
_PROBE = {"rate": 1.0, "met": True, "level": 1, "count": 1, "parts": [0.0], "value": 1.0}


def executable(ind: Indicator) -> bool:
    """Can a scoring tool compute the indicator's points from its formula?"""
    from catalog.scoring import formula_of
    from normalize.formulas import evaluate
    if ind.formula is None or ind.formula.rule is None or ind.max_points is None:
        return False
    formula = formula_of(ind)
    if formula.rule in ("tiers", "checklist") and not formula.parts:
        return False
    probe = dict(_PROBE, items=[1.0] * len(formula.parts))
    return evaluate(formula, probe, ind.max_points, best=1.0) is not None


@dataclass
class Completeness:
    framework: str
    indicators: int
    max_points: int
    scored: int  # indicators that are not pillars and have no sub-indicators: those a formula scores
    formulas: int
    executable: int
    pillar_sum: float
    total_points: float | None
    conflicts: int

    def row(self) -> list[str]:
        total = "?" if self.total_points is None else f"{self.total_points:g}"
        return [self.framework, str(self.indicators), f"{self.max_points}/{self.indicators}",
                f"{self.formulas}/{self.scored}", f"{self.executable}/{self.scored}",
                f"{self.pillar_sum:g}/{total}", str(self.conflicts)]


COMPLETENESS_HEADER = ["framework", "indicators", "max points", "formulas", "executable", "pillar sum",
                       "conflicts"]


def completeness(fw: Framework) -> Completeness:
    """What a framework's definition holds and lacks, counted."""
    scored = [i for i in fw.indicators if not i.is_pillar and not fw.children(i.code)]
    return Completeness(
        fw.id, len(fw.indicators), sum(1 for i in fw.indicators if i.max_points is not None), len(scored),
        sum(1 for i in scored if i.formula is not None), sum(1 for i in scored if executable(i)),
        sum(fw.pillar_max.values()), fw.total_points, sum(len(i.conflicts()) for i in fw.indicators))


def format_table(header: list[str], rows: list[list[str]]) -> str:
    """Rows as aligned text columns (the first left-aligned, the rest right-aligned)."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in
                               enumerate(zip(r, widths))) for r in [header, *rows])


def describe_conflicts(fw: Framework) -> list[str]:
    """One line per fact documents disagree on: each value, how many documents state it, where."""
    out = []
    for ind in fw.indicators:
        for fact, claims in ind.conflicts().items():
            values = "; ".join(
                f"{_short(fact, c.value)} ({c.documents} document(s): "
                + ", ".join(f"{s.document}:{s.line}" for s in c.sources[:3]) + ")" for c in claims)
            out.append(f"{fw.id} {ind.code} {fact}: {values}")
    return out


def _short(fact: str, value) -> str:
    if fact == "formula":
        return "/".join(str(value.get(k)) for k in ("rule", "ratio", "threshold"))
    return str(value)


def _warning(code: str, message: str, provenance: dict | None) -> dict:
    return {"code": code, "message": message, "provenance": provenance}


def _known_numbers(catalog: Catalog) -> dict[str, str]:
    return {decision_key(d.number): fw.id for fw in catalog.frameworks.values()
            for d in fw.decisions if d.number}


def cited_number_warnings(doc: dict, catalog: Catalog) -> list[dict]:
    """Decision numbers printed in citations, titles or column headers that nearly match a
    known framework decision: same issuing ministry, one digit off."""
    known = _known_numbers(catalog)
    places: list[tuple[str, dict | None]] = [(n, None) for n in (doc.get("document") or {}).get("frameworks_cited") or []]
    for table in doc.get("tables") or []:
        where = table.get("provenance")
        places.append((table.get("title") or "", where))
        places += [(col.get("header") or "", where) for col in table.get("columns") or []]
    out, seen = [], set()
    for text, where in places:
        for m in _DECISION.finditer(text or ""):
            key = decision_key(f"{m.group(1)}/QĐ-{m.group(3)}")
            if key in known or key in seen:
                continue
            number, suffix = key.split("/", 1)
            for other, fid in known.items():
                other_number, other_suffix = other.split("/", 1)
                if suffix == other_suffix and Levenshtein.distance(number, other_number) == 1:
                    seen.add(key)
                    out.append(_warning("framework-number-mismatch",
                                        f"cited decision {m.group(0)} is not a known DTI framework; it nearly "
                                        f"matches {other} ({fid}), probably a misprint of it", where))
    return out


def _expected_max(catalog: Catalog, framework: str, code: str) -> tuple[str, float] | None:
    ind = catalog.get(framework, code)
    if ind is None or ind.max_points is None:
        return None
    return ind.id, ind.max_points


def max_points_warnings(doc: dict, catalog: Catalog) -> list[dict]:
    """A row's max points against its canonical indicator's; a previous-framework column
    against the previous framework's indicator, found through the crosswalk."""
    framework = (doc.get("document") or {}).get("framework")
    order = catalog.with_lists()
    previous = order[order.index(framework) - 1] if framework in order and order.index(framework) > 0 else None
    out = []
    for table in doc.get("tables") or []:
        for row in table.get("rows") or []:
            canonical = row.get("canonical") or {}
            fid, code = canonical.get("framework"), canonical.get("code")
            if not fid or not code:
                continue
            checks = [("max_points", _expected_max(catalog, fid, code))]
            if previous and row.get("max_points_previous") is not None:
                linked = [k.split(":", 1)[1] for k in members_of(measure_of(fid, code)) if k.startswith(previous + ":")]
                if linked:
                    checks.append(("max_points_previous", _expected_max(catalog, previous, linked[0])))
            for column, expected in checks:
                value = row.get(column)
                if value is None or expected is None or _close(value, expected[1]):
                    continue
                out.append(_warning("max-points-mismatch",
                                    f"row {row.get('code')} gives {value:g} max points ({column}); "
                                    f"{expected[0]} has {expected[1]:g}", row.get("provenance")))
    return out


def check_document(doc: dict, catalog: Catalog | None = None) -> list[dict]:
    """Warnings (OUTPUT.md shape) about a mapped per-document JSON; the caller appends them."""
    catalog = catalog or default_catalog()
    return cited_number_warnings(doc, catalog) + max_points_warnings(doc, catalog)
