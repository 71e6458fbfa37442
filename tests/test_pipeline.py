"""The seed corpus end to end, its accuracy against the gold copy, and the CLI on bad input."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dtiplan.cli import main
from dtiplan.pipeline import process, validator
from tests.tools import score

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
GOLD = ROOT / "tests" / "data" / "gold"
# Reached when issue 2 was closed (score.py --exclude formula.,canonical); do not lower.
FLOOR_OVERALL, FLOOR_DOC = 0.99, 0.97


@pytest.fixture(scope="module")
def outputs():
    return {path.stem: process(path) for path in SEEDS}


def test_every_seed_output_is_valid_and_has_indicator_tables(outputs):
    for stem, result in outputs.items():
        validator()(result)
        assert result["tables"], stem
        assert all(row["provenance"]["line"] for t in result["tables"] for row in t["rows"])


def test_a_table_scraped_twice_is_kept_once(outputs):
    kinds = [t["kind"] for t in outputs["000_e240fa90282517b0"]["tables"]]
    assert kinds == ["scores", "assignment"]


def test_accuracy_against_gold_does_not_regress(outputs):
    total = score.Tally()
    for gold_path in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        tally = score.select(score.compare_doc(gold, outputs[gold_path.stem]), None, "formula.,canonical")
        assert tally.prf()[2] >= FLOOR_DOC, gold_path.stem
        total.merge(tally)
    p, r, f, *_ = total.prf()
    assert f >= FLOOR_OVERALL
    rows = total.prf("rows")
    assert rows[0] >= 0.98 and rows[1] >= 0.98


def test_run_writes_one_json_per_file_and_goes_on_after_a_bad_file(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "plan.txt").write_text((ROOT / "corpus" / "004_5925669e95529bd1.txt").read_text(encoding="utf-8"),
                                  encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.pdf").write_bytes(b"\x00\x01 not a pdf")
    result = CliRunner().invoke(main, ["run", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "empty.txt: the file is empty" in result.output
    assert "Traceback" not in result.output
    written = sorted(p.name for p in (tmp_path / "out").glob("*.json"))
    assert written == ["plan.txt.json"]
    assert (tmp_path / "out" / "report.html").is_file()
    assert (tmp_path / "out" / "comparison" / "comparison.duckdb").is_file()


def test_extract_prints_json_and_a_missing_file_is_one_line(tmp_path):
    ok = CliRunner().invoke(main, ["extract", str(SEEDS[-1])])
    assert ok.exit_code == 0 and json.loads(ok.output)["document"]["level"] == "xã"
    bad = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.txt")])
    assert bad.exit_code != 0 and "nope.txt: no such file" in bad.output


def test_a_text_with_no_tables_gets_a_warning_not_an_error(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("Kính gửi: Sở Nội vụ\nNội dung công văn.\n", encoding="utf-8")
    result = process(path)
    assert result["tables"] == []
    assert "no-indicator-tables" in [w["code"] for w in result["warnings"]]


def test_canonical_and_formula_accuracy_does_not_regress(outputs):
    """Issue 3's measure: canonical mapping and formula rules against the gold copy."""
    total = score.Tally()
    for gold_path in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        total.merge(score.select(score.compare_doc(gold, outputs[gold_path.stem]), "formula.,canonical", None))
    assert total.prf("canonical")[2] >= 0.98
    for field in ("formula.rule", "formula.ratio", "formula.threshold"):
        assert total.prf(field)[2] >= 0.98, field
