"""Reading the per-document JSON files (OUTPUT.md) one at a time for the comparison.

Each file is parsed once, handed to the caller (who turns it into flat records) and let go:
what stays per document is a short summary (`Doc`), so memory does not grow with the rows of
a thousand documents. Gold files (GOLD.md) have nearly the same shape and are accepted too:
their `source` is the seed's file name instead of an object. Unreadable files are skipped with
a warning, never a traceback.
"""
from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from catalog.crosswalk import measure_of
from normalize.text import storable


class CompareError(Exception):
    """Nothing to compare (no folder, no JSON documents); one line for the user."""


@dataclass
class Doc:
    """What the comparison keeps of one document once its records are written."""
    doc_id: str                 # file stem, unique within the outputs folder
    path: Path                  # the JSON file
    source_path: str            # the document the JSON was made from, as the JSON names it
    province: str | None
    level: str | None
    year: int | None
    number: str | None
    framework: str | None
    date: str | None = None
    issuer: str | None = None
    warning_codes: list[str] = field(default_factory=list)
    body_cells: int = 0         # lead/support bodies read in rows mapped to a measure
    label: str = ""             # "Gia Lai · tỉnh · 2026", unique among the documents
    representative: bool = True  # False for another format of a document already compared


def load_documents(outputs_dir: Path, visit: Callable[[Doc, dict], None] = lambda doc, data: None) -> list[Doc]:
    """The per-document JSON files under outputs_dir as Docs (labelled, representatives picked);
    visit(doc, data) sees each file's parsed content before it is let go."""
    outputs_dir = Path(outputs_dir)
    if not outputs_dir.is_dir():
        raise CompareError(f"{outputs_dir}: no such folder")
    docs = []
    for path in sorted(outputs_dir.rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            warnings.warn(f"{path}: skipped, not readable JSON ({error})")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("document"), dict) or "tables" not in data:
            continue  # not a per-document file (e.g. a catalog export in the same folder)
        doc = _doc(path, outputs_dir, data)
        visit(doc, data)
        docs.append(doc)
    if not docs:
        raise CompareError(f"{outputs_dir}: no per-document JSON files")
    _label(docs)
    _pick_representatives(docs)
    return docs


def _doc(path: Path, root: Path, data: dict) -> Doc:
    meta = data["document"]
    source = data.get("source")
    source_path = source.get("path") if isinstance(source, dict) else source
    date = meta.get("date") or ""
    year = int(date[:4]) if re.match(r"\d{4}", date) else None
    doc_id = storable(str(path.relative_to(root).with_suffix(""))).replace("/", "__")
    return Doc(doc_id, path, source_path or path.name, meta.get("province"), meta.get("level"), year,
               meta.get("number"), meta.get("framework") or _row_framework(data), meta.get("date"), meta.get("issuer"),
               [w.get("code") if isinstance(w, dict) else None for w in data.get("warnings") or []], _body_cells(data))


def _row_framework(data: dict) -> str | None:
    """The framework the rows map to, where the document block does not say (gold files)."""
    for table in data.get("tables", []):
        for row in table.get("rows", []):
            canonical = row.get("canonical")
            if isinstance(canonical, dict) and canonical.get("framework"):
                return canonical["framework"]
    return None


def _label(docs: list[Doc]) -> None:
    """Column-group labels: province · level · year (number added where two documents share it)."""
    base = {d.doc_id: " · ".join(str(x) for x in (d.province or "?", d.level or "?", d.year or "?")) for d in docs}
    identity = {d.doc_id: (base[d.doc_id], d.number) for d in docs}
    for doc in docs:
        clash = {identity[o.doc_id] for o in docs if base[o.doc_id] == base[doc.doc_id]}
        doc.label = base[doc.doc_id] if len(clash) == 1 else f"{base[doc.doc_id]} · {doc.number or doc.doc_id}"


def _pick_representatives(docs: list[Doc]) -> None:
    """The same plan read from several formats (txt, docx, pdf) is one column group: the file
    from which the most lead/support bodies were read stands for it (then: fewer warnings,
    then the file name), the others stay in the documents table."""
    groups: dict[tuple, list[Doc]] = {}
    for doc in docs:
        groups.setdefault((doc.label, doc.number), []).append(doc)
    for group in groups.values():
        best = min(group, key=lambda d: (-d.body_cells, len(d.warning_codes), str(d.path)))
        for doc in group:
            doc.representative = doc is best


def _body_cells(data: dict) -> int:
    return sum(len(row.get("lead_canonical") or []) + len(row.get("support_canonical") or [])
               for _, row in table_rows(data) if measure_key(row))


def table_rows(data: dict):
    """(table index, row) for every row of every table of a document's JSON."""
    for index, table in enumerate(data.get("tables", [])):
        for row in table.get("rows", []):
            yield index, row


def measure_key(row: dict) -> str | None:
    """The crosswalk measure of a row: from its canonical entry; None where it has none."""
    canonical = row.get("canonical")
    if isinstance(canonical, dict) and canonical.get("framework") and canonical.get("code"):
        return measure_of(canonical["framework"], str(canonical["code"]))
    return None


def row_line(row: dict) -> int | None:
    prov = row.get("provenance")
    return prov.get("line") if isinstance(prov, dict) else None
