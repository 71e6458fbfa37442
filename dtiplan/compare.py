"""`dtiplan compare OUTPUTS_DIR --out DIR`: who leads / supports each indicator in each plan.

Views (each a DataFrame, written as CSV, one XLSX sheet each, and DuckDB tables):
- `matrix`: one row per measure (an indicator aligned across framework versions through
  catalog.crosswalk.measure_of), one column group per document (province · level · year) with
  its lead and support bodies (canonical names);
- `matrix_successor`: the same with each body replaced by its successor after the 2025
  reorganisation (normalize.agencies.successor);
- `values`: max points, past scores, targets and appraisals side by side;
- `disagreements`: one measure led by different bodies in different plans, indicators a
  plan's assignment table leaves without a lead, bodies of the table absent from the narrative
  and the reverse.
The long tables (`documents`, `tables`, `rows`, `assignments`, `catalog`) are what the views
are built from, and what the DuckDB database holds for ad-hoc queries. They are filled one
document at a time (`LongTables`), so a comparison of thousands of documents holds in Python
only the representative documents' rows the wide views show.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click
import duckdb
import pandas as pd

from catalog.crosswalk import measure_of
from dtiplan.compare_load import CompareError, Doc, load_documents, measure_key, row_line, table_rows
from normalize.agencies import successor
from normalize.text import storable

VALUE_KEYS = ["max_points", "max_points_previous", "score", "score_year", "target", "appraised"]
JOIN = "; "
# The long tables' columns and their database types. Every document's records go to an embedded
# DuckDB database as they are read, so the rows of a thousand documents are never all Python
# objects at once; only the representative documents' rows come back, for the wide views.
TABLE_COLUMNS = {"doc_id": "VARCHAR", "table_index": "INTEGER", "kind": "VARCHAR", "title": "VARCHAR",
                 "for_agency": "VARCHAR", "line": "INTEGER", "n_rows": "INTEGER"}
ROW_COLUMNS = {"doc_id": "VARCHAR", "table_index": "INTEGER", "kind": "VARCHAR", "code": "VARCHAR",
               "name": "VARCHAR", "framework": "VARCHAR", "canonical_code": "VARCHAR", "measure": "VARCHAR",
               "max_points": "DOUBLE", "max_points_previous": "DOUBLE", "score": "DOUBLE", "score_year": "INTEGER",
               "target": "DOUBLE", "appraised": "DOUBLE", "lead": "VARCHAR", "support": "VARCHAR",
               "lead_canonical": "VARCHAR", "support_canonical": "VARCHAR", "line": "INTEGER"}
ASSIGNMENT_COLUMNS = {"doc_id": "VARCHAR", "source": "VARCHAR", "measure": "VARCHAR", "code": "VARCHAR",
                      "body": "VARCHAR", "body_canonical": "VARCHAR", "body_successor": "VARCHAR",
                      "role": "VARCHAR", "line": "INTEGER", "task": "VARCHAR"}
STREAMED = {"tables": TABLE_COLUMNS, "rows": ROW_COLUMNS, "assignments": ASSIGNMENT_COLUMNS}
LONG_TABLES = ("documents", "assignments", "rows", "tables", "catalog")  # in the order a reader wants them
FLUSH_RECORDS = 5000  # records held per table before they go to the database


@dataclass
class Comparison:
    docs: list[Doc]
    store: duckdb.DuckDBPyConnection  # every document's long tables (LONG_TABLES)
    documents: pd.DataFrame
    rows: pd.DataFrame                # the representative documents' rows (what the views show)
    assignments: pd.DataFrame         # the representative documents' assignments
    catalog: pd.DataFrame
    matrix: pd.DataFrame
    matrix_successor: pd.DataFrame
    values: pd.DataFrame
    disagreements: pd.DataFrame

    def views(self) -> dict[str, pd.DataFrame]:
        """The wide views, sheet / CSV name -> frame, in the order a reader wants them (the long
        tables follow them, from `store`)."""
        return {"matrix": self.matrix, "matrix_successor": self.matrix_successor, "values": self.values,
                "disagreements": self.disagreements}


# ---------------------------------------------------------------- long tables

def documents_frame(docs: list[Doc]) -> pd.DataFrame:
    return pd.DataFrame([{
        "doc_id": d.doc_id, "label": d.label, "representative": d.representative, "json_path": storable(str(d.path)),
        "source_path": d.source_path, "number": d.number, "date": d.date,
        "year": d.year, "province": d.province, "level": d.level, "issuer": d.issuer,
        "framework": d.framework, "canonical_review": d.warning_codes.count("canonical-review"),
    } for d in docs])


def table_records(d: Doc, data: dict) -> list[dict]:
    return [{
        "doc_id": d.doc_id, "table_index": i, "kind": _text(t.get("kind")), "title": _text(t.get("title")),
        "for_agency": _joined(t.get("for_agency")), "line": _integer((t.get("provenance") or {}).get("line")),
        "n_rows": len(t.get("rows", [])),
    } for i, t in enumerate(data.get("tables", []))]


def row_records(d: Doc, data: dict) -> list[dict]:
    records = []
    kinds = [t.get("kind") for t in data.get("tables", [])]
    for index, row in table_rows(data):
        canonical = row.get("canonical") if isinstance(row.get("canonical"), dict) else {}
        records.append({
            "doc_id": d.doc_id, "table_index": index, "kind": _text(kinds[index]), "code": _text(row.get("code")),
            "name": _text(row.get("name")), "framework": _text(canonical.get("framework")),
            "canonical_code": _text(canonical.get("code")), "measure": measure_key(row),
            **{key: (_integer if key == "score_year" else _number)(row.get(key)) for key in VALUE_KEYS},
            "lead": _joined(row.get("lead")), "support": _joined(row.get("support")),
            "lead_canonical": _joined(row.get("lead_canonical")),
            "support_canonical": _joined(row.get("support_canonical")),
            "line": _integer(row_line(row)),
        })
    return records


def assignment_records(d: Doc, data: dict) -> list[dict]:
    """One record per (document, measure, body, role), from the tables (source 'table') and from
    the narrative `assignments` list (source 'narrative'; measure null where the task names no
    indicator)."""
    records = []
    for index, row in table_rows(data):
        for role in ("lead", "support"):
            printed = row.get(role) or []
            for i, body in enumerate(row.get(f"{role}_canonical") or []):
                records.append(_assignment(d, "table", measure_key(row), row.get("code"), body,
                                           printed[i] if i < len(printed) else body, role, row_line(row), None))
    for item in data.get("assignments") or []:
        codes = item.get("indicators") or [None]
        for code in codes:
            measure = measure_of(d.framework, code) if (code and d.framework) else None
            records.append(_assignment(d, "narrative", measure, code, item.get("body_canonical"), item.get("body"),
                                       item.get("role"), (item.get("provenance") or {}).get("line"), item.get("task")))
    return records


def _assignment(d: Doc, source, measure, code, canonical, printed, role, line, task) -> dict:
    return {"doc_id": d.doc_id, "source": source, "measure": measure, "code": _text(code), "body": _text(printed),
            "body_canonical": _text(canonical), "body_successor": successor(canonical) if canonical else None,
            "role": _text(role), "line": _integer(line), "task": _text(task)}


def _text(value) -> str | None:
    """A JSON value for a text column (a hand-made file may hold a number where text belongs)."""
    return None if value is None else value if isinstance(value, str) else str(value)


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _integer(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass
class MeasureSeen:
    """What the measure index needs of the rows mapped to one measure, gathered as they stream by."""
    first_code: str
    members: set[str] = field(default_factory=set)
    last_name: str | None = None


class LongTables:
    """The long tables filled one document at a time: records held in small batches and sent to
    an in-memory DuckDB database; the measures the rows use and the (framework, code) pairs the
    documents map to are kept on the way (small: one entry per indicator)."""

    def __init__(self) -> None:
        self.store = duckdb.connect()
        for name, columns in STREAMED.items():
            self.store.execute(f'CREATE TABLE "{name}" ({", ".join(f"{c} {t}" for c, t in columns.items())})')
        self.pending: dict[str, list[dict]] = {name: [] for name in STREAMED}
        self.measures: dict[str, MeasureSeen] = {}
        self.mapped: dict[tuple[str, str], dict] = {}

    def add(self, doc: Doc, data: dict) -> None:
        rows = row_records(doc, data)
        for name, records in (("tables", table_records(doc, data)), ("rows", rows),
                              ("assignments", assignment_records(doc, data))):
            self.pending[name] += records
            if len(self.pending[name]) >= FLUSH_RECORDS:
                self._flush(name)
        for row in rows:
            self._note(row)

    def _note(self, row: dict) -> None:
        if row["framework"] is not None and row["canonical_code"] is not None:
            self.mapped.setdefault((row["framework"], row["canonical_code"]), row)
        if row["measure"] is None:
            return
        seen = self.measures.setdefault(row["measure"], MeasureSeen(row["canonical_code"]))
        seen.members.add(f"{row['framework']}:{row['canonical_code']}")
        if row["name"] is not None:
            seen.last_name = row["name"]

    def _flush(self, name: str) -> None:
        if self.pending[name]:
            self.add_frame(name, pd.DataFrame(self.pending[name], columns=list(STREAMED[name]), dtype=object), insert=True)
            self.pending[name] = []

    def add_frame(self, name: str, frame: pd.DataFrame, insert: bool = False) -> None:
        """A frame as the table `name` (or appended to it)."""
        self.store.register("frame_view", frame)
        self.store.execute(f'INSERT INTO "{name}" SELECT * FROM frame_view' if insert
                           else f'CREATE TABLE "{name}" AS SELECT * FROM frame_view')
        self.store.unregister("frame_view")

    def finish(self) -> duckdb.DuckDBPyConnection:
        for name in STREAMED:
            self._flush(name)
        return self.store

    def of_documents(self, name: str, doc_ids: list[str]) -> pd.DataFrame:
        """The table's records of these documents, in the order they were added."""
        found = self.store.execute(f'SELECT * FROM "{name}" WHERE list_contains(?, doc_id)', [doc_ids]).fetchall()
        return pd.DataFrame(found, columns=list(STREAMED[name]))


def catalog_frame(mapped: dict[tuple[str, str], dict]) -> pd.DataFrame:
    """The catalog's indicators with their measure; where the catalog has no indicator lists
    yet, the (framework, code, name) the documents map to (their first row of each)."""
    records = []
    try:
        from catalog.store import default_catalog
        for ind in default_catalog().indicators():
            records.append({"framework": ind.framework, "code": ind.code, "name": ind.name,
                            "max_points": ind.max_points, "measure": measure_of(ind.framework, ind.code),
                            "origin": "catalog"})
    except Exception as error:  # a catalog that cannot load must not stop the comparison
        click.echo(f"warning: catalog not loaded ({error})", err=True)
    if not records:
        records = [{"framework": r["framework"], "code": r["canonical_code"], "name": r["name"], "max_points": None,
                    "measure": r["measure"], "origin": "documents"} for r in mapped.values()]
    return pd.DataFrame(records, columns=["framework", "code", "name", "max_points", "measure", "origin"])


# ---------------------------------------------------------------- views

def measure_index(measures: dict[str, MeasureSeen]) -> pd.DataFrame:
    """One line per measure the documents use: its members (framework:code) and a name (the
    last one printed)."""
    out = [{"measure": measure, "codes": " / ".join(sorted(seen.members)), "name": seen.last_name,
            "_sort": _code_key(seen.first_code)} for measure, seen in measures.items()]
    frame = pd.DataFrame(out, columns=["measure", "codes", "name", "_sort"])
    return frame.sort_values(["_sort", "measure"]).drop(columns="_sort").reset_index(drop=True)


def _code_key(code) -> tuple:
    parts = []
    for part in str(code).replace("#", ".").replace("/", ".").split("."):
        parts.append((0, int(part), "") if part.isdigit() else (1, 0, part))
    return tuple(parts)


def matrix_frame(index: pd.DataFrame, assignments: pd.DataFrame, docs: list[Doc], body_column: str) -> pd.DataFrame:
    """Measures x (document label, role) -> bodies, from the tables' assignments."""
    table = assignments[(assignments.source == "table") & assignments.measure.notna()]
    bodies = grouped_bodies(table, ["doc_id", "role", "measure"], body_column)
    frame = index[["measure", "codes", "name"]].copy()
    for doc in [d for d in docs if d.representative]:
        for role in ("lead", "support"):
            cells = {m: JOIN.join(b) for (d, r, m), b in bodies.items() if d == doc.doc_id and r == role}
            frame[f"{doc.label} | {role}"] = frame.measure.map(cells)
    return frame


def grouped_bodies(table: pd.DataFrame, keys: list[str], body_column: str) -> dict[tuple, list[str]]:
    """(key values) -> the distinct non-empty bodies of that group in table order; one pass over
    the records (a pandas group-by with a Python aggregate per group costs more on every view)."""
    grouped: dict[tuple, dict[str, None]] = {}
    for *key, body in table[keys + [body_column]].itertuples(index=False, name=None):
        seen = grouped.setdefault(tuple(key), {})
        if isinstance(body, str) and body:
            seen[body] = None
    return {key: list(seen) for key, seen in grouped.items()}


def values_frame(index: pd.DataFrame, rows: pd.DataFrame, docs: list[Doc]) -> pd.DataFrame:
    frame = index[["measure", "codes", "name"]].copy()
    for doc in [d for d in docs if d.representative]:
        mine = rows[(rows.doc_id == doc.doc_id) & rows.measure.notna()]
        for key in ("max_points", "score", "target", "appraised"):
            cells = mine.dropna(subset=[key]).groupby("measure")[key].first()
            if len(cells):
                frame[f"{doc.label} | {key}"] = frame.measure.map(cells)
    return frame


def disagreements_frame(index: pd.DataFrame, assignments: pd.DataFrame, rows: pd.DataFrame,
                        docs: list[Doc]) -> pd.DataFrame:
    labels = {d.doc_id: d.label for d in docs if d.representative}
    names = dict(zip(index.measure, index.name))
    out = []
    table = assignments[(assignments.source == "table") & assignments.doc_id.isin(labels)]
    # 1. one measure, different lead bodies (after the reorganisation) in different plans
    leads = table[(table.role == "lead") & table.measure.notna()]
    by_measure: dict[str, dict[str, frozenset]] = {}
    for (measure, doc_id), bodies in grouped_bodies(leads, ["measure", "doc_id"], "body_successor").items():
        by_measure.setdefault(measure, {})[doc_id] = frozenset(bodies)
    for measure in sorted(by_measure):
        by_doc = by_measure[measure]
        if len(set(by_doc.values())) > 1:
            detail = " || ".join(f"{labels[d]}: {JOIN.join(sorted(by_doc[d]))}" for d in sorted(by_doc))
            out.append({"kind": "different_lead", "measure": measure, "name": names.get(measure),
                        "document": None, "body": None, "detail": detail})
    # 2. indicator rows of an assignment table with no lead (pillar rows, codes without a dot, aside)
    assigning = rows[(rows.kind == "assignment") & rows.doc_id.isin(labels)]
    for r in assigning.itertuples():
        if not r.lead_canonical and "." in str(r.code):
            out.append({"kind": "unassigned", "measure": r.measure, "name": r.name, "document": labels[r.doc_id],
                        "body": None, "detail": f"row {r.code} (line {r.line}) has no lead"})
    # 3. bodies of the table missing from the narrative, and the reverse
    narrative = assignments[(assignments.source == "narrative") & assignments.doc_id.isin(labels)]
    for doc_id in narrative.doc_id.unique():
        in_table = set(table[table.doc_id == doc_id].body_canonical.dropna())
        in_text = set(narrative[narrative.doc_id == doc_id].body_canonical.dropna())
        for body in sorted(in_table - in_text):
            out.append({"kind": "table_not_narrative", "measure": None, "name": None, "document": labels[doc_id],
                        "body": body, "detail": "assigned in a table, given no task in the narrative"})
        for body in sorted(in_text - in_table):
            out.append({"kind": "narrative_not_table", "measure": None, "name": None, "document": labels[doc_id],
                        "body": body, "detail": "given tasks in the narrative, assigned nothing in the tables"})
    return pd.DataFrame(out, columns=["kind", "measure", "name", "document", "body", "detail"])


def _joined(value) -> str | None:
    if value is None:
        return None
    return JOIN.join(value) if isinstance(value, list) else str(value)


# ---------------------------------------------------------------- build and write

def build_comparison(outputs_dir: Path) -> Comparison:
    """Every document's long tables into the database, one document at a time; the wide views
    from the representative documents' rows."""
    tables = LongTables()
    docs = load_documents(outputs_dir, visit=tables.add)
    store = tables.finish()
    documents, catalog = documents_frame(docs), catalog_frame(tables.mapped)
    tables.add_frame("documents", documents)
    tables.add_frame("catalog", catalog)
    shown = [d.doc_id for d in docs if d.representative]
    rows, assignments = tables.of_documents("rows", shown), tables.of_documents("assignments", shown)
    index = measure_index(tables.measures)
    return Comparison(
        docs=docs, store=store, documents=documents, rows=rows, assignments=assignments, catalog=catalog,
        matrix=matrix_frame(index, assignments, docs, "body_canonical"),
        matrix_successor=matrix_frame(index, assignments, docs, "body_successor"),
        values=values_frame(index, rows, docs),
        disagreements=disagreements_frame(index, assignments, rows, docs),
    )


def write_comparison(outputs_dir: Path, out_dir: Path) -> None:
    """CSV per view, comparison.xlsx and comparison.duckdb under out_dir."""
    write_comparison_files(build_comparison(Path(outputs_dir)), Path(out_dir))


def write_comparison_files(comparison: Comparison, out_dir: Path) -> None:
    """A built comparison as CSV per view, comparison.xlsx and comparison.duckdb under out_dir."""
    write_tables(comparison, out_dir)
    write_workbook(comparison, out_dir)


def write_tables(comparison: Comparison, out_dir: Path) -> None:
    """A built comparison as CSV per view and comparison.duckdb under out_dir."""
    from dtiplan.compare_write import write_csv, write_duckdb
    out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(comparison, out_dir)
    write_duckdb(comparison, out_dir / "comparison.duckdb")


def write_workbook(comparison: Comparison, out_dir: Path) -> None:
    """A built comparison as comparison.xlsx under out_dir (the slowest of its files)."""
    from dtiplan.compare_write import write_xlsx
    out_dir.mkdir(parents=True, exist_ok=True)
    write_xlsx(comparison, out_dir / "comparison.xlsx")


@click.command("compare")
@click.argument("outputs_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the CSV files, comparison.xlsx and comparison.duckdb.")
def compare_command(outputs_dir: Path, out_dir: Path) -> None:
    """Compare the per-document JSON files under OUTPUTS_DIR across provinces."""
    run_writer(write_comparison, outputs_dir, out_dir, "comparison")


def run_writer(write, outputs_dir: Path, target: Path, what: str) -> None:
    """A command that writes `what` from OUTPUTS_DIR to `target`: a bad input or an
    unwritable target is one line and a non-zero exit, never a traceback."""
    try:
        write(outputs_dir, target)
    except CompareError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"{target}: {error.strerror or error}") from None
    click.echo(f"{what} written to {target}", err=True)
