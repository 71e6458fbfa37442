"""Clean framework definitions for other tools: JSON (validated by data/export.schema.json) or CSV.

Every indicator carries every fact (name, max points, formula, unit): a fact no ingested
document states is null and `missing` says why, never left out. `evidence` gives each value
documents state with its sources and how many documents agree; `conflicts` names the facts
they disagree on. `crosswalk` ties the framework's indicators to the other versions'.
"""
from __future__ import annotations

import csv
import io
import json

from catalog.checks import executable
from catalog.crosswalk import load_links, measure_of
from catalog.model import Catalog, CatalogError, Framework, Indicator
from catalog.store import DATA, default_catalog

SCHEMA = DATA / "export.schema.json"
CSV_COLUMNS = ["framework", "code", "pillar", "name", "max_points", "rule", "ratio", "threshold",
               "period_thresholds", "variables", "formula_text", "measure", "source_document", "source_line",
               "unit", "executable", "max_points_documents", "conflicts", "missing", "aliases"]


def missing_reasons(ind: Indicator, fw: Framework) -> dict[str, str]:
    """Why each absent fact is absent."""
    out = {}
    if ind.name is None:
        out["name"] = "no ingested document names it"
    if ind.max_points is None:
        out["max_points"] = "no ingested document prints its max points"
    if ind.formula is None:
        if ind.is_pillar or fw.children(ind.code):
            out["formula"] = "scored as the sum of its sub-indicators; no formula of its own"
        else:
            out["formula"] = "no ingested document prints a scoring guideline for it"
    if ind.unit is None:
        out["unit"] = "no ingested document prints a unit for it"
    return out


def _formula_json(ind: Indicator) -> dict | None:
    formula = ind.formula
    if formula is None:
        return None
    return {"text": formula.text, "rule": formula.rule, "ratio": formula.ratio, "threshold": formula.threshold,
            "period_thresholds": formula.period_thresholds, "variables": formula.variables}


def _indicator_json(ind: Indicator, fw: Framework) -> dict:
    return {
        "code": ind.code, "pillar": ind.pillar, "level": "pillar" if ind.is_pillar else "indicator",
        "name": ind.name, "aliases": list(ind.aliases), "max_points": ind.max_points, "unit": ind.unit,
        "measure": measure_of(fw.id, ind.code), "formula": _formula_json(ind), "executable": executable(ind),
        "missing": missing_reasons(ind, fw),
        "source": {fact: s.to_json() for fact, s in sorted(ind.source.items())},
        "evidence": {fact: [c.to_json() for c in claims] for fact, claims in sorted(ind.evidence.items())},
        "conflicts": sorted(ind.conflicts()),
    }


def crosswalk_of(framework: str) -> list[dict]:
    """The measures one of the framework's indicators belongs to, each with every version's
    indicator and the reviewed reasons of its links."""
    measures: dict[str, dict] = {}
    for link in load_links():
        if not (link.source.startswith(framework + ":") or link.target.startswith(framework + ":")):
            continue
        measure = measures.setdefault(link.measure, {"measure": link.measure, "members": [], "links": []})
        for key in (link.source, link.target):
            if key not in measure["members"]:
                measure["members"].append(key)
        measure["links"].append({"from": link.source, "to": link.target, "reason": link.reason})
    return list(measures.values())


def export_framework(framework: str, catalog: Catalog | None = None) -> dict:
    catalog = catalog or default_catalog()
    fw = catalog.frameworks.get(framework)
    if fw is None or not fw.indicators:
        raise CatalogError(f"no indicator list for framework '{framework}' "
                           f"(known: {', '.join(catalog.with_lists())})")
    return {
        "schema_version": "2",
        "framework": {
            "id": fw.id, "title": fw.title, "effective_from": fw.effective_from, "total_points": fw.total_points,
            "decisions": [{"number": d.number, "date": d.date, "issuer": d.issuer, "status": d.status}
                          for d in fw.decisions],
            "pillar_max": fw.pillar_max,
        },
        "indicators": [_indicator_json(ind, fw) for ind in fw.indicators],
        "crosswalk": crosswalk_of(fw.id),
    }


def validate(data: dict) -> None:
    import fastjsonschema
    fastjsonschema.validate(json.loads(SCHEMA.read_text(encoding="utf-8")), data)


def _cell(value) -> str:
    return "" if value is None else str(value)


def to_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for ind in data["indicators"]:
        formula = ind["formula"] or {}
        where = ind["source"].get("name") or ind["source"].get("code") or {}
        max_claims = ind["evidence"].get("max_points") or []
        writer.writerow({
            "framework": data["framework"]["id"], "code": ind["code"], "pillar": ind["pillar"],
            "name": ind["name"], "max_points": _cell(ind["max_points"]),
            "rule": formula.get("rule") or "", "ratio": formula.get("ratio") or "",
            "threshold": _cell(formula.get("threshold")),
            "period_thresholds": json.dumps(formula["period_thresholds"]) if formula.get("period_thresholds") else "",
            "variables": json.dumps(formula["variables"], ensure_ascii=False) if formula.get("variables") else "",
            "formula_text": formula.get("text") or "", "measure": ind["measure"],
            "source_document": where.get("document", ""), "source_line": where.get("line") or "",
            "unit": _cell(ind["unit"]), "executable": "yes" if ind["executable"] else "no",
            "max_points_documents": max((c["documents"] for c in max_claims if c["value"] == ind["max_points"]),
                                        default=0),
            "conflicts": "; ".join(ind["conflicts"]),
            "missing": "; ".join(f"{fact}: {why}" for fact, why in ind["missing"].items()),
            "aliases": " | ".join(ind["aliases"]),
        })
    return out.getvalue()
