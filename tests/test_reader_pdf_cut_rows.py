"""Rows without a code in tables with centred cells where the page break cuts a row
(issue 10, `extract.readers.pdf_row_bands.uncoded_anchors`), on small inputs of their own:
lines 10 pt tall, a cell's lines 12 pt apart, columns given by number."""
from extract.readers.pdf_layout import Line
from extract.readers.pdf_row_bands import Band, merge_spanning, ruled_anchors, uncoded_anchors
from extract.readers.pdf_stream_rows import Columns, _coded_rows
from tests.test_reader_pdf_layouts import _line


def _cell(column: int, tops: list[float], first: str = "Sở Nội vụ") -> list[tuple[int, object]]:
    """One cell's lines in a column: its first line's text, then lines going on with it."""
    return [(column, _line(first if i == 0 else "và phối hợp", 100 * column, top)) for i, top in enumerate(tops)]


def _page_ending_with_a_cut_row(lead_lines: int):
    """A coded row (code 2.3 centred on a three-line name), then a row without a code at the
    page's bottom: name of four lines, a lead of `lead_lines` lines, a deadline of one, all
    starting on one line (48)."""
    code = _line("2.3", 0, 12)
    placed = [(0, code)] + _cell(1, [0, 12, 24], "Tỷ lệ")
    placed += _cell(1, [48, 60, 72, 84], "Phổ cập") + _cell(2, [48 + 12 * i for i in range(lead_lines)])
    placed += _cell(3, [48], "Thường xuyên")
    return sorted(placed, key=lambda cp: cp[1].top), code


def test_a_row_the_break_cut_starts_where_its_cells_start_level():
    # cut by the break, the row prints its cells from its top: level starts, uneven ends
    placed, code = _page_ending_with_a_cut_row(lead_lines=2)
    assert [a.top for a in uncoded_anchors(placed, [code])] == [48]


def test_one_line_cells_starting_level_at_the_page_bottom_start_a_row():
    # the name column runs its cells together; three one-line cells at the bottom, level
    placed, code = _page_ending_with_a_cut_row(lead_lines=1)
    placed = [(c, line) for c, line in placed if c != 1 or line.top < 48] + _cell(1, [36], "và phối hợp")
    placed += _cell(4, [48], "Hằng năm")
    assert [a.top for a in uncoded_anchors(sorted(placed, key=lambda cp: cp[1].top), [code])] == [48]


def test_the_rest_of_a_cut_row_level_at_the_page_top_starts_no_row():
    # a page going on with a row: its three cells' rest prints level with the table's top
    code = _line("3.2", 0, 60)
    placed = _cell(1, [0, 12], "và phối hợp") + _cell(2, [0], "và phối hợp") + _cell(3, [0], "và phối hợp")
    placed += [(0, code)] + _cell(1, [60], "Tỷ lệ") + _cell(2, [60], "Sở Nội vụ")
    assert uncoded_anchors(sorted(placed, key=lambda cp: cp[1].top), [code]) == []


def test_a_coded_row_cut_by_the_break_needs_no_anchor():
    placed, code = _page_ending_with_a_cut_row(lead_lines=2)
    cut_code = _line("2.4", 0, 48)
    assert uncoded_anchors(sorted(placed + [(0, cut_code)], key=lambda cp: cp[1].top), [code, cut_code]) == []


def _page_going_on_with_a_cut_row(first: str):
    """A page whose first row is the rest of one the break cut: a tall name from the page's
    top (0 .. 106) and three short cells centred on it (53), then the coded row 3.2."""
    code = _line("3.2", 0, 130)
    placed = _cell(1, [12 * i for i in range(9)], "được xác định")
    placed += _cell(2, [42, 54], first) + _cell(3, [48], first) + _cell(4, [42, 54], first)
    placed += [(0, code)] + [cp for c in (1, 2, 3, 4) for cp in _cell(c, [130], "Các sở")]
    return sorted(placed, key=lambda cp: cp[1].top), code


def test_short_cells_going_on_from_the_page_before_mark_no_row():
    # the first texts of their columns on the page, one in lower case: the cut row's rest
    placed, code = _page_going_on_with_a_cut_row("xã, phường")
    assert uncoded_anchors(placed, [code]) == []


def test_short_cells_starting_anew_under_a_cut_row_mark_a_row():
    placed, code = _page_going_on_with_a_cut_row("Sở Nội vụ")
    assert [(a.top + a.bottom) / 2 for a in uncoded_anchors(placed, [code])] == [53]


def _printed(top: float, *cells: tuple[int, str]) -> tuple[int, Line]:
    """A printed line on page 2: cell texts by column (columns 0, 40, 200, 260 pt)."""
    words = [w for column, text in cells for w in _line(text, (0, 42, 202, 262)[column], top).words]
    return (2, Line(words))


def test_a_number_printed_above_its_code_is_the_code_rows():
    # cells ending in empty paragraphs print their text above the row's middle: the points
    # and the agency of row 6.3 print on its first line, 28 pt above its code (the page
    # before ended with row 6.2's points)
    stream = [_printed(0, (1, "theo quy định")),
              _printed(14, (1, "Tỷ lệ số"), (2, "20"), (3, "Sở KH&CN")),
              _printed(28, (1, "dữ liệu")), _printed(42, (0, "6.3"), (1, "quốc gia")), _printed(56, (1, "tại Tỉnh")),
              _printed(84, (0, "6.4"), (1, "Tỷ lệ dịch vụ"), (2, "20"), (3, "Sở Nội vụ"))]
    columns = Columns([0.0, 40, 200, 260, 400], [38.0, 198, 258, 400], 5.0, {2}, True)
    printed = {2: _line("10", 202, 700)}
    rows = _coded_rows(stream, list(range(len(stream))), set(), columns, printed, True, True)[0]
    texts = [[" ".join(p.text for p in cell) for cell in row.cells] for row in rows]
    assert texts == [["", "theo quy định", "", ""],
                     ["6.3", "Tỷ lệ số dữ liệu quốc gia tại Tỉnh", "20", "Sở KH&CN"],
                     ["6.4", "Tỷ lệ dịch vụ", "20", "Sở Nội vụ"]]


def test_a_merged_cell_starts_below_the_text_above_and_under_its_group_heading():
    # indicator rows 3.1 .. 3.4 under heading rows 3 and 4, lines 10 pt tall; an agency
    # cell merged over 3.1 .. 3.4 is centred on their joint extent (20 .. 134, 77), but as
    # well on 3.2 .. 3.3 (50 .. 102, 76) and on 3 .. 4 (0 .. 160, 80)
    rows = [("3", [0]), ("3.1", [20, 32]), ("3.2", [50, 62]), ("3.3", [80, 92]), ("3.4", [110, 124]),
            ("4", [150]), ("4.1", [170])]
    codes = [_line(code, 0, (tops[0] + tops[-1] + 10) / 2 - 5) for code, tops in rows]
    bands = [Band(tops[0] - 4, next_tops[0] - 4, code)
             for (_, tops), (_, next_tops), code in zip(rows, rows[1:] + [("", [200])], codes)]
    cells = {(r, 0): [code] for r, code in enumerate(codes, start=1)}
    cells |= {(r, 1): [_line("Tỷ lệ", 50, top) for top in tops] for r, (_, tops) in enumerate(rows, start=1)}
    merged, below = _line("Sở KH&CN", 150, 71), _line("Sở Nội vụ", 150, 170)
    cells |= {(4, 2): [merged], (7, 2): [below]}
    merge_spanning(cells, bands, 10.0)
    assert cells[(2, 2)] == [merged] and (4, 2) not in cells and cells[(7, 2)] == [below]


def test_rules_drawn_between_rows_mark_a_row_without_a_code():
    # rules across the table at 0, 30, 60, 90, 120: row 2.4 with its code, a sub-row of
    # two cells, a space where one column's text goes on, a sub-row of three cells
    code = _line("2.4", 0, 10)
    placed = [(0, code), (1, _line("Số lượng", 50, 10))]
    placed += [(1, _line("Phổ cập", 50, 34)), (1, _line("cho cán bộ", 50, 46)), (2, _line("Sở Nội vụ", 150, 40))]
    placed += [(1, _line("cấp xã", 50, 70))]
    placed += [(c, _line("Sở KH&CN", 100 * c, 100)) for c in (1, 2, 3)]
    rules = [0.0, 30, 60, 90, 120]
    assert [(a.top + a.bottom) / 2 for a in ruled_anchors(placed, [code], rules, False)] == [45, 105]
    # the page's first space is the rest of a row the break cut
    rest = [(c, line) for c, line in placed if line.top > 30]
    assert [(a.top + a.bottom) / 2 for a in ruled_anchors(rest, [], rules[1:], True)] == [105]
