"""Headers, rules and page breaks of PDF tables not ruled as a grid (issue 10): a shaded
or ruled header repeated over a page holding part of one row, a repeated header cut short,
horizontal rules parting rows, the next table's header in the same columns, and wraps
that cannot be seen over a page break. Hand-placed lines as in test_reader_pdf_stream."""
from extract.readers.pdf_join import join_continued_tables, to_table
from extract.readers.pdf_layout import GridCell, Line, PageTable, Word, wrapped
from extract.readers.pdf_pages import PageInput, Ruling, document_from_pages
from extract.readers.pdf_stream import borderless_tables
from tests.test_reader_pdf_stream import COLUMNS, line, texts

HEADER = (0, "STT"), (1, "Chỉ số"), (2, "Điểm"), (3, "Cơ quan")


def test_a_line_printed_higher_up_is_on_an_earlier_page_and_no_wrap_of_it():
    above = Line([Word("Sở", 250, 260, 500, 510), Word("Nội", 263, 278, 500, 510), Word("vụ", 281, 291, 500, 510)])
    below = Line([Word("Sở", 250, 260, 60, 70)])
    assert not wrapped(above, below, right_limit=292)
    assert wrapped(above, Line([Word("Sở", 250, 260, 512, 522)]), right_limit=292)


def _sub_rows(rules: dict) -> list[list[str]]:
    """Row 2.4 then a sub-row without a code printing two cells, whose lines read as if
    row 2.4's cells went on, and another under it."""
    stream = [(1, line(0, *HEADER)),
              (1, line(12, (0, "2.3"), (1, "Tỷ lệ A"), (2, "10"), (3, "Sở Khoa học"))),
              (1, line(24, (0, "2.4"), (1, "Số người dân"), (2, "20"))),
              (1, line(36, (1, "Phổ cập kỹ năng số"), (3, "Sở Khoa học"))),
              (1, line(48, (1, "cho cán bộ tỉnh"), (3, "Sở Nội vụ"))),
              (1, line(60, (1, "Phổ cập B"), (3, "các sở ngành"))),
              (1, line(72, (0, "3.1"), (1, "Tỷ lệ C"), (2, "10"), (3, "Sở Tư pháp")))]
    tables, _ = borderless_tables(stream, rules)
    return texts(tables[0])


def test_a_rule_drawn_across_the_table_parts_two_rows_without_codes():
    # without rules the second sub-row reads as the first going on
    assert _sub_rows({})[3][1] == "Phổ cập kỹ năng số / cho cán bộ tỉnh / Phổ cập B"
    rows = _sub_rows({1: [Ruling(0, 59, 320, 59)]})
    assert rows[3:] == [["", "Phổ cập kỹ năng số / cho cán bộ tỉnh", "", "Sở Khoa học Sở Nội vụ"],
                        ["", "Phổ cập B", "", "các sở ngành"], ["3.1", "Tỷ lệ C", "10", "Sở Tư pháp"]]


def test_a_code_printed_lower_in_a_row_its_rule_started_is_that_rows():
    # one centred row among top-aligned ones: its long name starts under the rule, its code
    # prints on its second line, above the rule that closes the row
    stream = [(1, line(0, *HEADER)),
              (1, line(14, (0, "1.1"), (1, "Tỷ lệ A"), (2, "10"), (3, "Sở Nội vụ"))),
              (1, line(28, (1, "Tỷ lệ người dân có tài"))),
              (1, line(40, (0, "1.2"), (1, "khoản thanh toán"), (2, "20"), (3, "Sở Y tế"))),
              (1, line(52, (1, "trực tuyến"))),
              (1, line(66, (0, "1.3"), (1, "Tỷ lệ C"), (2, "10"), (3, "Sở Tư pháp")))]
    rules = {1: [Ruling(0, y, 320, y) for y in (12, 26, 64, 78)]}
    tables, _ = borderless_tables(stream, rules)
    assert [row[0] for row in texts(tables[0])] == ["STT", "1.1", "1.2", "1.3"]
    assert texts(tables[0])[2][1] == "Tỷ lệ người dân có tài / khoản thanh toán / trực tuyến"


def test_two_cells_starting_anew_with_capitals_start_a_row_without_code():
    stream = [(1, line(0, *HEADER)),
              (1, line(12, (0, "2.3"), (1, "Tỷ lệ A"), (2, "10"), (3, "Sở Khoa học"))),
              (1, line(24, (0, "2.4"), (1, "Số người dân"), (2, "20"))),
              (1, line(36, (1, "Phổ cập kỹ năng số"), (3, "Sở Khoa học"))),
              (1, line(48, (1, "cho cán bộ tỉnh"))),
              (1, line(60, (1, "Phổ cập B"), (3, "Sở Y tế"))),
              (1, line(72, (1, "Phổ cập C"))),  # one cell alone: the name of the row above going on
              (1, line(84, (2, "100"))),  # the total under the sub-rows, alone on its line
              (1, line(96, (0, "3.1"), (1, "Tỷ lệ C"), (2, "10"), (3, "Sở Tư pháp")))]
    tables, _ = borderless_tables(stream)
    assert texts(tables[0])[3:] == [["", "Phổ cập kỹ năng số / cho cán bộ tỉnh", "", "Sở Khoa học"],
                                    ["", "Phổ cập B / Phổ cập C", "", "Sở Y tế"], ["", "", "100", ""],
                                    ["3.1", "Tỷ lệ C", "10", "Sở Tư pháp"]]


def test_a_repeated_header_cut_short_is_still_the_header_and_the_row_goes_on_under_it():
    header = [line(0, *HEADER), line(12, (1, "chính"), (3, "chủ trì")), line(24, (1, "đề xuất"))]
    stream = [*((1, h) for h in header),
              (1, line(36, (0, "1.1"), (1, "Tỷ lệ A"), (2, "20"), (3, "Sở Nội vụ"))),
              (1, line(48, (0, "1.2"), (1, "Tỷ lệ B của"), (2, "30"), (3, "Sở Y tế"))),
              (2, line(0, *HEADER)), (2, line(12, (1, "chính"), (3, "chủ trì"))),
              (2, line(24, (1, "đềtỉnhxuất"))),  # the header's last line overprinted by the cut row
              (2, line(36, (0, "1.3"), (1, "Tỷ lệ C"), (2, "10"), (3, "Sở Tư pháp")))]
    tables, _ = borderless_tables(stream)
    assert tables[1].continues_row is True
    assert [row[1] for row in texts(tables[1])] == ["Chỉ số / chính", "đềtỉnhxuất", "Tỷ lệ C"]


def _wide_line(top: float, *cells: tuple[int, str]) -> Line:
    """A line of a table whose first column is 60 pt wide (an annex title fits in it)."""
    shifted = [Word(w.text, w.x0 + (20 if w.x0 >= COLUMNS[1] else 0), w.x1 + (20 if w.x0 >= COLUMNS[1] else 0),
                    w.top, w.bottom) for w in line(top, *cells).words]
    return Line(shifted)


def test_the_next_tables_header_in_the_same_columns_ends_the_table_above_it():
    stream = [(1, _wide_line(0, (0, "Số TT"), (1, "Chỉ số"), (2, "Điểm"), (3, "Cơ quan"))),
              (1, _wide_line(12, (0, "1"), (1, "Tỷ lệ A"), (2, "20"), (3, "Sở Nội vụ"))),
              (1, _wide_line(24, (0, "2.10"), (1, "Tỷ lệ B"), (2, "30"), (3, "Sở Y tế"))),
              (1, _wide_line(40, (0, "PHỤ LỤC"))),  # the next annex's title
              (1, _wide_line(54, (0, "MẪU DÀNH CHO SỞ NỘI VỤ VÀ CÁC CƠ QUAN, ĐƠN VỊ KHÁC CỦA TỈNH"))),
              (1, _wide_line(68, *HEADER)),
              (1, _wide_line(80, (0, "1"), (1, "Tỷ lệ C"), (2, "10"), (3, "Sở Tư pháp")))]
    tables, kept = borderless_tables(stream)
    assert [len(texts(t)) for t in tables] == [3, 2]
    assert [l.text for _, l in kept] == ["PHỤ LỤC", "MẪU DÀNH CHO SỞ NỘI VỤ VÀ CÁC CƠ QUAN, ĐƠN VỊ KHÁC CỦA TỈNH"]


def _words(top: float, *cells: tuple[int, str]) -> list[Word]:
    return line(top, *cells).words


def _header_box(top: float, bottom: float) -> list[Ruling]:
    """The sides of a shaded header's cells (the shading rectangles)."""
    edges = [Ruling(x - 2, top, x - 2, bottom) for x in (*COLUMNS, 320)]
    return edges + [Ruling(COLUMNS[0] - 2, y, 318, y) for y in (top, bottom)]


def test_a_shaded_header_repeated_over_part_of_one_row_is_the_header_of_the_unruled_table():
    first = [*_words(40, *HEADER)]
    for n, top in enumerate(range(60, 780, 12)):
        first += _words(top, (0, f"1.{n + 1}"), (1, "Tỷ lệ"), (2, "20"), (3, "Sở Nội vụ"))
    first += _words(780, (0, "2.1"), (1, "Cách tính"), (2, "10"), (3, "Sở Y tế"))
    rest = [*_words(40, *HEADER)]
    for top in range(60, 790, 12):
        rest += _words(top, (1, "điểm theo"))
    pages = [PageInput(1, 595, 842, first, _header_box(38, 52)), PageInput(2, 595, 842, rest, _header_box(38, 52))]
    (table,) = document_from_pages("p.pdf", pages).tables()
    assert table.rows[-1].cells[0].text == "2.1"
    assert table.rows[-1].cells[1].text.startswith("Cách tính\nđiểm theo")


def _part(page: int, xs: list[float], rows: list[list[str]], ruled: bool) -> PageTable:
    cells = [GridCell((xs[c], r, xs[c + 1], r + 1), r, c, 1, 1, [text] if text else [])
             for r, row in enumerate(rows) for c, text in enumerate(row)]
    return PageTable(page, 40, 800, xs, cells, ruled)


def test_a_page_part_printing_the_tables_header_again_joins_it_whatever_its_column_edges():
    header = ["STT", "Chỉ số", "Điểm", "Cơ quan"]
    unruled = _part(1, [56, 111, 212, 283, 367], [header, ["1.1", "Tỷ lệ A", "20", "Sở Nội vụ"]], ruled=False)
    ruled = _part(2, [51, 120, 189, 258, 327], [header, ["", "của tỉnh", "", ""]], ruled=True)
    other = _part(3, [51, 100, 170, 258, 327], [["Năm", "Nhận thức", "Thể chế", "Hạ tầng"]], ruled=True)
    joined = join_continued_tables([(1, 40.0, unruled), (2, 40.0, ruled), (3, 40.0, other)])
    assert len(joined) == 2
    table = to_table(joined[0][2], [])
    assert [c.text for c in table.rows[1].cells] == ["1.1", "Tỷ lệ A\ncủa tỉnh", "20", "Sở Nội vụ"]


def test_a_ruled_header_repeated_over_the_tables_last_rows_is_the_header_of_the_unruled_table():
    first = [*_words(40, *HEADER)]
    for n, top in enumerate(range(60, 780, 12)):
        first += _words(top, (0, f"1.{n + 1}"), (1, "Tỷ lệ"), (2, "20"), (3, "Sở Nội vụ"))
    first += _words(780, (0, "2.1"), (1, "Tỷ lệ người"), (2, "10"), (3, "Sở Y tế"))
    rest = [*_words(40, *HEADER), *_words(60, (1, "dân có"), (3, "và Sở Tư pháp")),
            *_words(72, (0, "2.2"), (1, "Tỷ lệ hộ"), (2, "10"), (3, "Sở Tài chính")),
            *_words(120, (0, "Nơi nhận các sở, ban, ngành và Ủy ban nhân dân các xã, phường"))]
    pages = [PageInput(1, 595, 842, first, _header_box(38, 52)), PageInput(2, 595, 842, rest, _header_box(38, 52))]
    (table,) = document_from_pages("p.pdf", pages).tables()
    assert [c.text for c in table.rows[-2].cells] == ["2.1", "Tỷ lệ người\ndân có", "10", "Sở Y tế\nvà Sở Tư pháp"]
    assert table.rows[-1].cells[0].text == "2.2"


def test_vertical_rules_drawn_between_columns_are_its_edges_and_bound_its_wraps():
    stream = [(1, line(0, *HEADER)),
              (1, line(12, (0, "1.1"), (1, "Tỷ lệ người dân có tài khoản"), (2, "20"), (3, "Sở Nội vụ"))),
              (1, line(24, (1, "Điểm số"))),  # would have fitted in the cell: a paragraph of its own
              (1, line(36, (0, "1.2"), (1, "Tỷ lệ B"), (2, "30"), (3, "Sở Y tế")))]
    (unruled,), _ = borderless_tables(stream)
    assert texts(unruled)[1][1] == "Tỷ lệ người dân có tài khoản Điểm số"  # the gutters only bound the cell
    rules = {1: [Ruling(x, 0, x, 46) for x in (-3, 37, 197, 247, 320)]}
    (ruled,), _ = borderless_tables(stream, rules)
    assert ruled.xs == [-3, 37, 197, 247, 320]
    assert texts(ruled)[1][1] == "Tỷ lệ người dân có tài khoản / Điểm số"


def test_an_annex_title_across_the_columns_then_a_header_open_the_next_table_under_a_cut_row():
    header = (0, "Số TT"), (1, "Chỉ số"), (2, "Điểm"), (3, "Cơ quan")
    stream = [(1, _wide_line(0, *header)),
              (1, _wide_line(12, (0, "1"), (1, "Tỷ lệ A"), (2, "20"), (3, "Sở Nội vụ"))),
              (1, _wide_line(24, (0, "2"), (1, "Tỷ lệ B của"), (2, "30"), (3, "Sở Y tế"))),
              (2, _wide_line(0, *header)),
              (2, _wide_line(12, (1, "tỉnh"))),  # the rest of row 2, cut by the page break
              (2, _wide_line(28, (0, "MẪU DÀNH CHO SỞ NỘI VỤ VÀ CÁC CƠ QUAN, ĐƠN VỊ KHÁC CỦA TỈNH"))),
              (2, _wide_line(42, *HEADER)),
              (2, _wide_line(54, (0, "1"), (1, "Tỷ lệ C"), (2, "10"), (3, "Sở Tư pháp"))),
              (2, _wide_line(66, (0, "2"), (1, "Tỷ lệ D"), (2, "10"), (3, "Sở Tư pháp")))]
    tables, kept = borderless_tables(stream)
    assert [(t.page, len(texts(t))) for t in tables] == [(1, 3), (2, 2), (2, 3)]
    assert [l.text for _, l in kept] == ["MẪU DÀNH CHO SỞ NỘI VỤ VÀ CÁC CƠ QUAN, ĐƠN VỊ KHÁC CỦA TỈNH"]


def _two_level_page(number: int, rows: list[list[Word]], merged_top: float = 40) -> PageInput:
    """A page of a table whose header groups "Điểm | Ghi chú" under "Kết quả": only the
    group's cells are ruled, the header cells merged down beside them are not (printed
    at `merged_top`)."""
    words = [*_words(merged_top, (0, "STT"), (1, "Chỉ số")), *_words(40, (2, "Kết quả")),
             *_words(54, (2, "Điểm"), (3, "Ghi chú"))]
    rulings = [Ruling(COLUMNS[2] - 2, y, 318, y) for y in (38, 52, 66)]
    rulings += [Ruling(x, 38, x, 66) for x in (COLUMNS[2] - 2, 318)] + [Ruling(COLUMNS[3] - 2, 52, COLUMNS[3] - 2, 66)]
    return PageInput(number, 595, 842, words + [w for row in rows for w in row], rulings)


def test_a_ruled_header_fragment_repeated_on_a_page_without_rows_stays_with_its_table():
    rows = [_words(top, (0, f"1.{n + 1}"), (1, "Tỷ lệ"), (2, "20"), (3, "Có")) for n, top in enumerate(range(70, 760, 12))]
    rows.append(_words(772, (0, "2.1"), (1, "Tỷ lệ người"), (2, "10")))
    pages = [_two_level_page(1, rows), _two_level_page(2, [_words(70, (1, "dân có"))])]
    (table,) = document_from_pages("p.pdf", pages).tables()
    assert [c.text for c in table.rows[-1].cells][:2] == ["2.1", "Tỷ lệ người\ndân có"]


def test_a_ruled_header_fragment_beside_merged_cells_printed_level_with_its_second_row_stays_with_its_table():
    # narrow columns (a table fitted to A5) wrap the merged-down cells' text, and centred
    # it prints beside the group's second row, not its first
    rows = [_words(top, (0, f"1.{n + 1}"), (1, "Tỷ lệ"), (2, "20"), (3, "Có")) for n, top in enumerate(range(70, 760, 12))]
    rows.append(_words(772, (0, "2.1"), (1, "Tỷ lệ người"), (2, "10")))
    rest = [_words(70, (1, "dân có")), _words(84, (0, "2.2"), (1, "Tỷ lệ hộ"), (2, "10"))]
    pages = [_two_level_page(1, rows, merged_top=54), _two_level_page(2, rest, merged_top=54)]
    (table,) = document_from_pages("p.pdf", pages).tables()
    assert [c.text for c in table.rows[-2].cells][:2] == ["2.1", "Tỷ lệ người\ndân có"]
    assert table.rows[-1].cells[0].text == "2.2"


def framed_cut_row_pages(rest: list) -> list[PageInput]:
    """A page of rows ending with row 2.1 cut by the page break, then a page with the shaded
    header repeated and `rest` under it, each page's unruled table inside one outer frame."""
    frame = [Ruling(COLUMNS[0] - 2, 52, COLUMNS[0] - 2, 800), Ruling(318, 52, 318, 800), Ruling(COLUMNS[0] - 2, 800, 318, 800)]
    first = [*_words(40, *HEADER)]
    for n, top in enumerate(range(60, 760, 12)):
        first += _words(top, (0, f"1.{n + 1}"), (1, "Tỷ lệ"), (2, "20"), (3, "Sở Nội vụ"))
    first += _words(772, (0, "2.1"), (1, "Tỷ lệ người"), (2, "10"), (3, "Sở Y tế"))
    return [PageInput(1, 595, 842, first, _header_box(38, 52) + frame),
            PageInput(2, 595, 842, [*_words(40, *HEADER), *rest], _header_box(38, 52) + frame)]


def test_an_outer_frame_round_the_rest_of_a_cut_row_is_no_row_merged_over_the_width():
    pages = framed_cut_row_pages([*_words(60, (3, "và Sở Tư pháp")), *_words(72, (3, "các sở ngành"))])
    (table,) = document_from_pages("p.pdf", pages).tables()
    assert table.rows[-1].cells[0].text == "2.1"
    assert table.rows[-1].cells[3].text == "Sở Y tế\nvà Sở Tư pháp các sở ngành"


def test_a_ruled_header_at_a_page_foot_over_one_row_whose_top_crosses_its_rule_is_the_tables_header():
    # a small font in a taller line spacing (a table fitted to A5): the one row under the
    # header box at the page's foot reaches 1.4 pt above the box's foot rule
    first = [*_words(20, (0, "PHỤ LỤC I")), *_words(760, *HEADER),
             *_words(772.6, (0, "I"), (1, "Thông tin"))]
    rest = [*_words(40, *HEADER), *_words(60, (1, "chung")),
            *_words(80, (0, "1"), (1, "Tên tỉnh"), (2, "10"), (3, "Sở Nội vụ")),
            *_words(100, (0, "2"), (1, "Địa chỉ"), (2, "20"), (3, "Sở Tư pháp"))]
    pages = [PageInput(1, 595, 842, first, _header_box(758, 774)), PageInput(2, 595, 842, rest, _header_box(38, 54))]
    (table,) = document_from_pages("p.pdf", pages).tables()
    assert [c.text for c in table.rows[0].cells] == [text for _, text in HEADER]
    assert [row.cells[0].text for row in table.rows[1:]] == ["I", "1", "2"]
    assert table.rows[1].cells[1].text == "Thông tin\nchung"
