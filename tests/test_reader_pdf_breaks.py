"""Where one borderless table ends and the next begins, and headers over page breaks
(extract.readers.pdf_stream, pdf_join), on hand-placed lines of tests/test_reader_pdf_stream."""
from extract.readers.pdf_layout import Line
from extract.readers.pdf_stream import borderless_tables
from tests.test_reader_pdf_head import _wide_line
from tests.test_reader_pdf_stream import line, texts


def _centred_header(top: float) -> list[Line]:
    """A header whose name cell wraps onto two lines, the short cells centred level with
    the middle of it: three lines, each overlapping the next by a little."""
    return [_wide_line(top, (1, "Chỉ số/chỉ số")),
            _wide_line(top + 6, (0, "STT"), (2, "Điểm"), (3, "Cơ quan")),
            _wide_line(top + 12, (1, "thành phần"))]


def test_a_centred_header_after_an_annex_title_opens_the_next_table_whole():
    stream = [(1, l) for l in _centred_header(0)]
    stream += [(1, _wide_line(24, (0, "1"), (1, "Tỷ lệ A"), (2, "20"), (3, "Sở Nội vụ"))),
               (1, _wide_line(36, (0, "2"), (1, "Tỷ lệ B"), (2, "30"), (3, "Sở Y tế"))),
               (1, _wide_line(56, (0, "PHỤ LỤC"))),  # the next annex's title, then its header
               (1, _wide_line(70, (0, "MẪU DÀNH CHO SỞ NỘI VỤ VÀ CÁC CƠ QUAN, ĐƠN VỊ KHÁC CỦA TỈNH")))]
    stream += [(1, l) for l in _centred_header(90)]
    stream += [(1, _wide_line(114, (0, "1"), (1, "Tỷ lệ C"), (2, "10"), (3, "Sở Tư pháp")))]
    first, second = borderless_tables(stream)[0]
    assert [row[0] for row in texts(first)] == ["STT", "1", "2"]
    assert texts(second)[0][1] == "Chỉ số/chỉ số / thành phần"
    assert [l.text for _, l in borderless_tables(stream)[1]] == [
        "PHỤ LỤC", "MẪU DÀNH CHO SỞ NỘI VỤ VÀ CÁC CƠ QUAN, ĐƠN VỊ KHÁC CỦA TỈNH"]


def test_a_table_of_two_codes_one_printed_halfway_down_its_tall_cell_has_centred_cells():
    # an annex form of one group and its one indicator: the indicator's name is centred on
    # its code, its first lines printed above the code, under the group's row
    stream = [(1, line(0, (0, "STT"), (1, "Chỉ số"), (2, "Điểm"), (3, "Cơ quan"))),
              (1, line(12, (0, "I"), (1, "Nhận thức số"))),
              (1, line(24, (1, "Tần suất Đài Phát"))),
              (1, line(36, (1, "thanh truyền hình"))),
              (1, line(42, (0, "2"), (2, "20"), (3, "Sở Nội vụ"))),
              (1, line(48, (1, "của tỉnh phát sóng"))),
              (1, line(60, (1, "về chuyển đổi số")))]
    (table,), _ = borderless_tables(stream)
    assert texts(table)[1:] == [["I", "Nhận thức số", "", ""],
                                ["2", "Tần suất Đài Phát / thanh truyền hình / của tỉnh phát sóng / về chuyển đổi số",
                                 "20", "Sở Nội vụ"]]
