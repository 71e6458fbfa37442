from click.testing import CliRunner

from catalog.checks import check_catalog, check_document
from catalog.cli import catalog_group
from tests.catalog_fixtures import small_catalog


def test_small_catalog_is_consistent():
    assert check_catalog(small_catalog()) == []


def test_sub_indicators_must_add_up_to_their_pillar():
    cat = small_catalog()
    cat.get("dti-2025", "1.1").max_points = 40
    problems = check_catalog(cat)
    assert any("dti-2025 1" in p and "add up to 90" in p for p in problems)


def test_pillar_totals_must_add_up_to_the_framework_total():
    cat = small_catalog()
    cat.frameworks["dti-2022"].pillar_max["2"] = 50
    assert any("pillar totals add up to 110" in p for p in check_catalog(cat))


def test_misprinted_decision_number_is_flagged():
    doc = {"document": {"frameworks_cited": ["405/QĐ-BKHCN"]},
           "tables": [{"title": None, "provenance": {"page": None, "line": 30},
                       "columns": [{"header": "Điểm tối đa theo Quyết định số 5405/QĐ-BKHCN"}], "rows": []}]}
    warnings = check_document(doc, small_catalog())
    assert [w["code"] for w in warnings] == ["framework-number-mismatch"]
    assert "405/QĐ-BKHCN" in warnings[0]["message"] and warnings[0]["provenance"]["line"] == 30
    # an unrelated decision (another ministry, or far from any known number) is not flagged
    doc["tables"][0]["columns"][0]["header"] = "Quyết định số 2323/QĐ-BTTTT; 05/2017/QĐ-TTg"
    assert check_document(doc, small_catalog()) == []


def test_max_points_disagreeing_with_the_framework_name_both():
    doc = {"document": {"framework": "dti-2025", "frameworks_cited": []}, "tables": [{"rows": [
        {"code": "1.2", "max_points": 30, "canonical": {"framework": "dti-2025", "code": "1.2"}},
        {"code": "1.1", "max_points": 50, "canonical": {"framework": "dti-2025", "code": "1.1"}}]}]}
    warnings = check_document(doc, small_catalog())
    assert len(warnings) == 1 and warnings[0]["code"] == "max-points-mismatch"
    assert "30" in warnings[0]["message"] and "dti-2025:1.2 has 50" in warnings[0]["message"]


def test_committed_catalog_passes_its_check_and_prints_its_completeness():
    result = CliRunner().invoke(catalog_group, ["check"])
    assert result.exit_code == 0, result.output
    assert "catalog check: no contradictions" in result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["framework", "indicators", "max", "points", "formulas", "executable", "pillar",
                                "sum", "conflicts"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:4]}
    assert set(rows) == {"dti-2022", "dti-2025", "dti-2026-draft"}
    indicators, max_points, formulas, runnable, pillars, _ = rows["dti-2026-draft"]
    assert (indicators, max_points, pillars) == ("33", "33/33", "1000/1000")
    # dti-2022's list prints no max points for most indicators: the table says so
    assert rows["dti-2022"][1].split("/")[1] == "120" and int(rows["dti-2022"][1].split("/")[0]) < 120


def test_a_contradiction_fails_the_check_and_a_conflict_does_not(tmp_path):
    from catalog.build import build_from_outputs, write
    from catalog.model import Claim, Source
    result = build_from_outputs(tmp_path)  # no outputs: the committed catalog as it is
    fw = result.frameworks["dti-2025"]
    fw.by_code()["1.1"].evidence["max_points"].append(Claim(12, [Source("other.txt", 3)]))
    write(result, tmp_path / "catalog")
    checked = CliRunner().invoke(catalog_group, ["check", "--catalog", str(tmp_path / "catalog")])
    assert checked.exit_code == 0, checked.output
    assert "conflict: dti-2025 1.1 max_points: 10 (1 document(s)" in checked.output
    assert "12 (1 document(s): other.txt:3)" in checked.output
    fw.by_code()["1.1"].max_points = 12  # its pillar's 50 no longer adds up
    write(result, tmp_path / "catalog")
    checked = CliRunner().invoke(catalog_group, ["check", "--catalog", str(tmp_path / "catalog")])
    assert checked.exit_code == 1
    assert "contradiction: dti-2025 1: max points 50 but its 5 sub-indicators add up to 52" in checked.output
