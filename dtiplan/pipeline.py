"""The stages joined: reader -> document model -> tables -> rows -> JSON (OUTPUT.md)."""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from dtiplan.atomic import written_beside
from extract.metadata import extract_metadata, read_site_metadata, site_metadata_from_rows
from extract.model import Document, Provenance
from extract.narrative import extract_document_assignments
from extract.read import read_document
from extract.rows import row_records
from extract.tables import classify, unread_table_sign
from normalize.text import one_line, storable

SCHEMA = Path(__file__).with_name("schema") / "document.schema.json"


@lru_cache(maxsize=1)
def validator():
    """The output schema compiled to a checking function (fastjsonschema), once per process: a
    tenth of the time jsonschema's interpreting validator takes on every document."""
    import fastjsonschema

    return fastjsonschema.compile(json.loads(SCHEMA.read_text(encoding="utf-8")))


def warm_up(formats: Iterable[str] | None = None) -> None:
    """Load once what every document needs (the readers of these formats, default all; schema,
    spaCy pipeline, catalog and its frameworks' name indexes, the place gazetteer), so that
    worker processes forked after this start ready and share it rather than each building it on
    its first document."""
    from catalog.ranking import index_of
    from catalog.store import default_catalog
    from extract.narrative import default_pipeline
    from extract.read import READERS, load_readers
    from normalize.admin import mentions

    load_readers(READERS if formats is None else formats)
    validator()
    default_pipeline()
    catalog = default_catalog()
    for framework in catalog.frameworks:
        index_of(catalog, framework)
    mentions("")  # builds the administrative-unit gazetteer


def _warning(code: str, message: str, prov) -> dict:
    if isinstance(prov, Provenance):
        prov = prov.to_json()
    elif isinstance(prov, int):
        prov = {"page": None, "line": prov}
    return {"code": code, "message": message, "provenance": prov}


def _rendered_site_table(document: Document) -> dict[str, str]:
    """The site's metadata table as a DOCX/PDF rendering keeps it: one of the first tables."""
    tables = [[[one_line(c.text) for c in row.cells] for row in table.rows] for table in document.tables()[:2]]
    return site_metadata_from_rows(tables, document.lines)


def build(document: Document, sha256: str) -> dict:
    """The per-document JSON for a document model (no file access)."""
    warnings = [_warning(*w) for w in document.warnings]
    path = storable(document.path)
    if path != document.path:
        warnings.append(_warning("source-path-not-utf8", "the file's name is not UTF-8: its undecodable "
                                 "bytes are written as U+FFFD in source.path", None))
    site = document.site_metadata or read_site_metadata(document.lines) or _rendered_site_table(document)
    metadata, meta_warnings = extract_metadata(document.lines, site)
    warnings += [_warning(*w) for w in meta_warnings]
    year = int(metadata["date"][:4]) if metadata.get("date") else None
    tables = []
    for table in classify(document):
        row_warnings: list = []
        rows = row_records(table, year, row_warnings)
        warnings += [_warning(*w) for w in row_warnings]
        entry = {
            "kind": table.kind,
            "title": table.title,
            "columns": [{"header": c.header, "role": c.role} for c in table.columns],
            "provenance": table.prov.to_json(),
            "rows": rows,
        }
        if table.kind == "data_template":
            entry["for_agency"] = table.for_agency
        tables.append(entry)
    if not tables:
        warnings.append(_warning("no-indicator-tables", "no indicator table was found in this document", None))
    if not any(t["rows"] for t in tables) and (sign := unread_table_sign(document.lines)):
        warnings.append(_warning("tables-suspected-unread", "the text speaks of indicators and points "
                                 "but no indicator row was read", sign))
    indicators = [(r["code"], r.get("name") or "") for t in tables for r in t["rows"] if r["code"]]
    result = {
        "schema_version": "1",
        "source": {"path": path, "sha256": sha256, "format": document.format, "pages": document.pages},
        "document": {**metadata, "framework": None},
        "tables": tables,
        "warnings": warnings,
        "assignments": extract_document_assignments(document, indicators=indicators),
    }
    return _map_to_catalog(result)


def _map_to_catalog(result: dict) -> dict:
    """Canonical indicators and framework, where the catalog is available."""
    try:
        from catalog.mapping import map_document
    except ImportError:
        return result
    return map_document(result)


def process(path: str | Path) -> dict:
    path = Path(path)
    document = read_document(path)
    result = build(document, hashlib.sha256(path.read_bytes()).hexdigest())
    validator()(result)
    return result


def write_json(data: dict, target: Path) -> None:
    """Write atomically (dtiplan.atomic): a reader never sees half a file, a failure leaves none.
    The file is opened the plain way, so the JSON gets the mode of any file the user creates."""
    with written_beside(target) as temporary, open(temporary, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
