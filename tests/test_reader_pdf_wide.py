"""Tables in pages and fonts the readers were not developed on (issue 10, `--setups wide`)."""
from extract.model import TextBlock
from extract.readers.pdf_pages import PageInput, Ruling, Word, document_from_pages


def _grid(xs, ys):
    return ([Ruling(x, ys[0], x, ys[-1]) for x in xs] + [Ruling(xs[0], y, xs[-1], y) for y in ys])


def _body(doc):
    return [b.text for b in doc.blocks if isinstance(b, TextBlock)]


def _cells(doc):
    (table,) = doc.tables()
    return [[c.text for c in row.cells] for row in table.rows]


def test_a_grid_cut_by_the_page_edge_keeps_the_words_past_the_edge_in_its_last_column():
    # a table wider than an A5 page: its last column starts at 250, the page cuts it at 300
    # (the border is drawn on the edge) and the column's words run on to 360
    words = [Word("STT", 55, 75, 105, 115), Word("Chỉ", 105, 120, 105, 115), Word("Phân", 255, 285, 105, 115),
             Word("công", 290, 320, 105, 115),
             Word("1.1", 55, 70, 125, 135), Word("Tỷ", 105, 115, 125, 135), Word("Sở", 255, 270, 125, 135),
             Word("Nội", 274, 296, 125, 135), Word("vụ", 302, 318, 125, 135), Word("tỉnh", 322, 360, 125, 135)]
    page = PageInput(number=1, width=300, height=420, words=words,
                     rulings=_grid([50, 100, 250, 300], [100, 120, 140]))
    doc = document_from_pages("a5.pdf", [page])
    assert _cells(doc) == [["STT", "Chỉ", "Phân công"], ["1.1", "Tỷ", "Sở Nội vụ tỉnh"]]
    assert not _body(doc)


def test_a_grid_inside_the_page_leaves_the_text_beside_it_out():
    words = [Word("STT", 55, 75, 105, 115), Word("Chỉ", 105, 120, 105, 115), Word("Phân", 255, 285, 105, 115),
             Word("1.1", 55, 70, 125, 135), Word("Tỷ", 105, 115, 125, 135), Word("Sở", 255, 270, 125, 135),
             Word("Ghi", 330, 350, 125, 135)]
    page = PageInput(number=1, width=420, height=595, words=words,
                     rulings=_grid([50, 100, 250, 300], [100, 120, 140]))
    doc = document_from_pages("a4.pdf", [page])
    assert _cells(doc) == [["STT", "Chỉ", "Phân"], ["1.1", "Tỷ", "Sở"]]
    assert _body(doc) == ["Ghi"]


def _row(top, *cells):
    return [Word(text, x, x + 6 * len(text), top, top + 10) for x, text in cells]


def _spaced_rows(rulings, step=45, second="1.2"):
    """A header and rows 1.1, `second`, 1.3 set `step` pt apart (10 pt lines: cell padding
    and paragraph spacing are set in points, under a small font), `rulings` drawn."""
    words = (_row(100, (55, "STT"), (105, "Tên chỉ số"), (205, "Điểm"), (305, "Chủ trì"))
             + _row(115, (55, "1.1"), (105, "Tỷ lệ A"), (205, "10"), (305, "Sở Y tế"))
             + _row(115 + step, (55, second), (105, "Tỷ lệ B"), (205, "20"), (305, "Sở Nội vụ"))
             + _row(115 + 2 * step, (55, "1.3"), (105, "Tỷ lệ C"), (205, "30"), (305, "Sở Tài chính")))
    page = PageInput(number=1, width=595, height=842, words=words, rulings=rulings)
    return document_from_pages("spaced.pdf", [page])


def test_vertical_rules_through_a_wide_gap_keep_the_rows_in_one_table():
    rules = [Ruling(x, 97, x, 218) for x in (50, 100, 200, 300, 400)]
    assert [row[0] for row in _cells(_spaced_rows(rules, second="Kế"))] == ["STT", "1.1", "Kế", "1.3"]


def test_a_row_starting_with_its_code_is_read_across_a_gap_of_four_lines():
    assert [row[0] for row in _cells(_spaced_rows([], step=50))] == ["STT", "1.1", "1.2", "1.3"]


def test_without_rules_a_gap_of_six_lines_or_an_uncoded_row_past_the_usual_gap_ends_the_table():
    for doc in (_spaced_rows([], step=70), _spaced_rows([], second="Kế")):
        assert all(len(table.rows) <= 2 for table in doc.tables())


def test_a_horizontal_rule_between_rows_set_wide_apart_keeps_them_in_one_table():
    # the rule lies just under the lower row's box top (a box reaches above its letters)
    rules = [Ruling(50, y, 400, y) for y in (97, 112, 161, 206, 218)]
    assert [row[0] for row in _cells(_spaced_rows(rules, second="Kế"))] == ["STT", "1.1", "Kế", "1.3"]


def test_a_ruled_header_over_an_empty_ruled_row_is_read_with_the_rows_under_it():
    # a page repeats the shaded (ruled) header; the row the break cut left only its paragraph
    # spacing here (a tall empty ruled row), then the rows go on under horizontal rules
    header = [Ruling(x, 57, x, 70) for x in (50, 100, 200, 300, 400)] + [Ruling(50, y, 400, y) for y in (57, 70)]
    words = (_row(58, (55, "STT"), (105, "Tên chỉ số"), (205, "Điểm"), (305, "Chủ trì"))
             + _row(110, (55, "1.1"), (105, "Tỷ lệ A"), (205, "10"), (305, "Sở Y tế"))
             + _row(126, (55, "1.2"), (105, "Tỷ lệ B"), (205, "20"), (305, "Sở Nội vụ")))
    rules = header + [Ruling(50, y, 400, y) for y in (111, 125, 140)]
    doc = document_from_pages("header.pdf", [PageInput(number=1, width=595, height=842, words=words, rulings=rules)])
    assert [row[0] for row in _cells(doc)] == ["STT", "1.1", "1.2"]


def test_a_tables_closing_rule_does_not_join_the_next_lines_far_below():
    # rows 1.1 and 1.2 ruled; the closing rule under 1.2, then six lines below, lines that
    # happen to print in the same columns (the next table's rows, without a header)
    words = (_row(100, (55, "STT"), (105, "Tên chỉ số"), (205, "Điểm"), (305, "Chủ trì"))
             + _row(115, (55, "1.1"), (105, "Tỷ lệ A"), (205, "10"), (305, "Sở Y tế"))
             + _row(130, (55, "1.2"), (105, "Tỷ lệ B"), (205, "20"), (305, "Sở Nội vụ"))
             + _row(200, (55, "2.1"), (105, "Tỷ lệ C"), (205, "30"), (305, "Sở Tài chính"))
             + _row(215, (55, "2.2"), (105, "Tỷ lệ D"), (205, "40"), (305, "Sở Xây dựng")))
    rules = [Ruling(50, y, 400, y) for y in (97, 113, 128, 143, 213, 228)]
    page = PageInput(number=1, width=595, height=842, words=words, rulings=rules)
    first = document_from_pages("two.pdf", [page]).tables()[0]
    assert [row.cells[0].text for row in first.rows] == ["STT", "1.1", "1.2"]


def test_a_centred_row_whose_first_line_prints_its_tallest_cell_only_is_read_across_a_wide_gap():
    # row 1.2's name wraps to three lines, centred on the code line: its first line prints
    # alone, four lines below row 1.1
    words = (_row(100, (55, "STT"), (105, "Tên chỉ số"), (205, "Điểm"), (305, "Chủ trì"))
             + _row(115, (55, "1.1"), (105, "Tỷ lệ A"), (205, "10"), (305, "Sở Y tế"))
             + _row(165, (105, "Tỷ lệ B của"))
             + _row(177, (55, "1.2"), (105, "các hộ gia"), (205, "20"), (305, "Sở Nội vụ"))
             + _row(189, (105, "đình")))
    doc = document_from_pages("centred.pdf", [PageInput(number=1, width=595, height=842, words=words)])
    assert [row[0] for row in _cells(doc)] == ["STT", "1.1", "1.2"]


def test_the_title_line_right_above_a_ruled_header_box_is_not_a_row_of_the_table():
    # the annex title's last line ends in one column, a line's spacing above the header's
    # ruled box (its top rule lies in the gap between them); the body is unruled
    box = [Ruling(x, 97, x, 112) for x in (50, 100, 200, 300, 400)] + [Ruling(50, y, 400, y) for y in (97, 112)]
    words = (_row(82, (105, "tỉnh)"))
             + _row(100, (55, "STT"), (105, "Tên chỉ số"), (205, "Điểm"), (305, "Chủ trì"))
             + _row(116, (55, "1.1"), (105, "Tỷ lệ A"), (205, "10"), (305, "Sở Y tế"))
             + _row(131, (55, "1.2"), (105, "Tỷ lệ B"), (205, "20"), (305, "Sở Nội vụ")))
    doc = document_from_pages("titled.pdf", [PageInput(number=1, width=595, height=842, words=words, rulings=box)])
    assert _cells(doc)[0] == ["STT", "Tên chỉ số", "Điểm", "Chủ trì"]
    assert _body(doc) == ["tỉnh)"]



def test_a_rule_between_rows_with_a_browsers_border_joins_is_no_box_top():
    # Chromium draws a rule per cell between rows and a point-tall stub where two borders
    # join: the stubs are no box's sides, so the rule is a row boundary, not a box's top
    from types import SimpleNamespace

    from extract.readers.pdf_stream import _box_top

    stream = [(1, SimpleNamespace(top=100, bottom=110)), (1, SimpleNamespace(top=116, bottom=126))]
    across = [Ruling(50, 112, 400, 112)]
    stubs = [Ruling(x, 112, x, 113) for x in (50, 100, 200, 300, 400)]
    sides = [Ruling(x, 112, x, 140) for x in (50, 100, 200, 300, 400)]
    assert _box_top(stream, 0, 1, {1: across + sides}, (50, 400))
    assert not _box_top(stream, 0, 1, {1: across + stubs}, (50, 400))
