"""Build the catalog's indicator files from the corpus with the project's own extractor.

`data/sources.json` names, per framework, the document and table kind that give its
indicator list (and running text that states pillar totals), and the corpus documents
whose facts are merged in. The pipeline (`dtiplan.pipeline.process(path) -> per-document
JSON`) is run on each; the list gives the indicators, `catalog.evidence` files every fact
any document states about them, with provenance, agreement and conflicts.
`build_from_outputs` does the same on the JSONs a user's own `dtiplan run` wrote.
`dtiplan catalog build --check` compares the result with the committed files.
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from catalog.evidence import facts_of_document, merge, record_chosen, settle, year_of
from catalog.model import Catalog, Component, FormulaDef, Framework, Indicator, Source
from catalog.store import DATA, dump_json, framework_file_json, load_catalog
from catalog.wording import settle_names
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
    problems: list[str] = field(default_factory=list)  # malformed facts, skipped
    documents_read: int = 0

    def files(self) -> dict[str, dict]:
        out = {}
        for fid, fw in self.frameworks.items():
            about = (f"Indicators of {fid}, built by `dtiplan catalog build`: the list named in sources.json, "
                     f"then every fact any ingested document states (evidence, with agreement and "
                     f"conflicts); every fact names the document and line it was read from.")
            out[fw.indicators_file] = framework_file_json(fw, about, self.pillar_max_source.get(fid, {}))
        return out


def _norm_code(code) -> str:
    return re.sub(r"\s+", "", str(code or "")).rstrip(".")


def _table(doc: dict, kind: str) -> dict | None:
    """The document's table of a kind (the one with most rows if several)."""
    tables = [t for t in doc.get("tables") or [] if t.get("kind") == kind]
    return max(tables, key=lambda t: len(t.get("rows") or []), default=None)


def _line(row: dict) -> int | None:
    return (row.get("provenance") or {}).get("line")


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
    year = year_of(doc)
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


def _list_framework(fid: str, spec: dict, template: Catalog, run: Callable[[str], dict], root: Path,
                    result: BuildResult) -> Framework:
    """A framework's indicators as its list document prints them, with the pillar totals its
    text states."""
    meta = template.frameworks[fid]
    fw = Framework(meta.id, meta.title, meta.decisions, meta.effective_from, meta.total_points,
                   meta.indicators_file)
    listed = spec["list"]
    _indicators_from_list(fid, run(listed["document"]), listed["document"], listed["table_kind"], fw,
                          result.report)
    pillar_source: dict[str, dict] = {}
    for extra in spec.get("pillar_totals", []):
        found = _pillar_totals(fid, _document_lines(root / extra["document"]), extra["document"], fw,
                               result.report)
        pillar_source.update({code: item["source"] for code, item in found.items()})
        fw.pillar_max.update({code: item["value"] for code, item in found.items()})
    result.pillar_max_source[fid] = pillar_source
    return fw


def _evidence_documents(spec: list[str], root: Path) -> list[str]:
    """The corpus documents whose facts feed the catalog (globs relative to the repository)."""
    return sorted({str(p.relative_to(root)) for pattern in spec for p in root.glob(pattern)})


def enrich(result: BuildResult, docs: list[tuple[str, dict]]) -> None:
    """Merge the facts every document states into the frameworks, then settle what no list chose."""
    catalog = Catalog(result.frameworks)
    result.documents_read += len(docs)
    for path, doc in docs:
        facts = facts_of_document(doc, path, catalog, result.problems)
        merge(catalog, facts)
        result.report.append(f"{path}: {len(facts)} fact(s) about framework indicators")
    for fid, fw in result.frameworks.items():
        settle(fw)
        settle_names(fw)
        sources = result.pillar_max_source.setdefault(fid, {})
        for pillar in fw.pillars():
            if pillar.code not in fw.pillar_max and pillar.max_points is not None:
                fw.pillar_max[pillar.code] = pillar.max_points
                sources[pillar.code] = pillar.source["max_points"].to_json()


def build(process: Process, sources_path: Path = DATA / "sources.json", root: Path = ROOT) -> BuildResult:
    """The catalog from the corpus: each framework's list, then the facts of every corpus document."""
    sources = json.loads(sources_path.read_text(encoding="utf-8"))
    template = load_catalog()
    cache: dict[str, dict] = {}

    def run(path: str) -> dict:
        if path not in cache:
            cache[path] = process(str(root / path))
        return cache[path]

    result = BuildResult({}, {})
    for fid, spec in sources["frameworks"].items():
        result.frameworks[fid] = _list_framework(fid, spec, template, run, root, result)
        record_chosen(result.frameworks[fid])
    documents = _evidence_documents(sources.get("evidence", []), root)
    enrich(result, [(path, _relative_source(run(path), path)) for path in documents])
    return result


def _relative_source(doc: dict, path: str) -> dict:
    """The document's JSON naming it by its corpus path, as the catalog's sources do."""
    doc.setdefault("source", {})["path"] = path
    return doc


def read_outputs(folder: Path, problems: list[str]) -> list[tuple[str, dict]]:
    """Every per-document JSON under a folder (OUTPUT.md: `source` and `tables`), by file name;
    a file that is not one is reported and skipped."""
    docs = []
    for path in sorted(folder.rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            problems.append(f"{path}: not readable as JSON ({type(exc).__name__}); skipped")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("tables"), list) \
                or not isinstance(data.get("source"), dict):
            continue  # comparison files, reports: not per-document outputs
        name = data["source"].get("path")
        docs.append((name if isinstance(name, str) and name else str(path), data))
    return docs


def build_from_outputs(folder: Path, data_dir: Path = DATA) -> BuildResult:
    """The committed catalog enriched with the facts of a user's own outputs."""
    catalog = load_catalog(data_dir)
    result = BuildResult({fid: fw for fid, fw in catalog.frameworks.items() if fw.indicators},
                         _stored_pillar_sources(catalog, data_dir))
    enrich(result, read_outputs(folder, result.problems))
    return result


def _stored_pillar_sources(catalog: Catalog, data_dir: Path) -> dict[str, dict]:
    out = {}
    for fid, fw in catalog.frameworks.items():
        if fw.indicators_file and (data_dir / fw.indicators_file).exists():
            data = json.loads((data_dir / fw.indicators_file).read_text(encoding="utf-8"))
            out[fid] = data.get("pillar_max_source") or {}
    return out


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
            for fact in ("pillar", "name", "max_points", "formula", "unit", "aliases", "source", "evidence"):
                if a.get(fact) != b.get(fact):
                    out.append(f"{name} {code}: {fact} {json.dumps(a.get(fact), ensure_ascii=False)[:120]} -> "
                               f"{json.dumps(b.get(fact), ensure_ascii=False)[:120]}")
        for key in ("pillar_max", "components"):
            if old.get(key) != fresh.get(key):
                out.append(f"{name}: {key} differs")
    return out


def write(result: BuildResult, data_dir: Path = DATA) -> list[Path]:
    """The indicator files into a catalog folder (a new folder also gets the framework list)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    written = []
    if not (data_dir / "frameworks.json").exists():
        shutil.copyfile(DATA / "frameworks.json", data_dir / "frameworks.json")
        written.append(data_dir / "frameworks.json")
    for name, data in result.files().items():
        path = data_dir / name
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(dump_json(data), encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written


def _code_key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[./#]", code))
