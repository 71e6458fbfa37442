"""Tables without rules whose cells are centred vertically (issue 10): the row bands
around the row codes (`extract.readers.pdf_row_bands`) on small inputs of their own."""
from extract.readers.pdf_layout import Line
from extract.readers.pdf_pages import PageInput, Ruling, document_from_pages
from extract.readers.pdf_row_bands import Band, centred_bands, centred_codes, merge_spanning, uncoded_anchors
from extract.readers.pdf_stream_rows import Columns, _wraps
from tests.test_reader_pdf_layouts import _line


def _column(tops: list[float], x0: float = 50) -> list[Line]:
    """One cell's lines: a capital first line, then lines going on with it."""
    return [_line("Tỷ lệ" if i == 0 else "người dân", x0, top) for i, top in enumerate(tops)]


def _evenly_spaced():
    """A name column printing lines 14 pt apart with no gap between cells: the rest of a
    row cut by the page break, cells of 4, 4 and 4 lines each centred on its code, and a
    last row cut by the next break (printed from its top)."""
    cells = [_column(tops) for tops in ([-28, -14], [0, 14, 28, 42], [56, 70, 84, 98], [112, 126, 140, 154], [168, 182])]
    codes = [_line(code, 0, top) for code, top in (("1.1", 21), ("1.2", 77), ("1.3", 133), ("1.4", 168))]
    placed = sorted([(1, line) for cell in cells for line in cell] + [(0, code) for code in codes],
                    key=lambda cp: cp[1].top)
    wraps = [pair for cell in cells for pair in zip(cell, cell[1:])]
    return placed, codes, wraps


def test_evenly_spaced_centred_cells_are_not_parted_where_a_line_wraps():
    placed, codes, wraps = _evenly_spaced()
    # centring alone is satisfied by rows shifted a line (one takes a line at both ends)
    assert [b.top for b in centred_bands(placed, codes)[0]] != [-0.5, 55.5, 111.5, 167.5]
    assert [b.top for b in centred_bands(placed, codes, wraps=wraps)[0]] == [-0.5, 55.5, 111.5, 167.5]


def test_text_above_the_last_code_of_a_page_stays_out_of_its_row():
    # a header's lines over the one row of a page: the row (printed from its top, cut by
    # the break) is not centred, and the header above it is not part of it
    header = [_line("STT", 0, 0), _line("Chỉ số", 50, 0), _line("thành phần", 50, 12)]
    code = _line("1", 0, 30)
    placed = [(0, header[0]), (1, header[1]), (1, header[2]), (0, code), (1, _line("Nhận thức số", 50, 30))]
    (band,), _ = centred_bands(placed, [code])
    assert 22 < band.top <= 30


def test_a_code_level_with_a_wrapped_line_is_centred():
    # a tall name centred on the code: the line beside the code goes on with the one above
    name = _column([0, 14, 28])
    code = _line("1.1", 0, 14)
    placed = [(1, name[0]), (0, code), (1, name[1]), (1, name[2])]
    assert centred_codes(placed, [code], wraps=list(zip(name, name[1:]))) == 1
    assert centred_codes(placed, [code]) == 0  # level and not going on: as top-aligned cells print


def test_a_merged_cell_centred_on_three_rows_goes_into_the_first():
    # rows of 2, 2 and 4 name lines (12 pt apart) centred on their codes; an agency cell
    # merged over the three is centred on their joint extent (0 .. 106), in 2.2's band
    # but off its code
    names = [_column([0, 12]), _column([30, 42]), _column([60, 72, 84, 96])]
    codes = [_line("2.1", 0, 6), _line("2.2", 0, 36), _line("2.3", 0, 78)]
    bands = [Band(-0.5, 29.5, codes[0]), Band(29.5, 59.5, codes[1]), Band(59.5, float("inf"), codes[2])]
    merged = _line("Sở KH&CN", 150, 48)
    cells = {(r, 0): [codes[r - 1]] for r in (1, 2, 3)} | {(r, 1): names[r - 1] for r in (1, 2, 3)} | {(2, 2): [merged]}
    merge_spanning(cells, bands, 10.0)
    assert cells[(1, 2)] == [merged] and (2, 2) not in cells
    assert cells[(3, 1)] == names[2]  # cells centred on their codes stay


def test_only_a_lower_case_start_goes_on_with_the_line_above():
    # four columns 80 pt apart, each a full line ("Tỷ lệ người", 60 pt: no next word fits
    # before 62 pt) over a line starting in lower case, with a capital, a list dash or a number
    starts = ["dân số", "Số hộ", "- Có", "6.36"]
    columns = Columns([80.0 * c for c in range(5)], [80.0 * c + 62 for c in range(4)], 5.0, set(), True)
    placed = [(c, _line("Tỷ lệ người", 80 * c, 0)) for c in range(4)]
    placed += [(c, _line(text, 80 * c, 12)) for c, text in enumerate(starts)]
    assert [(a.text, b.text) for a, b in _wraps(placed, columns)] == [("Tỷ lệ người", "dân số")]


def test_a_ruled_header_repeated_over_a_page_without_row_codes_joins_the_table():
    # a ruled header over an unruled body on two pages; the second page holds only the
    # rest of the last row (a tall row the page break cut), so no row code shows under
    # its header: the header is still the repeat, not a table of its own
    def page(number: int, header_top: float, body: list[Line]) -> PageInput:
        header = [_line("STT", 12, header_top + 2), _line("Chỉ số", 62, header_top + 2), _line("Cơ quan", 212, header_top + 2)]
        rulings = [Ruling(x, header_top, x, header_top + 15) for x in (10, 60, 210, 300)]
        rulings += [Ruling(10, y, 300, y) for y in (header_top, header_top + 15)]
        return PageInput(number, 595, 842, [w for line in header + body for w in line.words], rulings)

    first = [_line("1.1", 12, 125), _line("Chỉ số thứ nhất", 62, 125), _line("Sở số một", 212, 125),
             _line("1.2", 12, 140), _line("Chỉ số thứ hai", 62, 140), _line("Sở số hai", 212, 140)]
    rest = [_line("còn tiếp", 62, 92), _line("và phối hợp", 212, 92)]
    doc = document_from_pages("p.pdf", [page(1, 100, first), page(2, 70, rest)])
    (table,) = doc.tables()
    assert [r.cells[0].text for r in table.rows] == ["STT", "1.1", "1.2"]
    assert table.rows[2].cells[1].text.replace("\n", " ") == "Chỉ số thứ hai còn tiếp"


def test_a_merged_cell_cut_by_the_page_break_goes_on_in_the_cut_row():
    # the page starts with the rest of a cut row (0 .. 22), then rows 3.2 and 3.3; the rest
    # of an agency cell merged over the three is centred on this page's share (0 .. 106)
    rest = _column([0, 12])
    names = [_column([30, 42]), _column([60, 72, 84, 96])]
    codes = [_line("3.2", 0, 36), _line("3.3", 0, 78)]
    bands = [Band(29.5, 59.5, codes[0]), Band(59.5, float("inf"), codes[1])]
    merged = _line("viễn thông", 150, 48)

    def cells():
        return {(0, 1): list(rest), (1, 0): [codes[0]], (2, 0): [codes[1]], (1, 1): names[0], (2, 1): names[1],
                (1, 2): [merged]}

    after_break = cells()
    merge_spanning(after_break, bands, 10.0, cut_row=True)
    assert after_break[(0, 2)] == [merged] and (1, 2) not in after_break
    under_header = cells()  # row 0 is the header: nothing merges into it
    merge_spanning(under_header, bands, 10.0)
    assert under_header[(1, 2)] == [merged]


def test_two_merged_cells_one_under_the_other_stay_apart():
    # four rows of two name lines (30 pt apart); an agency cell merged over rows 1-2 and
    # another over rows 3-4: both together are centred on rows 1-4 as well
    names = [_column([30 * r, 30 * r + 12]) for r in range(4)]
    codes = [_line(f"4.{r + 1}", 0, 30 * r + 6) for r in range(4)]
    bands = [Band(30 * r - 0.5, 30 * r + 29.5, codes[r]) for r in range(4)]
    upper, lower = _line("Sở Nội vụ", 150, 21), _line("Sở KH&CN", 150, 81)
    cells = {(r + 1, 0): [codes[r]] for r in range(4)} | {(r + 1, 1): names[r] for r in range(4)}
    cells |= {(1, 2): [upper], (3, 2): [lower]}
    merge_spanning(cells, bands, 10.0)
    assert cells[(1, 2)] == [upper] and cells[(3, 2)] == [lower]


def _sub_rows(short_columns: int):
    """A code's row and two rows without a code under it, cells centred, lines 14 pt apart:
    the name column runs its cells together (rows centred on 5, 54 and 103), the short
    columns print only the sub-rows' cells, parted by gaps (two lines, then one)."""
    code = _line("2.4", 0, 0)
    names = _column([-14, 0, 14]) + _column([28, 42, 56, 70]) + _column([84, 98, 112])
    short = [(column, _line("Sở Nội vụ", 100 * column, top)) for column in range(2, 2 + short_columns)
             for top in (42, 56, 98)]
    return [(0, code)] + [(1, name) for name in names] + short, code


def test_short_cells_centred_on_one_height_mark_a_row_without_a_code():
    placed, code = _sub_rows(3)
    assert [(a.top + a.bottom) / 2 for a in uncoded_anchors(placed, [code])] == [54, 103]


def test_two_short_cells_on_one_height_mark_no_row():
    # lead and support agencies merged over the same coded rows are centred together too
    placed, code = _sub_rows(2)
    assert uncoded_anchors(placed, [code]) == []


def test_a_block_touching_the_page_share_of_the_table_marks_no_row():
    # the short cells' last blocks are centred on one height (103), one of them ends with
    # the table on this page: it may go on over the break (staggered, not level: cells
    # starting level at the page's bottom start a row, `_cut_last_row`)
    placed, code = _sub_rows(3)
    placed = [(column, line) for column, line in placed if (column != 1 or line.top < 98) and (column, line.top) != (3, 98)]
    placed += [(3, _line("Sở Nội vụ", 300, top)) for top in (92, 104)]
    assert [(a.top + a.bottom) / 2 for a in uncoded_anchors(placed, [code])] == [54]
