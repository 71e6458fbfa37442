import json

import pytest
from click.testing import CliRunner

from catalog.cli import catalog_group, score_command
from catalog.scoring import ValuesError, read_values_csv, score


def _csv(tmp_path, text):
    path = tmp_path / "values.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_values_csv_reads_rates_flags_and_items(tmp_path):
    values = read_values_csv(_csv(tmp_path, "code,input,value\n1.3,rate,\"65,26%\"\n2.1,met,có\n"
                                            "1.4,item,yes\n1.4,item,0\n4.6,a,\"1,5\"\n"))
    assert values["1.3"]["rate"] == pytest.approx(0.6526)
    assert values["2.1"]["met"] is True
    assert values["1.4"]["items"] == [1.0, 0.0]
    assert values["4.6"]["a"] == 1.5


def test_bad_values_give_one_line_errors(tmp_path):
    with pytest.raises(ValuesError, match="missing column"):
        read_values_csv(_csv(tmp_path, "code,value\n1.3,1\n"))
    with pytest.raises(ValuesError, match="not a value"):
        read_values_csv(_csv(tmp_path, "code,input,value\n1.3,rate,abc\n"))
    with pytest.raises(ValuesError, match="codes not in dti-2025"):
        score("dti-2025", {"99.9": {"rate": 1}})


def test_score_adds_indicators_into_pillars_and_total():
    card = score("dti-2026-draft", {"1.3": {"rate": 0.5}, "1.2": {"rate": 0.99}, "2.1": {"met": True}})
    points = {i.code: i.points for i in card.indicators}
    assert points["1.3"] == pytest.approx(10)  # proportional: 0.5 * 20
    assert points["1.2"] == pytest.approx(20)  # threshold 99%: reached
    assert points["2.1"] == pytest.approx(30)  # all or nothing, condition met
    pillar = {p.code: p.points for p in card.pillars}
    assert pillar["1"] == pytest.approx(30) and pillar["2"] == pytest.approx(30)
    assert card.total == pytest.approx(60)


def test_score_command_prints_json(tmp_path):
    path = _csv(tmp_path, "code,input,value\n3.3,rate,0.6526\n")
    result = CliRunner().invoke(score_command, ["--framework", "dti-2022", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    fibre = next(i for i in data["indicators"] if i["code"] == "3.3")
    assert fibre["points"] == pytest.approx(6.526)
    assert data["total"] == pytest.approx(6.526)


def test_score_command_fails_cleanly(tmp_path):
    result = CliRunner().invoke(score_command, ["--framework", "dti-2022", str(tmp_path / "missing.csv")])
    assert result.exit_code == 1 and result.output.startswith("error: cannot read")


def test_match_command(tmp_path):
    result = CliRunner().invoke(catalog_group, ["match", "Tỷ lệ DVCTT toàn trình", "--framework", "dti-2025"])
    assert json.loads(result.output)["match"]["code"] == "6.4"
    result = CliRunner().invoke(catalog_group, ["match", "Số lượng máy chủ vật lý"])
    data = json.loads(result.output)
    assert data["match"] is None and data["nearest"]
