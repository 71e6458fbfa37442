"""The static report: self-contained HTML, links to source lines, and a headless Chromium load."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dtiplan.compare import build_comparison
from dtiplan.report import pillar_bars, write_report, write_report_file

ROOT = Path(__file__).parents[1]
GOLD = ROOT / "tests" / "data" / "gold"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--enable-logging=stderr", "--v=0"]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_report(GOLD, path)
    return path


def seed_provinces() -> set[str]:
    return {json.loads(p.read_text(encoding="utf-8"))["document"]["province"] for p in GOLD.glob("*.json")}


def test_page_is_vietnamese_utf8_and_loads_nothing_from_the_network(report):
    html = report.read_text(encoding="utf-8")
    assert '<html lang="vi">' in html and '<meta charset="utf-8">' in html
    assert "Cơ quan ban hành" in html and "Sở Khoa học và Công nghệ" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
    assert "<link rel=\"stylesheet\"" not in html and "<script src" not in html


def test_a_page_that_cannot_be_written_leaves_the_last_whole_page(tmp_path, monkeypatch):
    """The page goes to a file beside the report and is put in place whole: a write that fails
    half way (a full disk, an interrupted run) leaves the page before it and no temporary file."""
    comparison = build_comparison(GOLD)
    page = tmp_path / "report.html"
    write_report_file(comparison, page)
    before = page.read_text(encoding="utf-8")

    def half_written(self, text, encoding=None):
        with open(self, "w", encoding=encoding) as out:
            out.write(text[:100])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_text", half_written)
    with pytest.raises(OSError):
        write_report_file(comparison, page)
    assert page.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_every_matrix_cell_links_to_its_source(tmp_path):
    doc = {"source": {"path": "plan.txt"}, "document": {"province": "Tỉnh A", "level": "tỉnh", "date": "2025-01-01",
                                                          "number": "1/KH", "framework": "dti-2025"},
           "tables": [{"kind": "assignment", "rows": [{
               "code": "1.1", "name": "Chỉ số một", "lead_canonical": ["Sở Nội vụ"], "lead": ["Sở Nội vụ"],
               "support_canonical": [], "support": [], "canonical": {"framework": "dti-2025", "code": "1.1"},
               "provenance": {"page": None, "line": 42}}]}]}
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    (outputs / "plan.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "plan.txt").write_text("x\n", encoding="utf-8")
    write_report(outputs, tmp_path / "site" / "report.html")
    html = (tmp_path / "site" / "report.html").read_text(encoding="utf-8")
    assert '<a href="../plan.txt#L42">Sở Nội vụ</a>' in html
    assert "dòng 42" in html
    cells = re.findall(r'<td class="(?:lead|support)">(.*?)</td>', html, re.S)
    assert cells and all('href="../plan.txt' in cell for cell in cells)


def test_pillar_bars_sum_indicators_where_the_pillar_row_prints_no_score():
    comparison = build_comparison(GOLD)
    gia_lai = next(d for d in comparison.docs if d.province == "Gia Lai")
    bars = {b.pillar: b for b in pillar_bars(comparison, gia_lai)}
    assert bars["1"].target == 194            # printed on the pillar row
    assert bars["5"].score == pytest.approx(63.99)  # printed on the pillar row
    assert bars["1"].score is not None        # summed from the indicators under pillar 1


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium); CI installs it")
def test_report_opens_in_headless_chromium_without_console_errors(report, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "report.png"
    screenshot.unlink(missing_ok=True)
    common = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*common, "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120)
    shot = subprocess.run([*common, "--window-size=1400,2000", f"--screenshot={screenshot}", report.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0 and shot.returncode == 0, dom.stderr[-2000:] + shot.stderr[-2000:]
    # Page console messages (errors, uncaught exceptions) are logged as CONSOLE lines.
    console = [line for line in (dom.stderr + shot.stderr).splitlines() if ":CONSOLE" in line]
    assert console == []
    header = re.search(r'<table id="matrix">.*?</thead>', dom.stdout, re.S).group(0)
    assert {p for p in seed_provinces() if p in header} == seed_provinces()
    assert screenshot.is_file() and screenshot.stat().st_size > 10_000
