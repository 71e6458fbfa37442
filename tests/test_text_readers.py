"""The three text shapes of the seeds, each on a small hand-made input."""
from pathlib import Path

import pytest

from extract.model import ReaderError, Table
from extract.read import read_document, sniff_format
from extract.readers.pipe_text import parse_row_marked, parse_separator_only
from extract.readers.plain_text import parse_plain
from extract.readers.tab_text import parse_tabbed


def grid(blocks):
    return [[[c.text for c in r.cells] for r in b.rows] for b in blocks if isinstance(b, Table)]


def test_row_marked_rows_cells_and_wrapped_cell():
    lines = ["Intro text.", "|", "STT |", "Chỉ số thành phần |", "Điểm tối đa |",
             "|", "1.1 |", "Tỷ lệ người dân", "có tài khoản |", "20 |"]
    assert grid(parse_row_marked(lines)) == [[["STT", "Chỉ số thành phần", "Điểm tối đa"],
                                              ["1.1", "Tỷ lệ người dân\ncó tài khoản", "20"]]]


def test_row_marked_lone_pipes_are_empty_cells_when_the_next_cell_fits_on():
    # "1 | Hạ tầng | | | 200 |": the 200 lands in the points column, so both pipes are cells
    lines = ["|", "STT |", "Chỉ số chính |", "Điểm năm 2024 |", "Điểm tối đa |", "|", "1 |",
             "Hạ tầng số |", "|", "200 |", "|", "1.1 |", "Tỷ lệ |", "5 |", "20 |"]
    rows = grid(parse_row_marked(lines))[0]
    assert rows[1] == ["1", "Hạ tầng số", "", "200"]
    assert rows[2] == ["1.1", "Tỷ lệ", "5", "20"]


def test_row_marked_short_row_keeps_its_printed_cells_only():
    # a row whose agency cells are merged from above prints fewer cells; "||" ends it
    lines = ["|", "STT |", "Chỉ số |", "Điểm tối đa |", "Cơ quan phụ trách |", "Cơ quan phối hợp |",
             "|", "6.4 |", "Tỷ lệ A |", "20 |", "Văn phòng UBND tỉnh |", "Sở KH&CN |",
             "|", "6.5 |", "Tỷ lệ B |", "20 |", "||", "|", "6.6 |", "Tỷ lệ C |", "50 |", "||"]
    rows = grid(parse_row_marked(lines))[0]
    assert rows[2] == ["6.5", "Tỷ lệ B", "20"] and rows[3] == ["6.6", "Tỷ lệ C", "50"]


def test_separator_only_rows_found_by_codes_and_text_split_from_table():
    lines = ["1. Đánh", "giá chỉ số Nhận thức số", "Nhận thức số có điểm 80/100.", "1", "|",
             "Chỉ số thành phần", "|", "Điểm tối đa", "|", "Nguyên nhân", "|",
             "4.5", "|", "Tỷ lệ A", "|", "10", "|", "Lý do chung", "cho hai dòng", "|",
             "4.6", "|", "Tỷ lệ B", "|", "10", "|",  # reason merged with 4.5: not printed
             "4.7", "|", "Tỷ lệ C", "|", "10", "|", "Lý do C", "|"]
    blocks = parse_separator_only(lines)
    assert [b.text for b in blocks[:3]] == ["1. Đánh", "giá chỉ số Nhận thức số", "Nhận thức số có điểm 80/100."]
    rows = grid(blocks)[0]
    assert rows[0] == ["1", "Chỉ số thành phần", "Điểm tối đa", "Nguyên nhân"]
    assert rows[2] == ["4.6", "Tỷ lệ B", "10"]
    assert rows[3][0] == "4.7"


def test_separator_only_value_far_from_code_is_not_a_row_start():
    lines = ["STT", "|", "Chỉ số thành phần", "|", "Điểm tối đa", "|", "Nguyên nhân", "|",
             "1.3", "|", "Văn bản", "|", "10", "|", "Lý do", "|"]
    assert grid(parse_separator_only(lines))[0][1] == ["1.3", "Văn bản", "10", "Lý do"]


def test_tabbed_repeated_header_dropped_and_page_split_row_joined():
    header = "STT\tChỉ số\tHướng dẫn\tPhân công theo dõi/thực hiện"
    lines = [header, "1.3\tVăn bản\t<p>a = Số văn bản;</p>\tSở TT&TT", "", header,
             "\t\t- Tỷ lệ = a/b\t", "1.4\tChuyên trang\t- Có: Điểm tối đa\tSở TT&TT"]
    rows = grid(parse_tabbed(lines))[0]
    assert len(rows) == 3
    assert rows[1][2] == "<p>a = Số văn bản;</p>\n- Tỷ lệ = a/b"


def test_plain_text_columns_from_content_and_unnumbered_row():
    lines = ["STT Chỉ tiêu chiến lược Chính quyền số", "Chỉ", "", "tiêu", "Ghi chú", "",
             "1 Chính quyền số", "1.1", "Tỷ lệ hồ sơ toàn trình", ">=80%", "Số hồ sơ toàn trình/Tổng số",
             "hồ sơ", "Tỷ lệ hồ sơ một phần", "80%", "Số hồ sơ một phần/Tổng",
             "2.1 Tỷ trọng kinh tế số trên GRDP 11%"]
    rows = grid(parse_plain(lines))[0]
    assert rows[0] == ["STT", "Chỉ tiêu chiến lược Chính quyền số", "Chỉ tiêu", "Ghi chú"]
    assert rows[2] == ["1.1", "Tỷ lệ hồ sơ toàn trình", ">=80%", "Số hồ sơ toàn trình/Tổng số hồ sơ"]
    assert rows[3] == ["", "Tỷ lệ hồ sơ một phần", "80%", "Số hồ sơ một phần/Tổng"]
    assert rows[4] == ["2.1", "Tỷ trọng kinh tế số trên GRDP", "11%", ""]


def test_plain_text_repeated_header_skips_only_its_own_lines():
    lines = ["STT Chỉ tiêu chiến lược Chính quyền số", "Chỉ tiêu", "Ghi chú",
             "3.1", "Tỷ lệ phủ cáp quang", "76%", "Số hộ dùng cáp quang/Tổng số hộ",
             "STT Chỉ tiêu chiến lược Chính quyền số", "Chỉ tiêu", "Ghi chú", "trên địa bàn"]
    assert grid(parse_plain(lines))[0][1][3] == "Số hộ dùng cáp quang/Tổng số hộ trên địa bàn"


def test_sniff_format_reads_content_not_names():
    assert sniff_format(b"%PDF-1.7") == "pdf"
    assert sniff_format(b"PK\x03\x04....") == "docx"
    assert sniff_format(b"<!DOCTYPE html><html>") == "html"
    assert sniff_format("Kế hoạch".encode()) == "text"


@pytest.mark.parametrize("content, message", [(b"", "empty"), (b"\x00\x01\x02abc", "binary"),
                                              (b"\xff\xfe\xfa not utf8", "UTF-8")])
def test_bad_text_files_raise_a_reader_error(tmp_path: Path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReaderError, match=message):
        read_document(path)
