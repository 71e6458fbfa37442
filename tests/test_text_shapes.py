"""Tables found by their structure and content, in every text shape, on small inputs
written here, and on the real pages of other offices in ../shared/real-dev."""
import json
from pathlib import Path

import pytest

from dtiplan.pipeline import build
from extract.columns import cell_kind, reconcile, sums_to_parents
from extract.headers import column_role
from extract.model import Document, Table
from extract.readers.cell_stream import parse_cells_per_line
from extract.readers.pipe_rows import parse_pipe_rows
from extract.readers.points_list import parse_points_list
from extract.readers.text import parse_text

REAL_DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "real-dev"


def grid(blocks):
    return [[[c.text for c in r.cells] for r in b.rows] for b in blocks if isinstance(b, Table)]


def rows_of(lines):
    blocks, warnings = parse_text(lines)
    result = build(Document("x.txt", "text", blocks, lines, warnings=warnings), "0")
    return result, [(r["code"], r.get("name"), r.get("max_points")) for t in result["tables"] for r in t["rows"]]


@pytest.mark.parametrize("header, role", [
    ("ĐVT", "unit"), ("TT", "code"), ("Điểm", "max_points"), ("Tổng điểm (1000)", "max_points"),
    ("Thang điểm", "max_points"), ("Số điểm", "max_points"), ("Điểm chuẩn", "max_points"),
    ("Đơn vị chủ trì", "lead"), ("Đơn vị thực hiện", "support"), ("Phân công", "lead"),
    ("Điểmtốiđa", "max_points"), ("ĐIỂM  TỐI   ĐA", "max_points"), ("Cáchxácđịnhvàtínhđiểm", "formula"),
    ("Điểm\ntự chấm", "score"), ("Ghi chú", "note"),
])
def test_header_vocabulary_ignores_case_accents_and_spacing(header, role):
    assert column_role(header) == role


def test_cell_kinds():
    assert [cell_kind(t) for t in ["1.2", "II", "100", "15,5", "", "-", "Sở Nội vụ",
                                   "a= Số lượng hồ sơ; b= Tổng số hồ sơ; Tỷ lệ = a/b",
                                   "Hằng năm", "Tỷ lệ hồ sơ được xử lý trực tuyến toàn trình"]] == \
        ["code", "code", "integer", "number", "blank", "blank", "agency", "formula", "timeline", "prose"]
    # past 200 characters a cell is prose, even one that lists bodies
    assert cell_kind("Sở Nội vụ, Sở Y tế, " * 12) == "prose"


def test_points_that_add_up_to_their_parent():
    assert sums_to_parents(["1", "1.1", "1.2", "2", "2.1"], [30, 10, 20, 5, 5]) == 1.0
    assert sums_to_parents(["1", "1.1", "1.2"], [30, 10, 5]) == 0.0


def test_content_decides_a_count_column_under_a_name_header_with_a_warning():
    headers = ["STT", "Chỉ số chính", "Chỉ số thành phần", "Tổng điểm", "Ghi chú"]
    body = [["1", "Nhận thức số", "10", "100", ""], ["2", "Thể chế số", "11", "100", ""],
            ["3", "Hạ tầng số", "7", "100", "Không tính điểm"]]
    roles, warnings = reconcile(headers, [column_role(h) for h in headers], body)
    assert roles[:4] == ["code", "name", None, "max_points"]
    assert [w[0] for w in warnings] == ["column-role-from-content"]


def test_unnamed_columns_take_roles_from_their_cells():
    headers = ["Ký hiệu", "Nội dung đánh giá", "Khung điểm", "Đầu mối", "Cùng tham gia"]
    body = [["1", "Hạ tầng số", "30", "", ""],
            ["1.1", "Tỷ lệ hộ gia đình có cáp quang", "10", "Sở Khoa học và Công nghệ", "Các sở, ban, ngành"],
            ["1.2", "Tỷ lệ dân số có điện thoại thông minh", "20", "Sở Tài chính", "UBND các xã, phường"]]
    roles, _ = reconcile(headers, [column_role(h) for h in headers], body)
    assert roles == ["code", "name", "max_points", "lead", "support"]


def test_pipe_rows_with_a_section_row_and_a_count_column():
    lines = ["Bảng cấu trúc", "STT | Chỉ số chính | Chỉ số thành phần | Tổng điểm (1000) | Ghi chú |",
             "I | Nhóm nền tảng | 17 | 200 | |", "1 | Nhận thức số | 10 | 100 | |",
             "2 | Thể chế số | 7 | 100 | |", "II | Nhóm hoạt động | 5 | 300 | |",
             "3 | Hoạt động chính quyền số | 5 | 300 | |"]
    result, rows = rows_of(lines)
    assert rows == [("I", "Nhóm nền tảng", 200), ("1", "Nhận thức số", 100), ("2", "Thể chế số", 100),
                    ("II", "Nhóm hoạt động", 300), ("3", "Hoạt động chính quyền số", 300)]
    assert "column-role-from-content" in [w["code"] for w in result["warnings"]]


def test_markdown_table_with_inline_html():
    lines = ["| TT | Tên tiêu chí | Số điểm |", "|---|---|---|", "| 1 | Hạ tầng<br>số | 30 |",
             "| 1.1 | Tỷ lệ <b>cáp quang</b> | 30 |", "| 2 | Nhân lực số | 20 |"]
    assert rows_of(lines)[1] == [("1", "Hạ tầng số", 30), ("1.1", "Tỷ lệ cáp quang", 30), ("2", "Nhân lực số", 20)]


def test_a_whole_table_on_one_line_is_cut_by_header_width_and_section_rows():
    line = ("STT | Chỉ số | Điểm tối đa | I | Hạ tầng số (02 chỉ tiêu) | 1 | Cáp quang | 10 | "
            "2 | Phủ sóng 5G | 20 | II | Nhân lực số | 3 | Kỹ năng số | 15")
    assert grid(parse_pipe_rows([line]))[0][1:] == [
        ["I", "Hạ tầng số (02 chỉ tiêu)"], ["1", "Cáp quang", "10"], ["2", "Phủ sóng 5G", "20"],
        ["II", "Nhân lực số"], ["3", "Kỹ năng số", "15"]]


def test_one_cell_per_paragraph_with_blank_cells_as_a_lone_space():
    cells = ["STT", "Chỉ số", "Điểm tối đa", "Ghi chú", "1", "Nhận thức số", "30", " ",
             "1.1", "Người đứng đầu là Trưởng ban", "10", " ", "1.2", "Văn bản chỉ đạo", "20", "Mới"]
    lines = "\n\n".join(cells).split("\n")
    assert grid(parse_cells_per_line(lines))[0][1:] == [
        ["1", "Nhận thức số", "30", ""], ["1.1", "Người đứng đầu là Trưởng ban", "10", ""],
        ["1.2", "Văn bản chỉ đạo", "20", "Mới"]]


def test_one_cell_per_line_with_numbering_row_group_header_wrapped_cells_and_repeated_header():
    lines = ["B. Chỉ số", "STT", "Chỉsố", "QUY CHUẨN", "Điểmtốiđa", "Cáchtínhđiểm", "Điểm", "tự chấm",
             "a", "b", "c", "d", "e", "I", "Nhómchung", "1", "Nhậnthứcsố", "30", "1.1", "Trưởng ban",
             "10", "- Bí thư: Điểm tối đa", "- Phó Bí thư:", "1/2 Điểm tối đa", "10",
             "STT", "Chỉsố", "Điểm", "1.2", "Văn bản", "20", "Điểm = a/b x 20", "15"]
    assert grid(parse_cells_per_line(lines))[0] == [
        ["STT", "Chỉsố", "Điểmtốiđa", "Cáchtínhđiểm", "Điểm tự chấm"], ["I", "Nhómchung"],
        ["1", "Nhậnthứcsố", "30"],
        ["1.1", "Trưởng ban", "10", "- Bí thư: Điểm tối đa\n- Phó Bí thư:\n1/2 Điểm tối đa", "10"],
        ["1.2", "Văn bản", "20", "Điểm = a/b x 20", "15"]]


def test_numbered_list_with_points_and_an_unnumbered_first_criterion():
    lines = ["TIÊU CHÍ ĐÁNH GIÁ", "1. Nhận thức số: (30 điểm)",
             "Người đứng đầu là Trưởng ban chỉ đạo (10đ)", "- Là Bí thư: Điểm tối đa",
             "1.2. Văn bản chỉ đạo về chuyển đổi số (20đ)", "a= Số văn bản; Điểm = a x 5",
             "2. Thể chế số: (50 điểm)"]
    blocks, warnings = parse_points_list(lines)
    assert [r[:3] for r in grid(blocks)[0][1:]] == [
        ["1", "Nhận thức số", "30"], ["1.1", "Người đứng đầu là Trưởng ban chỉ đạo", "10"],
        ["1.2", "Văn bản chỉ đạo về chuyển đổi số", "20"], ["2", "Thể chế số", "50"]]
    assert [w[0] for w in warnings] == ["code-inferred"]


def test_text_of_points_and_indicators_without_a_row_is_flagged():
    result, rows = rows_of(["Kế hoạch", "Chỉ số thành phần được chấm theo điểm tối đa của Bộ."])
    assert rows == [] and "tables-suspected-unread" in [w["code"] for w in result["warnings"]]
    result, _ = rows_of(["Kế hoạch", "Tổ chức hội nghị chuyển đổi số."])
    assert "tables-suspected-unread" not in [w["code"] for w in result["warnings"]]


def test_every_real_dev_gold_row_is_found_with_its_code_and_max_points():
    if not (REAL_DEV / "gold.json").is_file():
        pytest.skip("../shared/real-dev is absent")
    from dtiplan.pipeline import process

    gold = json.loads((REAL_DEV / "gold.json").read_text(encoding="utf-8"))
    checked = 0
    for slug, entry in gold.items():
        if not entry.get("rows"):
            continue
        rows = [r for t in process(REAL_DEV / f"{slug}.txt")["tables"] for r in t["rows"]]
        found = {(r["code"], r.get("max_points")) for r in rows}
        for g in entry["rows"]:
            checked += 1
            if g["code"] is None:  # printed without its number: any code, points as printed
                assert any(r.get("max_points") == g["max_points"] and (r.get("name") or "").startswith(g["name"][:30])
                           for r in rows), (slug, g["name"])
            else:
                assert (g["code"], g["max_points"]) in found, (slug, g["code"])
    assert checked >= 3


def test_separator_only_stream_section_row_prints_fewer_cells():
    cells = ["STT", "Chỉ tiêu", "ĐVT", "Mục tiêu 2025", "I", "Hạ tầng số (02 chỉ tiêu)", "1", "Cáp quang",
             "%", "80", "2", "Điện thoại thông minh", "%", "90", "II", "Nhân lực số", "3", "Kỹ năng số", "%", "70"]
    blocks, _ = parse_text(["Chỉ tiêu:"] + [line for c in cells for line in (c, "|")])
    assert grid(blocks)[0][1:] == [["I", "Hạ tầng số (02 chỉ tiêu)"], ["1", "Cáp quang", "%", "80"],
                                   ["2", "Điện thoại thông minh", "%", "90"], ["II", "Nhân lực số"],
                                   ["3", "Kỹ năng số", "%", "70"]]


def test_a_one_line_header_that_lost_its_spaces_is_split_into_columns():
    from extract.headers import segment_header

    assert segment_header("STT Chỉsố/Chỉsốthànhphần Điểmtốiđa Cáchxácđịnhvàtínhđiểm Ghi chú") == \
        ["STT", "Chỉsố/Chỉsốthànhphần", "Điểmtốiđa", "Cáchxácđịnhvàtínhđiểm", "Ghi chú"]


def test_rules_time_frames_and_a_lone_column_of_collective_names_by_content():
    headers = ["TT", "Nội dung", "Cách chấm", "Khi nào xong", "Cùng làm"]
    body = [["1", "Tỷ lệ hồ sơ trực tuyến", "a= Số hồ sơ trực tuyến; b= Tổng số hồ sơ; Điểm = a/b x 10",
             "Hằng năm", "Các sở, ban, ngành"],
            ["2", "Tỷ lệ thanh toán trực tuyến", "a= Số giao dịch; Điểm = a/b x 20", "Năm 2025",
             "UBND các xã, phường"]]
    roles, _ = reconcile(headers, [column_role(h) for h in headers], body)
    assert roles == ["code", "name", "formula", "timeline", "support"]


def test_a_page_whose_pipes_hold_no_table_is_read_as_a_points_list():
    lines = ["Trang | Tin tức |", "1. Nhận thức số: (30 điểm)", "1.1. Trưởng ban chỉ đạo (10đ)",
             "1.2. Văn bản chỉ đạo (20đ)"]
    assert rows_of(lines)[1] == [("1", "Nhận thức số", 30), ("1.1", "Trưởng ban chỉ đạo", 10),
                                 ("1.2", "Văn bản chỉ đạo", 20)]
