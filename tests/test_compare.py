"""The comparison: matrix agrees with the gold, files read back, README queries run."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest

from catalog.crosswalk import measure_of
from dtiplan.compare import build_comparison, write_comparison
from dtiplan.compare_load import CompareError, load_documents

ROOT = Path(__file__).parents[1]
GOLD = ROOT / "tests" / "data" / "gold"
OUTPUTS = ROOT / "outputs"


# ---------------------------------------------------------------- agreement with the gold

def gold_cells() -> set[tuple[str, str, str, str]]:
    """(measure, province, role, body) for every canonical lead/support body of the gold rows."""
    cells = set()
    for path in GOLD.glob("*.json"):
        gold = json.loads(path.read_text(encoding="utf-8"))
        province = gold["document"]["province"]
        for table in gold["tables"]:
            for row in table["rows"]:
                canonical = row.get("canonical")
                if not canonical:
                    continue
                measure = measure_of(canonical["framework"], canonical["code"])
                for role in ("lead", "support"):
                    cells |= {(measure, province, role, body) for body in row.get(f"{role}_canonical") or []}
    return cells


def matrix_cells(outputs_dir: Path) -> set[tuple[str, str, str, str]]:
    comparison = build_comparison(outputs_dir)
    provinces = {d.label: d.province for d in comparison.docs}
    cells = set()
    for row in comparison.matrix.to_dict("records"):
        for column, value in row.items():
            if " | " in column and isinstance(value, str) and value:
                label, role = column.rsplit(" | ", 1)
                cells |= {(row["measure"], provinces[label], role, body) for body in value.split("; ")}
    return cells


def f1(found: set, expected: set) -> float:
    hits = len(found & expected)
    return 2 * hits / (len(found) + len(expected)) if found or expected else 1.0


def test_matrix_built_from_the_gold_reproduces_the_gold_cells():
    assert f1(matrix_cells(GOLD), gold_cells()) == 1.0


def annotated_outputs(tmp_path: Path) -> Path:
    """The pipeline's outputs for exactly the files the gold annotates (its `source`), copied
    apart: the corpus also holds other formats of the same plans, which the gold does not cover."""
    sources = {json.loads(p.read_text(encoding="utf-8"))["source"] for p in GOLD.glob("*.json")}
    for path in OUTPUTS.rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if Path((data.get("source") or {}).get("path", "")).name in sources:
            shutil.copy(path, tmp_path / path.name)
    return tmp_path


@pytest.mark.skipif(not any(OUTPUTS.rglob("*.json")), reason="no pipeline outputs in outputs/ yet (run `dtiplan run corpus --out outputs`)")
def test_matrix_of_the_pipeline_outputs_agrees_with_the_gold(tmp_path):
    assert f1(matrix_cells(annotated_outputs(tmp_path)), gold_cells()) >= 0.95


# ---------------------------------------------------------------- hand-made documents

def _doc(province: str, year: int, framework: str, rows: list[dict], kind: str = "assignment",
         assignments: list[dict] | None = None) -> dict:
    return {"schema_version": "1", "source": {"path": f"corpus/{province}.txt"},
            "document": {"number": f"1/{province}", "province": province, "level": "tỉnh",
                         "date": f"{year}-01-01", "framework": framework},
            "tables": [{"kind": kind, "title": "T", "rows": rows}], "warnings": [],
            "assignments": assignments or []}


def _row(code: str, framework: str, lead: list[str], support: list[str] = (), **values) -> dict:
    return {"code": code, "name": f"Chỉ số {code}", "lead": list(lead), "lead_canonical": list(lead),
            "support": list(support), "support_canonical": list(support),
            "canonical": {"framework": framework, "code": code}, "provenance": {"page": None, "line": 10}, **values}


@pytest.fixture
def two_plans(tmp_path: Path) -> Path:
    # dti-2022:3.3 and dti-2025:3.4 are one measure in the crosswalk (household fibre broadband).
    a = _doc("Tỉnh A", 2022, "dti-2022", [_row("3.3", "dti-2022", ["Sở Thông tin và Truyền thông"]),
                                          _row("3.4", "dti-2022", [])],
             assignments=[{"body": "Sở Y tế", "body_canonical": "Sở Y tế", "role": "lead", "task": "x",
                           "indicators": [], "provenance": {"page": None, "line": 3}}])
    b = _doc("Tỉnh B", 2025, "dti-2025", [_row("3.4", "dti-2025", ["Sở Công Thương"], ["Sở Tài chính"], max_points=20)])
    for name, doc in (("a", a), ("b", b)):
        (tmp_path / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_framework_versions_meet_in_one_matrix_row_and_successors_replace_old_bodies(two_plans):
    comparison = build_comparison(two_plans)
    row = comparison.matrix.set_index("measure").loc["household-fibre-broadband-rate"]
    assert row["Tỉnh A · tỉnh · 2022 | lead"] == "Sở Thông tin và Truyền thông"
    assert row["Tỉnh B · tỉnh · 2025 | lead"] == "Sở Công Thương"
    assert row["Tỉnh B · tỉnh · 2025 | support"] == "Sở Tài chính"
    successor_row = comparison.matrix_successor.set_index("measure").loc["household-fibre-broadband-rate"]
    assert successor_row["Tỉnh A · tỉnh · 2022 | lead"] == "Sở Khoa học và Công nghệ"
    values = comparison.values.set_index("measure").loc["household-fibre-broadband-rate"]
    assert values["Tỉnh B · tỉnh · 2025 | max_points"] == 20


def test_disagreements_list_different_leads_unassigned_rows_and_narrative_gaps(two_plans):
    found = build_comparison(two_plans).disagreements
    assert set(found.kind) == {"different_lead", "unassigned", "table_not_narrative", "narrative_not_table"}
    assert found[found.kind == "narrative_not_table"].body.tolist() == ["Sở Y tế"]
    assert found[found.kind == "table_not_narrative"].body.tolist() == ["Sở Thông tin và Truyền thông"]
    assert "3.4" in found[found.kind == "unassigned"].detail.iloc[0]


def test_same_plan_in_two_formats_is_one_column_group(two_plans):
    shutil.copy(two_plans / "a.json", two_plans / "a_pdf.json")
    docs = load_documents(two_plans)
    assert sum(d.representative for d in docs) == 2
    assert sum(1 for c in build_comparison(two_plans).matrix.columns if c.startswith("Tỉnh A")) == 2


def test_no_documents_is_a_clear_error(tmp_path):
    with pytest.raises(CompareError):
        load_documents(tmp_path)
    with pytest.raises(CompareError):
        load_documents(tmp_path / "missing")


# ---------------------------------------------------------------- written files read back

@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("comparison")
    write_comparison(GOLD, out)
    return out


def test_xlsx_has_one_sheet_per_view_with_frozen_header_and_filter(written):
    book = openpyxl.load_workbook(written / "comparison.xlsx", read_only=False)
    assert {"matrix", "matrix_successor", "values", "disagreements", "documents"} <= set(book.sheetnames)
    sheet = book["matrix"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    headers = [c.value for c in sheet[1]]
    assert "Khánh Hòa · tỉnh · 2025 | lead" in headers
    assert (written / "matrix.csv").read_text(encoding="utf-8").startswith("measure,codes,name,")


def test_duckdb_has_the_five_tables(written):
    con = duckdb.connect(str(written / "comparison.duckdb"), read_only=True)
    tables = {name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"documents", "tables", "rows", "assignments", "catalog"} <= tables
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    leads = con.execute("SELECT count(*) FROM assignments WHERE source = 'table' AND role = 'lead'").fetchone()[0]
    assert leads > 100


def readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Querying the comparison", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def test_readme_queries_run_on_the_database(written):
    queries = readme_queries()
    assert len(queries) >= 2
    con = duckdb.connect(str(written / "comparison.duckdb"), read_only=True)
    for query in queries:
        assert con.execute(query).fetchall(), query


def test_every_document_reaches_the_database_and_workbook_only_representatives_the_views(two_plans, tmp_path):
    shutil.copy(two_plans / "a.json", two_plans / "a_pdf.json")
    comparison = build_comparison(two_plans)
    assert comparison.store.execute('SELECT count(DISTINCT doc_id) FROM "rows"').fetchone()[0] == 3
    assert set(comparison.rows.doc_id) == {"a", "b"}
    out = tmp_path / "written"
    write_comparison(two_plans, out)
    sheet = openpyxl.load_workbook(out / "comparison.xlsx")["rows"]
    assert [c.value for c in sheet[1]][:2] == ["doc_id", "table_index"]
    assert sorted({row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}) == ["a", "a_pdf", "b"]
    assert sheet.auto_filter.ref == f"A1:S{sheet.max_row}"
