#!/usr/bin/env python3
"""The layout matrix: every indicator table of the seeds re-printed in other text shapes
and header wordings, read back by the pipeline and scored against the gold copy.

Each seed's tables (tests/data/gold) are printed from their gold rows in eight shapes
(pipe rows, `|`-only separator stream, tab-separated, one cell per line, one cell per
paragraph, markdown with inline HTML, one line, numbered list with points) and with six
header wordings per column role. Half of the wordings (`HIDDEN`) are kept only here: the
header vocabulary does not list them (tests/test_text_shapes_matrix.py checks), so the
matrix measures recognition from structure and content, not look-up.

    python scripts/make_text_shapes.py [--out DIR] [--shapes a,b] [--variants 0,3] [--seeds 000,002]

prints rows recall and field F1 per shape (formula, canonical and document fields are
not printed by the shapes, so not scored).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.tools import score  # noqa: E402

GOLD = ROOT / "tests" / "data" / "gold"
KINDS = ("assignment", "scores", "appraisal", "targets", "data_template")
ORDER = ("code", "name", "score", "max_points_previous", "max_points", "target", "appraised", "reason",
         "lead", "support", "timeline", "unit", "note")
# Six header wordings per role: the first three are in extract/data/headers.json, the
# last three (HIDDEN) only here. `{year}` is the score's year.
WORDINGS = {
    "code": ["STT", "TT", "Số TT", "Ký hiệu", "Mục số", "Thứ tự chỉ số"],
    "name": ["Chỉ số thành phần", "Tên chỉ số", "Nội dung", "Tên tiêu chuẩn", "Hạng mục", "Các chỉ số"],
    "max_points": ["Điểm tối đa", "Thang điểm", "Số điểm", "Khung điểm", "Trọng số", "Điểm quy định"],
    "max_points_previous": ["Điểm tối đa bộ chỉ số cũ", "Thang điểm bộ chỉ số cũ", "Số điểm bộ chỉ số cũ",
                            "Điểm tối đa trước đây", "Thang điểm năm trước", "Số điểm cũ"],
    "score": ["Điểm năm {year}", "Điểm đạt được năm {year}", "Kết quả năm {year}",
              "Điểm {year}", "Điểm số {year}", "Thực hiện {year}"],
    "target": ["Mục tiêu", "Chỉ tiêu phấn đấu", "Chỉ tiêu năm 2026", "Phấn đấu đạt", "Kỳ vọng", "Đích đến 2026"],
    "appraised": ["Điểm thẩm định", "Điểm đánh giá", "Điểm đạt được", "Kết quả chấm", "Điểm được chấm",
                  "Điểm Bộ chấm"],
    "reason": ["Nguyên nhân", "Lý do", "Lý do trừ điểm", "Giải thích", "Tồn tại, hạn chế", "Vì sao chưa đạt"],
    "lead": ["Cơ quan chủ trì", "Đơn vị chủ trì", "Cơ quan phụ trách", "Cơ quan chịu trách nhiệm",
             "Đơn vị được giao", "Người chịu trách nhiệm"],
    "support": ["Cơ quan phối hợp", "Đơn vị phối hợp", "Đơn vị thực hiện", "Cùng tham gia", "Hỗ trợ",
                "Các cơ quan liên quan"],
    "timeline": ["Thời gian thực hiện", "Tiến độ", "Thời hạn", "Mốc thời gian", "Lộ trình", "Khi nào xong"],
    "unit": ["Đơn vị tính", "ĐVT", "Đơn vị đo", "Tính theo", "Thước đo", "Đo bằng"],
    "note": ["Ghi chú", "Giải trình", "Ghi chú khác", "Lưu ý", "Thông tin thêm", "Diễn giải"],
}
HIDDEN = {role: words[3:] for role, words in WORDINGS.items()}
SHAPES = ("pipe_rows", "separator_stream", "tab", "cell_per_line", "cell_per_paragraph", "markdown_html",
          "one_line", "points_list")


def _number(value) -> str:
    if value is None:
        return ""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",")


def _cell(row: dict, role: str) -> str:
    """A gold value as a table would print it."""
    value = row.get(role)
    if role == "code":
        code = row["code"] or ""
        if "#" in code:
            return ""
        if "/" in code:
            return code.rsplit("/", 1)[1]
        head, _, tail = code.partition(".")
        return tail if tail and _is_roman(head) else code
    if role in ("lead", "support"):
        return "; ".join(value or [])
    if role == "target" and value is not None:
        return ("≥" if row.get("target_op") == ">=" else "") + _number(value)
    if isinstance(value, (int, float)):
        return _number(value)
    return value or ""


def _is_roman(text: str) -> bool:
    return bool(text) and set(text) <= set("IVXL")


def _roles(table: dict) -> list[str]:
    present = {k for r in table["rows"] for k, v in r.items() if v not in (None, [], "")}
    return [role for role in ORDER if role in present or role in ("code", "name")]


def _header(roles: list[str], variant: int, year) -> list[str]:
    return [WORDINGS[role][variant % 6].format(year=year or 2024) for role in roles]


def _section(row: dict, roles: list[str]) -> bool:
    """A roman group row with nothing but its name: stream shapes print it short."""
    return _is_roman(row.get("code") or "") and not any(_cell(row, r) for r in roles[2:])


def _matrix(table: dict, variant: int) -> tuple[list[str], list[list[str]]]:
    roles = _roles(table)
    year = next((r.get("score_year") for r in table["rows"] if r.get("score_year")), None)
    rows = [[_cell(r, role) for role in roles] for r in table["rows"]]
    return _header(roles, variant, year), rows


def print_table(table: dict, shape: str, variant: int) -> list[str] | None:
    header, rows = _matrix(table, variant)
    short = [_section(r, _roles(table)) for r in table["rows"]]
    if shape == "pipe_rows":
        return [" | ".join(cells) + " |" for cells in [header] + rows]
    if shape == "markdown_html":
        def md(cells):
            return "| " + " | ".join(c.replace("&", "&amp;").replace("\n", "<br>") for c in cells) + " |"
        return [md(header), "|" + "---|" * len(header)] + [md(r) for r in rows]
    if shape == "tab":
        return ["\t".join(cells) for cells in [header] + rows]
    cells = list(header) + [c for r, s in zip(rows, short) for c in (r[:2] if s else r)]
    if shape == "separator_stream":
        return [line for c in cells for line in ([c] if c else []) + ["|"]]
    if shape == "cell_per_line":
        return cells
    if shape == "cell_per_paragraph":
        return [line for c in cells for line in (c or " ", "")]
    if shape == "one_line":
        return [" | ".join(cells) + " |"]
    if shape == "points_list":
        return _points_list(table, header, rows)
    raise ValueError(shape)


def _points_list(table: dict, header: list[str], rows: list[list[str]]) -> list[str] | None:
    """`1.2. Name (10 điểm)` and `- Label: value` lines; only tables whose every row
    has points and a printed code can be printed so."""
    roles = _roles(table)
    if "max_points" not in roles or any(r.get("max_points") is None or not c[0] for r, c in zip(table["rows"], rows)):
        return None
    at = roles.index("max_points")
    out = []
    for cells in rows:
        out.append(f"{cells[0]}. {cells[1]} ({cells[at]} điểm)")
        out += [f"- {h}: {c}" for h, c, role in zip(header, cells, roles)
                if c and role not in ("code", "name", "max_points")]
    return out


def make_document(gold: dict, shape: str, variant: int) -> tuple[str, dict]:
    """One seed's tables in one shape: the text and its gold (printed tables only)."""
    lines, tables = ["KẾ HOẠCH", "Thực hiện các chỉ số chuyển đổi số.", ""], []
    for index, table in enumerate(t for t in gold["tables"] if t["kind"] in KINDS):
        printed = print_table(table, shape, variant + index)
        if printed is None:
            continue
        lines += [table.get("title") or f"Bảng {index + 1}", ""] + printed + ["", "Hết bảng.", ""]
        tables.append(table)
    return "\n".join(lines) + "\n", {"document": {}, "tables": tables}


def read_back(path: Path) -> dict:
    """The pipeline's JSON for a printed document, without the catalog mapping: canonical
    indicators are not scored here, and matching costs most of the time."""
    from unittest import mock

    from dtiplan.pipeline import process

    with mock.patch("dtiplan.pipeline._map_to_catalog", lambda result: result):
        return process(path)


def run(out_dir: Path, shapes, variants, seeds) -> dict[str, score.Tally]:

    out_dir.mkdir(parents=True, exist_ok=True)
    tallies: dict[str, score.Tally] = {}
    for shape in shapes:
        total = score.Tally()
        for gold_path in sorted(GOLD.glob("*.json")):
            if seeds and gold_path.stem[:3] not in seeds:
                continue
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            for variant in variants:
                text, shape_gold = make_document(gold, shape, variant)
                if not shape_gold["tables"]:
                    continue
                path = out_dir / f"{gold_path.stem}.{shape}.{variant}.txt"
                path.write_text(text, encoding="utf-8")
                shape_gold["source"] = path.name
                shape_gold["source_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
                tally = score.select(score.compare_doc(shape_gold, read_back(path)), None,
                                     "doc.,formula.,canonical")
                total.merge(tally)
        tallies[shape] = total
    return tallies


def recall_f1(tally: score.Tally, field: str | None = None) -> tuple[float, float]:
    """(recall, F1) over all fields, or of one field."""
    _, recall, f, *_ = tally.prf(field)
    return recall, f


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="/tmp/dtiplan-text-shapes")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--variants", default="0,1,2,3,4,5")
    ap.add_argument("--seeds", default="")
    args = ap.parse_args(argv)
    tallies = run(Path(args.out), args.shapes.split(","), [int(v) for v in args.variants.split(",")],
                  [s for s in args.seeds.split(",") if s])
    print(f"{'shape':22} {'rows recall':>11} {'field F1':>9}")
    for shape, tally in tallies.items():
        print(f"{shape:22} {recall_f1(tally, 'rows')[0]:11.3f} {recall_f1(tally)[1]:9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
