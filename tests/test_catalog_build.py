import json

from catalog.build import build, differences, write
from catalog.export import export_framework, to_csv, validate
from catalog.store import load_catalog

LIST_DOC = {"document": {"date": "2022-09-29"}, "tables": [{"kind": "assignment", "rows": [
    {"code": "1", "name": "Hạ tầng số", "provenance": {"line": 10}},
    {"code": "1.1", "name": "Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang", "max_points": 30,
     "formula": {"text": "a = Số hộ có cáp quang; b = Tổng số hộ; Tỷ lệ = a/b; Điểm = Tỷ lệ * Điểm tối đa",
                 "rule": "proportional", "ratio": "a/b", "threshold": None},
     "provenance": {"line": 11}},
    {"code": "1.1#1", "name": "a continuation row", "provenance": {"line": 12}},
    {"code": "1.2", "name": "Tổng chi Ngân sách nhà nước cho chính quyền số", "provenance": {"line": 13}},
    {"code": "1.2/a", "name": "Kinh phí đầu tư cho chính quyền số", "provenance": {"line": 14}}]}]}
APPRAISAL_DOC = {"document": {}, "tables": [{"kind": "appraisal", "rows": [
    {"code": "1.2", "max_points": 30, "appraised": 3, "provenance": {"line": 40},
     "canonical": {"framework": "dti-2022", "code": "1.2"}}]}]}


def _setup(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "frameworks.json").write_text(json.dumps({"frameworks": [
        {"id": "dti-2022", "title": "t", "decisions": [{"number": "922/QĐ-BTTTT", "date": "2022-05-20"}],
         "effective_from": "2022-05-20", "total_points": 1000, "indicators": "dti-2022.json"}]}), encoding="utf-8")
    (data / "sources.json").write_text(json.dumps({"frameworks": {"dti-2022": {
        "list": {"document": "list.txt", "table_kind": "assignment"}}}, "evidence": ["*.txt"]}),
        encoding="utf-8")
    docs = {"list.txt": LIST_DOC, "appraisal.txt": APPRAISAL_DOC}
    for name in docs:
        (tmp_path / name).write_text("", encoding="utf-8")
    return data, (lambda path: docs[path.rsplit("/", 1)[-1]])


def test_build_reads_indicators_components_and_provenance(tmp_path, monkeypatch):
    data, process = _setup(tmp_path)
    monkeypatch.setattr("catalog.build.load_catalog", lambda: load_catalog(data))
    result = build(process, data / "sources.json", tmp_path)
    fw = result.frameworks["dti-2022"]
    assert [i.code for i in fw.indicators] == ["1", "1.1", "1.2"]
    assert [c.code for c in fw.components] == ["1.2/a"]
    fibre = fw.by_code()["1.1"]
    assert fibre.formula.variables == {"a": "Số hộ có cáp quang", "b": "Tổng số hộ"}
    assert fibre.source["max_points"].line == 11
    budget = fw.by_code()["1.2"]
    assert budget.max_points == 30 and budget.source["max_points"].document == "appraisal.txt"


def test_check_reports_differences_after_a_change(tmp_path, monkeypatch):
    data, process = _setup(tmp_path)
    monkeypatch.setattr("catalog.build.load_catalog", lambda: load_catalog(data))
    result = build(process, data / "sources.json", tmp_path)
    assert differences(result, data) == ["dti-2022.json: not committed yet"]
    write(result, data)
    assert differences(result, data) == []
    result.frameworks["dti-2022"].by_code()["1.1"].max_points = 25
    assert any("1.1: max_points" in line for line in differences(result, data))


def test_export_validates_against_its_schema_and_writes_csv():
    for framework in ("dti-2022", "dti-2025", "dti-2026-draft"):
        data = export_framework(framework)
        validate(data)
        lines = to_csv(data).splitlines()
        assert len(lines) == len(data["indicators"]) + 1
    fibre = next(i for i in export_framework("dti-2026-draft")["indicators"] if i["code"] == "1.3")
    assert fibre["measure"] == "household-fibre-broadband-rate" and fibre["max_points"] == 20
