"""Clean framework definitions for other tools: JSON (validated by data/export.schema.json) or CSV."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from catalog.crosswalk import measure_of
from catalog.model import Catalog, CatalogError
from catalog.store import DATA, default_catalog

SCHEMA = DATA / "export.schema.json"
CSV_COLUMNS = ["framework", "code", "pillar", "name", "max_points", "rule", "ratio", "threshold",
               "period_thresholds", "variables", "formula_text", "measure", "source_document", "source_line"]


def export_framework(framework: str, catalog: Catalog | None = None) -> dict:
    catalog = catalog or default_catalog()
    fw = catalog.frameworks.get(framework)
    if fw is None or not fw.indicators:
        raise CatalogError(f"no indicator list for framework '{framework}' "
                           f"(known: {', '.join(catalog.with_lists())})")
    indicators = []
    for ind in fw.indicators:
        formula = ind.formula
        where = ind.source.get("name") or ind.source.get("code")
        indicators.append({
            "code": ind.code, "pillar": ind.pillar, "level": "pillar" if ind.is_pillar else "indicator",
            "name": ind.name, "max_points": ind.max_points, "measure": measure_of(fw.id, ind.code),
            "formula": None if formula is None else {
                "text": formula.text, "rule": formula.rule, "ratio": formula.ratio,
                "threshold": formula.threshold, "period_thresholds": formula.period_thresholds,
                "variables": formula.variables},
            "source": {fact: s.to_json() for fact, s in sorted(ind.source.items())},
            "_where": where,
        })
    return {
        "schema_version": "1",
        "framework": {
            "id": fw.id, "title": fw.title, "effective_from": fw.effective_from, "total_points": fw.total_points,
            "decisions": [{"number": d.number, "date": d.date, "issuer": d.issuer, "status": d.status}
                          for d in fw.decisions],
            "pillar_max": fw.pillar_max,
        },
        "indicators": [{k: v for k, v in item.items() if k != "_where"} for item in indicators],
    }


def validate(data: dict) -> None:
    import jsonschema
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))


def to_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for ind in data["indicators"]:
        formula = ind["formula"] or {}
        where = ind["source"].get("name") or ind["source"].get("code") or {}
        writer.writerow({
            "framework": data["framework"]["id"], "code": ind["code"], "pillar": ind["pillar"],
            "name": ind["name"], "max_points": "" if ind["max_points"] is None else ind["max_points"],
            "rule": formula.get("rule") or "", "ratio": formula.get("ratio") or "",
            "threshold": "" if formula.get("threshold") is None else formula["threshold"],
            "period_thresholds": json.dumps(formula["period_thresholds"]) if formula.get("period_thresholds") else "",
            "variables": json.dumps(formula["variables"], ensure_ascii=False) if formula.get("variables") else "",
            "formula_text": formula.get("text") or "", "measure": ind["measure"],
            "source_document": where.get("document", ""), "source_line": where.get("line") or "",
        })
    return out.getvalue()
