"""Borderless tables from word positions (extract.readers.pdf_stream) on hand-placed lines.

Each line is built from cell texts at x positions, 5 pt per character, 3 pt per space and
10 pt high, so the gaps between columns and the wrapping of cells are known exactly.
"""
from extract.readers.pdf_layout import Line, Word
from extract.readers.pdf_stream import borderless_tables
from extract.readers.pdf_join import _rows_of
from extract.model import Cell, Provenance, Table, TableRow
from extract.rows import fill_grid
from extract.tables import Column, IndicatorTable, column_roles

COLUMNS = (0, 40, 200, 250)  # STT | name | points | agency


def line(top: float, *cells: tuple[int, str]) -> Line:
    """A printed line: (column index, text) pieces, each starting at its column's x."""
    words = []
    for column, text in cells:
        x = COLUMNS[column]
        for token in text.split():
            words.append(Word(token, x, x + 5 * len(token), top, top + 10))
            x += 5 * len(token) + 3  # a space: under the gutter gap (0.45 of the height)
    return Line(words)


def body(top: float, text: str) -> Line:
    return line(top, (0, text))


def texts(part) -> list[list[str]]:
    return [[" / ".join(c.lines) for c in row] for row in _rows_of(part)]


def test_columns_kept_apart_by_gutters_and_body_text_ends_the_table():
    stream = [(1, body(0, "Căn cứ Kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh về chuyển đổi số")),
              (1, line(20, (0, "STT"), (1, "Chỉ số"), (2, "Điểm"), (3, "Cơ quan"))),
              (1, line(32, (0, "1"), (1, "Nhận thức số"), (2, "50"), (3, "Sở Nội vụ"))),
              (1, line(44, (0, "2"), (1, "Thể chế số"), (2, "40"), (3, "Sở Tư pháp"))),
              (1, body(60, "Đoạn văn sau bảng chạy qua các cột của bảng ở trên."))]
    tables, kept = borderless_tables(stream)
    assert len(tables) == 1
    assert texts(tables[0]) == [["STT", "Chỉ số", "Điểm", "Cơ quan"], ["1", "Nhận thức số", "50", "Sở Nội vụ"],
                                ["2", "Thể chế số", "40", "Sở Tư pháp"]]
    assert [l.text for _, l in kept] == [stream[0][1].text, stream[-1][1].text]


def test_short_text_after_a_coded_table_under_its_first_column_is_not_a_row():
    stream = [(1, line(0, (0, "STT"), (1, "Chỉ số"), (2, "Điểm"), (3, "Cơ quan"))),
              (1, line(12, (0, "1"), (1, "Nhận thức số"), (2, "50"), (3, "Sở Nội vụ"))),
              (1, line(24, (0, "2"), (1, "Thể chế số"), (2, "40"), (3, "Sở Tư pháp"))),
              (1, body(36, "Ghi chú"))]
    tables, kept = borderless_tables(stream)
    assert len(texts(tables[0])) == 3 and [l.text for _, l in kept] == ["Ghi chú"]


def test_a_coded_row_keeps_cells_whose_lines_do_not_line_up():
    # the agency column's paragraphs are spaced apart, so its lines fall between the name
    # column's lines: each printed line then holds one column only
    stream = [(1, line(0, (0, "STT"), (1, "Chỉ số"), (2, "Điểm"), (3, "Cơ quan"))),
              (1, line(12, (0, "1.1"), (1, "Tỷ lệ hồ sơ"), (2, "20"), (3, "Sở Nội vụ"))),
              (1, line(24, (1, "trực tuyến"))),
              (1, line(30, (3, "Văn phòng UBND tỉnh"))),
              (1, line(36, (1, "toàn trình"))),
              (1, line(48, (0, "1.2"), (1, "Tỷ lệ khác"), (2, "10"), (3, "Sở Y tế")))]
    rows = texts(borderless_tables(stream)[0][0])
    assert rows[1] == ["1.1", "Tỷ lệ hồ sơ / trực tuyến / toàn trình", "20", "Sở Nội vụ / Văn phòng UBND tỉnh"]
    assert rows[2][0] == "1.2" and len(rows) == 3


def test_a_number_under_the_header_of_a_points_column_is_a_row_without_code():
    stream = [(1, line(0, (0, "STT"), (1, "Chỉ số"), (2, "Điểm"), (3, "Cơ quan"))),
              (1, line(12, (2, "200"))),
              (1, line(24, (0, "1.1"), (1, "Tỷ lệ A"), (2, "20"), (3, "Sở Nội vụ"))),
              (1, line(36, (0, "1.2"), (1, "Tỷ lệ B"), (2, "30"), (3, "Sở Y tế"))),
              (1, line(48, (2, "100"))),
              (1, line(60, (0, "2.1"), (1, "Tỷ lệ C"), (2, "10"), (3, "Sở Tư pháp")))]
    rows = texts(borderless_tables(stream)[0][0])
    assert [r[:3] for r in rows] == [["STT", "Chỉ số", "Điểm"], ["", "", "200"], ["1.1", "Tỷ lệ A", "20"],
                                     ["1.2", "Tỷ lệ B", "30"], ["", "", "100"], ["2.1", "Tỷ lệ C", "10"]]


def test_table_over_a_page_break_repeats_its_header_and_continues_a_cut_row():
    header = [line(0, (0, "STT"), (1, "Chỉ số"), (2, "Điểm"), (3, "Cơ quan"))]
    stream = [(1, header[0]),
              (1, line(12, (0, "1.1"), (1, "Tỷ lệ A"), (2, "20"), (3, "Sở Nội vụ"))),
              (1, line(24, (0, "1.2"), (1, "Tỷ lệ B"), (2, "30"), (3, "Sở Y tế"))),
              (2, line(0, (0, "STT"), (1, "Chỉ số"), (2, "Điểm"), (3, "Cơ quan"))),
              (2, line(12, (1, "của tỉnh"))),
              (2, line(24, (0, "1.3"), (1, "Tỷ lệ C"), (2, "10"), (3, "Sở Tư pháp")))]
    tables, _ = borderless_tables(stream)
    assert [t.page for t in tables] == [1, 2] and tables[0].xs == tables[1].xs
    assert texts(tables[1]) == [["STT", "Chỉ số", "Điểm", "Cơ quan"], ["", "của tỉnh", "", ""],
                                ["1.3", "Tỷ lệ C", "10", "Sở Tư pháp"]]


def test_one_line_rows_without_codes_start_where_every_column_prints_again():
    columns = [line(0, (0, "Năm"), (1, "Nhận thức số"), (2, "Thể chế"), (3, "Hạ tầng")),
               line(12, (0, "2021"), (1, "25"), (2, "10"), (3, "45")),
               line(24, (0, "2022"), (1, "20"), (2, "12"), (3, "40"))]
    rows = texts(borderless_tables([(1, c) for c in columns])[0][0])
    assert rows == [["Năm", "Nhận thức số", "Thể chế", "Hạ tầng"], ["2021", "25", "10", "45"],
                    ["2022", "20", "12", "40"]]


def test_blank_agency_cell_of_a_borderless_table_is_the_merged_cell_above():
    headers = ["STT", "Chỉ số", "Điểm tối đa", "Cơ quan chủ trì"]
    rows = [headers, ["1.1", "Tỷ lệ A", "20", "Sở Nội vụ"], ["1.2", "Tỷ lệ B", "30", ""]]
    table = Table([TableRow([Cell(t, Provenance(1)) for t in r], Provenance(1)) for r in rows], Provenance(1),
                  merges_unmarked=True)
    roles = column_roles(headers)
    filled = fill_grid(IndicatorTable(table, "assignment", None, [Column(h, r) for h, r in zip(headers, roles)]), [])
    assert filled[1].texts[3] == "Sở Nội vụ" and filled[1].inherited[3]
    assert filled[1].texts[2] == "30"


def test_pillar_rows_of_a_borderless_table_take_no_agency_from_above():
    headers = ["STT", "Chỉ số", "Điểm tối đa", "Cơ quan chủ trì"]
    rows = [headers, ["1.6", "Tỷ lệ A", "20", "Sở Nội vụ"], ["2", "Thể chế số", "50", ""], ["", "", "100", ""]]
    table = Table([TableRow([Cell(t, Provenance(1)) for t in r], Provenance(1)) for r in rows], Provenance(1),
                  merges_unmarked=True)
    roles = column_roles(headers)
    filled = fill_grid(IndicatorTable(table, "assignment", None, [Column(h, r) for h, r in zip(headers, roles)]), [])
    assert [f.texts[3] for f in filled] == ["Sở Nội vụ", "", ""]


def test_rows_spaced_wide_apart_stay_one_table_but_a_heading_after_a_gap_ends_it():
    # rows 30 pt apart (paragraph spacing in the cells); within a row lines are 12 pt apart
    stream = [(1, line(0, (0, "STT"), (1, "Chỉ số"), (2, "Điểm"), (3, "Cơ quan"))),
              (1, line(22, (0, "1.1"), (1, "Tỷ lệ A"), (2, "20"), (3, "Sở Nội vụ"))),
              (1, line(52, (0, "1.2"), (1, "Tỷ lệ B"), (2, "30"), (3, "Sở Y tế"))),
              (1, line(82, (0, "1.3"), (1, "Tỷ lệ C"), (2, "10"), (3, "Sở Tư pháp"))),
              (1, line(130, (1, "PHỤ LỤC II")))]  # 38 pt below: more than 2.5 lines
    tables, kept = borderless_tables(stream)
    assert len(tables) == 1 and len(texts(tables[0])) == 4
    assert [l.text for _, l in kept] == ["PHỤ LỤC II"]


def test_a_row_without_code_at_the_top_of_a_page_is_a_new_row_when_its_cells_start_with_capitals():
    header = (0, "STT"), (1, "Chỉ số"), (2, "Điểm"), (3, "Cơ quan")
    stream = [(1, line(0, *header)),
              (1, line(12, (0, "2.4"), (1, "Số người dân"), (2, "20"))),
              (1, line(24, (1, "Phổ cập A"), (2, "Có"), (3, "Sở Nội vụ"))),
              (2, line(0, *header)),
              (2, line(12, (1, "Phổ cập B"), (2, "Có"), (3, "Sở Y tế"))),
              (2, line(24, (0, "3.1"), (1, "Tỷ lệ C"), (2, "10"), (3, "Sở Tư pháp"))),
              (3, line(0, *header)),
              (3, line(12, (1, "của tỉnh"), (2, "năm"), (3, "Sở Tư pháp")))]
    tables, _ = borderless_tables(stream)
    assert [t.continues_row for t in tables] == [None, False, True]
    assert texts(tables[1])[1] == ["", "Phổ cập B", "Có", "Sở Y tế"]


def test_staggered_header_lines_join_the_table_but_the_end_of_a_paragraph_above_does_not():
    # a header centred vertically: its short cells print on lines of their own, set tight
    stream = [(1, body(0, "(Kèm theo Kế hoạch số 18/KH-UBND ngày 19/01/2026 của Ủy ban nhân dân")),
              (1, line(11, (0, "tỉnh)"))),
              (1, line(40, (1, "Chỉ số chính"))),
              (1, line(51, (0, "STT"), (1, "chỉ số"), (2, "Điểm"), (3, "Cơ quan"))),
              (1, line(62, (0, "1.1"), (1, "Tỷ lệ A"), (2, "20"), (3, "Sở Nội vụ"))),
              (1, line(74, (0, "1.2"), (1, "Tỷ lệ B"), (2, "30"), (3, "Sở Y tế")))]
    tables, kept = borderless_tables(stream)
    assert texts(tables[0])[0] == ["STT", "Chỉ số chính / chỉ số", "Điểm", "Cơ quan"]
    assert [l.text for _, l in kept] == [stream[0][1].text, "tỉnh)"]


def test_the_wrapped_end_of_a_note_set_tight_above_the_header_stays_text():
    stream = [(1, body(0, "(Kèm theo Kế hoạch số 18/KH-UBND ngày 19/01/2026 của Ủy ban nhân dân")),
              (1, line(11, (0, "Gia Lai)"))),
              (1, line(22, (0, "STT"), (1, "Chỉ số"), (2, "Điểm"), (3, "Cơ quan"))),
              (1, line(34, (0, "1.1"), (1, "Tỷ lệ A"), (2, "20"), (3, "Sở Nội vụ"))),
              (1, line(46, (0, "1.2"), (1, "Tỷ lệ B"), (2, "30"), (3, "Sở Y tế")))]
    tables, kept = borderless_tables(stream)
    assert texts(tables[0])[0] == ["STT", "Chỉ số", "Điểm", "Cơ quan"]
    assert [l.text for _, l in kept][-1] == "Gia Lai)"
