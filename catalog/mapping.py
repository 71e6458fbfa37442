"""Fill `canonical` on every row of a per-document JSON (see OUTPUT.md) and say why not.

Called by the pipeline once tables and rows are extracted:
`doc = map_document(doc)` sets `document.framework`, each row's `canonical`, and
appends warnings (`canonical-review` (near candidates, none clearly right: a person decides),
`canonical-abstain`, `canonical-input`, `framework-unknown`, and
those of `catalog.checks.check_document`: `max-points-mismatch`, `framework-number-mismatch`).
"""
from __future__ import annotations

from catalog.checks import check_document
from catalog.matcher import codes_follow_framework, decide, detect_framework, match_via_crosswalk
from catalog.model import Catalog
from catalog.ranking import score_names
from catalog.store import default_catalog

# Tables whose rows are indicators (pillar_scores rows are pillar names with no codes).
INDICATOR_KINDS = ("assignment", "scores", "appraisal", "targets", "data_template")


def _add_checks(doc: dict, catalog: Catalog, warnings: list) -> None:
    """The per-document checks, less a misprinted number another stage already reported."""
    for warning in check_document(doc, catalog):
        number = warning["message"].split()[2] if warning["code"] == "framework-number-mismatch" else None
        if number and any(w.get("code") == warning["code"] and number in w.get("message", "") for w in warnings):
            continue
        warnings.append(warning)


def _warning(code: str, message: str, row: dict | None) -> dict:
    return {"code": code, "message": message, "provenance": (row or {}).get("provenance")}


def _describe(nearest: list[dict]) -> str:
    if not nearest:
        return "no candidate"
    return "; ".join(f"{c['framework']} {c['code']} '{c['name']}' ({c['score']:.2f}"
                     + ("" if c["role"] == "name" else f", {c['role']}") + ")" for c in nearest)


def map_document(doc: dict, catalog: Catalog | None = None) -> dict:
    catalog = catalog or default_catalog()
    document = doc.setdefault("document", {})
    tables = [t for t in doc.get("tables") or [] if t.get("kind") in INDICATOR_KINDS]
    all_rows = [row for t in tables for row in t.get("rows") or []]
    for fid in catalog.with_lists():  # one batch per framework: the rankings below reuse it
        score_names(catalog, fid, [row.get("name") for row in all_rows])
    framework = detect_framework(document, all_rows, catalog)
    document["framework"] = framework
    warnings = doc.setdefault("warnings", [])
    if framework is None:
        if all_rows:
            warnings.append(_warning("framework-unknown",
                                     "no DTI framework with an indicator list fits this document "
                                     "(cited decisions, rows and date of issue); rows left unmapped", None))
        for row in all_rows:
            row["canonical"] = None
        _add_checks(doc, catalog, warnings)
        return doc
    for table in tables:
        rows = table.get("rows") or []
        use_codes = codes_follow_framework(rows, framework, catalog)
        for row in rows:
            row["canonical"] = _map_row(row, framework, catalog, use_codes, warnings, table)
    _add_checks(doc, catalog, warnings)
    return doc


def _map_row(row: dict, framework: str, catalog: Catalog, use_codes: bool, warnings: list,
             table: dict) -> dict | None:
    name, code = row.get("name"), row.get("code")
    decision = decide(name, code, framework, catalog, use_codes)
    if decision.match:
        return decision.match.canonical()
    if not use_codes:
        carried = match_via_crosswalk(name, framework, catalog)
        if carried:
            return carried.canonical()
    label = f"row {code or '?'} '{name or ''}'"
    if decision.reason == "review":
        warnings.append(_warning("canonical-review",
                                 f"{label}: near {framework} indicators, but not clearly one of them; "
                                 f"left unmapped for review; candidates: {_describe(decision.nearest)}", row))
    elif decision.reason == "input":
        warnings.append(_warning("canonical-input",
                                 f"{label} is an input of an indicator, not an indicator; nearest: "
                                 f"{_describe(decision.nearest)}", row))
    elif name:
        warnings.append(_warning("canonical-abstain",
                                 f"{label}: no {framework} indicator matches well enough; nearest: "
                                 f"{_describe(decision.nearest)}", row))
    return None
