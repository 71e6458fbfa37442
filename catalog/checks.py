"""Checks the catalog runs on itself and on each extracted document.

On itself (`check_catalog`): an indicator's max points equal the sum of its
sub-indicators' where all are known, pillars add up to the framework total (1000),
every formula text parses to the rule stored with it.
On a document (`check_document`): max points that disagree with the framework's,
and cited decision numbers the catalog does not know but nearly match one it does
(a misprint such as 5405/QĐ-BKHCN for 405/QĐ-BKHCN).
"""
from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from catalog.crosswalk import measure_of, members_of
from catalog.matcher import decision_key
from catalog.model import Catalog, Framework
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
    from normalize.formulas import parse_formula
    problems = []
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
