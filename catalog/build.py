"""Build the catalog's indicator files from the corpus with the project's own extractor.

`data/sources.json` names, per framework, the document and table kind that give its
indicator list and the documents that add or confirm max points. The pipeline
(`dtiplan.pipeline.process(path) -> per-document JSON`) is run on each; this module
turns its rows into indicators with provenance per fact, and reports every conflict
it sees. `dtiplan catalog build --check` compares the result with the committed files.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from catalog.crosswalk import measure_of, members_of
from catalog.model import Component, FormulaDef, Framework, Indicator, Source
from catalog.store import DATA, dump_json, framework_file_json, load_catalog
from normalize.text import fold

ROOT = Path(__file__).resolve().parent.parent
_DTI_CODE = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}$")
_COMPONENT_CODE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})/([a-zđ])$")

Process = Callable[[str], dict]


@dataclass
class BuildResult:
    frameworks: dict[str, Framework]
    pillar_max_source: dict[str, dict[str, dict]]
    report: list[str] = field(default_factory=list)

    def files(self) -> dict[str, dict]:
        out = {}
        for fid, fw in self.frameworks.items():
            about = (f"Indicators of {fid}, built by `dtiplan catalog build` from the sources in "
                     f"sources.json and reviewed; every fact names the document and line it was read from.")
            out[fw.indicators_file] = framework_file_json(fw, about, self.pillar_max_source.get(fid, {}))
        return out


def _norm_code(code) -> str:
    return re.sub(r"\s+", "", str(code or "")).rstrip(".")


def _table(doc: dict, kind: str) -> dict | None:
    """The document's table of a kind (the one with most rows if several)."""
    tables = [t for t in doc.get("tables") or [] if t.get("kind") == kind]
    return max(tables, key=lambda t: len(t.get("rows") or []), default=None)


def _rows(doc: dict, kind: str) -> list[dict]:
    """Every row of every table of a kind (an appraisal comes as one table per pillar)."""
    return [row for t in doc.get("tables") or [] if t.get("kind") == kind for row in t.get("rows") or []]


def _line(row: dict) -> int | None:
    return (row.get("provenance") or {}).get("line")


def _year(doc: dict) -> int | None:
    found = re.match(r"(\d{4})", str((doc.get("document") or {}).get("date") or ""))
    return int(found.group(1)) if found else None


def _formula(row: dict, year: int | None) -> FormulaDef | None:
    data = row.get("formula")
    if not data:
        return None
    formula = FormulaDef.from_json(data)
    if formula.text and not formula.variables:
        try:
            from normalize.formulas import parse_formula
        except ImportError:
            return formula
        parsed = parse_formula(formula.text, year)
        if parsed is not None:
            formula.variables = dict(parsed.variables)
    return formula


def _indicators_from_list(fid: str, doc: dict, path: str, kind: str, fw: Framework, report: list[str]) -> None:
    table = _table(doc, kind)
    if table is None:
        report.append(f"{fid}: no '{kind}' table in {path}; indicator list left empty")
        return
    year = _year(doc)
    for row in table.get("rows") or []:
        code = _norm_code(row.get("code"))
        where = Source(path, _line(row))
        component = _COMPONENT_CODE.match(code)
        if component and row.get("name"):
            fw.components.append(Component(fid, code, component.group(1), row["name"], where))
            continue
        if not _DTI_CODE.match(code):
            continue  # continuation rows (2.4#1) are parts of an indicator, not indicators
        ind = Indicator(fid, code, code.split(".")[0], row.get("name"))
        if ind.name:
            ind.source["name"] = where
        if row.get("max_points") is not None:
            ind.max_points = row["max_points"]
            ind.source["max_points"] = where
        ind.formula = _formula(row, year)
        if ind.formula:
            ind.source["formula"] = where
        ind.source["code"] = where
        fw.indicators.append(ind)


def _fill_names(fid: str, doc: dict, path: str, kind: str, fw: Framework, report: list[str]) -> None:
    table = _table(doc, kind) or {}
    by_code = fw.by_code()
    for row in table.get("rows") or []:
        ind = by_code.get(_norm_code(row.get("code")))
        if ind and not ind.name and row.get("name"):
            ind.name = row["name"]
            ind.source["name"] = Source(path, _line(row))
            report.append(f"{fid} {ind.code}: name taken from the {kind} table of {path}")


def _add_max_points(fid: str, doc: dict, path: str, spec: dict, fw: Framework, report: list[str]) -> None:
    by_code = fw.by_code()
    for row in _rows(doc, spec["table_kind"]):
        ind = by_code.get(_norm_code(row.get("code")))
        value = row.get(spec.get("column", "max_points"))
        if ind is None or value is None:
            continue
        if ind.max_points is None:
            ind.max_points = value
            ind.source["max_points"] = Source(path, _line(row))
        elif ind.max_points != value:
            report.append(f"{fid} {ind.code}: max points {ind.max_points} in the list but {value} in {path}")


def _confirm_max_points(fid: str, doc: dict, path: str, spec: dict, fw: Framework, report: list[str]) -> None:
    """Compare a max-points column with the list, through the crosswalk when the table
    numbers its rows by another version's codes."""
    codes_of = spec.get("codes_of", fid)
    by_code = fw.by_code()
    agree = 0
    for row in _rows(doc, spec["table_kind"]):
        value = row.get(spec.get("column", "max_points"))
        code = _norm_code(row.get("code"))
        if value is None or not code:
            continue
        targets = [key.split(":", 1)[1] for key in members_of(measure_of(codes_of, code))
                   if key.startswith(fid + ":")]
        if codes_of == fid:
            targets = [code]
        if not targets:
            report.append(f"{fid}: {path} gives {value} points to {codes_of} {code}, which no crosswalk "
                          f"link ties to a {fid} indicator; not confirmed")
            continue
        for target in targets:
            ind = by_code.get(target)
            if ind is None:
                continue
            if ind.max_points == value:
                agree += 1
                ind.source.setdefault("max_points_confirmed", Source(path, _line(row)))
            else:
                report.append(f"{fid} {target}: max points {ind.max_points} in the list, {value} in {path} "
                              f"(row {codes_of} {code})")
    report.append(f"{fid}: {agree} max points confirmed by {path} ({spec.get('column')})")


# Running text states pillar results as "<pillar name> [có điểm] 67,64/100 điểm".
_TOTAL = r"\s+(?:co diem\s+)?\d+(?:[.,]\d+)?\s*/\s*(\d+)\s*diem"


def _pillar_totals(fid: str, lines: list[str], path: str, fw: Framework, report: list[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    folded_lines = [fold(line) for line in lines]
    joined = " ".join(folded_lines)
    starts, pos = [], 0
    for line in folded_lines:
        starts.append(pos)
        pos += len(line) + 1
    for pillar in fw.pillars():
        if not pillar.name:
            continue
        # The text may shorten a pillar's name by its last words ("An toàn thông tin" for
        # "An toàn thông tin mạng"); at least three words of it must be printed.
        words = fold(pillar.name).split()
        names = [" ".join(words[:n]) for n in range(len(words), min(3, len(words)) - 1, -1)]
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + ")" + _TOTAL)
        for m in pattern.finditer(joined):
            line_no = max(i for i, s in enumerate(starts) if s <= m.start()) + 1
            total = float(m.group(1))
            total = int(total) if total.is_integer() else total
            found[pillar.code] = {"value": total, "source": {"document": path, "line": line_no}}
            break
    for code, item in found.items():
        pillar = fw.by_code()[code]
        if pillar.max_points is None:
            pillar.max_points = item["value"]
            pillar.source["max_points"] = Source(path, item["source"]["line"])
        elif pillar.max_points != item["value"]:
            report.append(f"{fid} {code}: pillar max {pillar.max_points} in the list, {item['value']} in {path}")
    report.append(f"{fid}: {len(found)} pillar totals read from the text of {path}")
    return found


def _document_lines(path: Path) -> list[str]:
    from extract.read import read_document
    return read_document(path).lines


def build(process: Process, sources_path: Path = DATA / "sources.json", root: Path = ROOT) -> BuildResult:
    sources = json.loads(sources_path.read_text(encoding="utf-8"))["frameworks"]
    template = load_catalog()
    cache: dict[str, dict] = {}

    def run(path: str) -> dict:
        if path not in cache:
            cache[path] = process(str(root / path))
        return cache[path]

    result = BuildResult({}, {})
    for fid, spec in sources.items():
        meta = template.frameworks[fid]
        fw = Framework(meta.id, meta.title, meta.decisions, meta.effective_from, meta.total_points,
                       meta.indicators_file)
        result.frameworks[fid] = fw
        listed = spec["list"]
        _indicators_from_list(fid, run(listed["document"]), listed["document"], listed["table_kind"], fw,
                              result.report)
        for extra in spec.get("names", []):
            _fill_names(fid, run(extra["document"]), extra["document"], extra["table_kind"], fw, result.report)
        for extra in spec.get("max_points", []):
            _add_max_points(fid, run(extra["document"]), extra["document"], extra, fw, result.report)
        pillar_source: dict[str, dict] = {}
        for extra in spec.get("pillar_totals", []):
            pillar_source.update(_pillar_totals(fid, _document_lines(root / extra["document"]),
                                                extra["document"], fw, result.report))
        fw.pillar_max = {code: item["value"] for code, item in pillar_source.items()}
        for pillar in fw.pillars():
            if pillar.code not in fw.pillar_max and pillar.max_points is not None:
                fw.pillar_max[pillar.code] = pillar.max_points
                pillar_source[pillar.code] = pillar.source["max_points"].to_json()
            elif pillar.code in pillar_source:
                pillar_source[pillar.code] = pillar_source[pillar.code]["source"]
        result.pillar_max_source[fid] = pillar_source
    # confirmations may read another framework's codes, so they run once every list is built
    for fid, spec in sources.items():
        for extra in spec.get("confirm_max_points", []):
            _confirm_max_points(fid, run(extra["document"]), extra["document"], extra,
                                result.frameworks[fid], result.report)
    return result


def differences(result: BuildResult, data_dir: Path = DATA) -> list[str]:
    """What the committed files say differently from a fresh build, fact by fact."""
    out: list[str] = []
    for name, fresh in result.files().items():
        path = data_dir / name
        if not path.exists():
            out.append(f"{name}: not committed yet")
            continue
        old = json.loads(path.read_text(encoding="utf-8"))
        old_by = {i["code"]: i for i in old.get("indicators", [])}
        new_by = {i["code"]: i for i in fresh.get("indicators", [])}
        for code in sorted(set(old_by) | set(new_by), key=_code_key):
            a, b = old_by.get(code), new_by.get(code)
            if a is None or b is None:
                out.append(f"{name} {code}: {'added' if a is None else 'removed'}")
                continue
            for fact in ("pillar", "name", "max_points", "formula", "source"):
                if a.get(fact) != b.get(fact):
                    out.append(f"{name} {code}: {fact} {json.dumps(a.get(fact), ensure_ascii=False)[:120]} -> "
                               f"{json.dumps(b.get(fact), ensure_ascii=False)[:120]}")
        for key in ("pillar_max", "components"):
            if old.get(key) != fresh.get(key):
                out.append(f"{name}: {key} differs")
    return out


def write(result: BuildResult, data_dir: Path = DATA) -> list[Path]:
    written = []
    for name, data in result.files().items():
        path = data_dir / name
        path.write_text(dump_json(data), encoding="utf-8")
        written.append(path)
    return written


def _code_key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[./#]", code))
