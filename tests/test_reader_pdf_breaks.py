"""Where one borderless table ends and the next begins, and headers over page breaks
(extract.readers.pdf_stream, pdf_join), on hand-placed lines of tests/test_reader_pdf_stream."""
from extract.readers.pdf_join import join_continued_tables, to_table
from extract.readers.pdf_layout import Line
from extract.readers.pdf_overprint import without_header_line
from extract.readers.pdf_pages import document_from_pages
from extract.readers.pdf_stream import borderless_tables
from tests.test_reader_pdf_head import _part, _wide_line, _words, framed_cut_row_pages
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


def test_an_outer_frame_round_the_rest_of_a_cut_row_and_the_last_row_is_no_row_merged_over_the_width():
    # the shaded header repeated on the next page, then one frame round the cut row's
    # last words and the table's last row (its code in the first column)
    pages = framed_cut_row_pages([*_words(60, (3, "và Sở Tư pháp")), *_words(72, (0, "2.2"), (1, "Tỷ lệ hộ"), (2, "5"))])
    (table,) = document_from_pages("p.pdf", pages).tables()
    assert [c.text for c in table.rows[-2].cells] == ["2.1", "Tỷ lệ người", "10", "Sở Y tế\nvà Sở Tư pháp"]
    assert [c.text for c in table.rows[-1].cells][:3] == ["2.2", "Tỷ lệ hộ", "5"]


def _joined_rows(first_row_on_page_two: list[str]) -> list[list[str]]:
    """Two page parts of a table with centred cells, the second read with its first row
    as a row of its own (`continues_row` False), joined."""
    xs = [56, 111, 212, 283, 367]
    header = ["STT", "Chỉ số", "Điểm", "Cơ quan"]
    one = _part(1, xs, [header, ["3.1", "Tỷ lệ hệ thống", "50", "Công an tỉnh"]], ruled=False)
    two = _part(2, xs, [header, first_row_on_page_two, ["3.2", "Tỷ lệ B", "50", "Sở Y tế"]], ruled=False)
    one.continues_row = two.continues_row = False
    table = to_table(join_continued_tables([(1, 40.0, one), (2, 40.0, two)])[0][2], [])
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_a_row_without_code_going_on_in_lower_case_at_a_page_top_is_the_rest_of_the_cut_row():
    assert _joined_rows(["", "được xác định", "", "UBND các xã"]) == [
        ["3.1", "Tỷ lệ hệ thống\nđược xác định", "50", "Công an tỉnh\nUBND các xã"], ["3.2", "Tỷ lệ B", "50", "Sở Y tế"]]


def test_a_row_without_code_starting_afresh_at_a_page_top_stays_a_row():
    for fresh in (["", "Phổ cập kỹ năng số", "", "Sở Y tế"], ["", "a) tỷ lệ hộ", "", "Sở Y tế"]):
        assert _joined_rows(fresh)[1] == fresh


def test_a_repeated_header_cut_short_and_printed_over_the_rest_of_a_cut_row_is_taken_out_of_it():
    header = [line(0, (0, "STT"), (1, "Cách tính"), (2, "Điểm"), (3, "Chỉ số")),
              line(12, (1, "điểm theo"), (3, "thành phần")),
              line(24, (1, "hướng dẫn"), (3, "đề xuất"))]
    stream = [(1, l) for l in header]
    stream += [(1, line(40, (0, "1.1"), (1, "a/b"), (2, "20"), (3, "Tỷ lệ A"))),
               (1, line(52, (0, "1.2"), (1, "a=Số hộ;"), (2, "10"), (3, "Tỷ lệ B")))]
    # the next page repeats two of the header's lines; its third prints over the cut row
    stream += [(2, header[0]), (2, header[1]),
               (2, line(24, (1, "hTưỷớ lện=ga d/bẫ n-"), (3, "đề xuất"))),
               (2, line(36, (0, "1.3"), (1, "a/b"), (2, "30"), (3, "Tỷ lệ C")))]
    one, two = borderless_tables(stream)[0]
    assert texts(one)[1:] + texts(two)[1:] == [["1.1", "a/b", "20", "Tỷ lệ A"], ["1.2", "a=Số hộ;", "10", "Tỷ lệ B"],
                                               ["", "Tỷ lệ=a /b -", "", ""], ["1.3", "a/b", "30", "Tỷ lệ C"]]


def test_a_body_line_is_no_header_overprint_unless_the_header_goes_on_in_it():
    header_line = {1: line(0, (1, "hướng dẫn")), 3: line(0, (3, "đề xuất"))}
    # the header's text alone in no column: the row's own text, kept whole
    assert without_header_line({1: line(0, (1, "hướng dẫn của Bộ")), 3: line(0, (3, "Tỷ lệ"))}, header_line) is None
    # one column prints the header alone but another is not the header's letters mixed in
    assert without_header_line({1: line(0, (1, "Tỷ lệ=a/b")), 3: line(0, (3, "đề xuất"))}, header_line) is None


def test_an_annex_title_after_a_table_leaves_its_header_whole():
    # a two-level header prints no line of three cells; the next annex's title, in the
    # first column, is text after the table and does not narrow the first gutter
    stream = [(1, _wide_line(0, (1, "Chỉ số thành"), (3, "Chi tiết"))),
              (1, _wide_line(6, (0, "STT"), (2, "Điểm"))),
              (1, _wide_line(12, (1, "phần"), (3, "Ghi chú"))),
              (1, _wide_line(24, (0, "1"), (1, "Tỷ lệ A"), (2, "20"), (3, "Sở Nội vụ"))),
              (1, _wide_line(36, (0, "2"), (1, "Tỷ lệ B"), (2, "30"), (3, "Sở Y tế"))),
              (1, _wide_line(56, (0, "PHỤ LỤC"))),
              (1, _wide_line(70, (0, "MẪU DÀNH CHO SỞ NỘI VỤ VÀ CÁC CƠ QUAN, ĐƠN VỊ KHÁC CỦA TỈNH")))]
    (table,), kept = borderless_tables(stream)
    assert texts(table)[0][:2] == ["STT", "Chỉ số thành / phần"]
    assert [l.text for _, l in kept] == ["PHỤ LỤC", "MẪU DÀNH CHO SỞ NỘI VỤ VÀ CÁC CƠ QUAN, ĐƠN VỊ KHÁC CỦA TỈNH"]
