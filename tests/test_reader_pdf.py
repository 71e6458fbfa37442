"""PDF reader on small LibreOffice exports (tests/data/readers/make_fixtures.py builds them)."""
from pathlib import Path

from extract.model import Table, TextBlock
from extract.readers.pdf import read_pdf
from extract.readers.pdf_layout import Line as _Line, Word as _Word, paragraphs as _paragraphs

DATA = Path(__file__).parent / "data" / "readers"


def test_merged_cells_are_one_cell_with_spans():
    doc = read_pdf(DATA / "merged.pdf")
    assert doc.format == "pdf" and doc.pages == 1
    table = doc.tables()[0]
    assert table.spans_known
    rows = [[(c.text, c.row_span, c.col_span) for c in r.cells] for r in table.rows]
    assert rows[1] == [("I. CHÍNH QUYỀN SỐ", 1, 4)]
    assert rows[2][3] == ("Sở Khoa học và Công nghệ", 3, 1)
    assert [len(r) for r in rows] == [4, 1, 4, 3, 3]
    assert sum("Sở Khoa học" in line for line in doc.lines) == 1


def test_blocks_in_reading_order_with_provenance():
    doc = read_pdf(DATA / "merged.pdf")
    assert [type(b) for b in doc.blocks] == [TextBlock, Table, TextBlock]
    assert doc.blocks[0].text == "KẾ HOẠCH nâng cao Chỉ số chuyển đổi số"
    for row in doc.tables()[0].rows:
        assert row.prov.page == 1
        assert doc.lines[row.prov.line - 1] == row.cells[0].text.split("\n")[0]


def test_table_over_three_pages_is_joined_without_repeated_headers():
    doc = read_pdf(DATA / "three_pages.pdf")
    assert doc.pages >= 3
    tables = doc.tables()
    assert len(tables) == 1
    rows = tables[0].rows
    assert len(rows) == 31  # header + 30 rows, the header printed on every page kept once
    assert [r.cells[0].text for r in rows[1:]] == [f"{i}.1" for i in range(1, 31)]
    assert len({r.prov.page for r in rows}) >= 3


def test_page_numbers_are_not_text():
    doc = read_pdf(Path(__file__).parents[1] / "corpus" / "004_5925669e95529bd1.pdf")
    assert not any(line.strip().isdigit() and len(line) <= 2 for line in doc.lines[:5] + doc.lines[-5:])


def test_borderless_table_from_word_alignment():
    doc = read_pdf(DATA / "borderless.pdf")
    tables = doc.tables()
    assert len(tables) == 1
    assert [[c.text for c in r.cells] for r in tables[0].rows] == [
        ["STT", "Chỉ số", "Điểm", "Cơ quan"], ["1", "Nhận thức số", "50", "Sở Nội vụ"],
        ["2", "Thể chế số", "40", "Sở Tư pháp"], ["3", "Hạ tầng số", "30", "Sở Tài chính"]]
    assert doc.blocks[-1].text == "Đoạn văn sau bảng."


def _line(text: str, x0: float, top: float, width_per_char: float = 5.0) -> _Line:
    words, x = [], x0
    for token in text.split():
        words.append(_Word(token, x, x + width_per_char * len(token), top, top + 10))
        x += width_per_char * (len(token) + 1)
    return _Line(words)


def test_wrapped_lines_join_and_short_lines_stay():
    # the first line ends at the right limit and "học" would not fit: a wrap; the second
    # ends early although "Phối" would have fitted: the writer broke the line
    lines = [_line("Chủ trì: Sở Khoa", 0, 0), _line("học và KHCN", 0, 11), _line("Phối hợp: UBND", 0, 22)]
    assert _paragraphs(lines, right_limit=80) == ["Chủ trì: Sở Khoa học và KHCN", "Phối hợp: UBND"]


def test_break_after_hyphen_joins_tight():
    lines = [_line("Quyết định số 5405/QĐ-", 0, 0), _line("BKHCN ngày", 0, 11)]
    assert _paragraphs(lines, right_limit=115) == ["Quyết định số 5405/QĐ-BKHCN ngày"]


def test_text_under_a_ruled_table_to_the_page_end_is_the_row_the_break_cut():
    from extract.readers.pdf_ruled import take_cut_row as _take_cut_row
    from extract.readers.pdf_layout import GridCell, PageTable

    xs = [0.0, 50.0, 90.0]  # the row is at the page's foot, its rules not drawn
    cells = [GridCell((0, 700, 50, 720), 0, 0, 1, 1, ["STT"]), GridCell((50, 700, 90, 720), 0, 1, 1, 1, ["Chỉ số"])]
    table = PageTable(page=1, top=700, bottom=720, xs=xs, cells=cells, ruled=True)
    words = [_Word("1.1", 5, 20, 723, 733), _Word("Tỷ", 55, 65, 723, 733), _Word("lệ", 68, 78, 723, 733),
             _Word("người", 55, 80, 735, 745), _Word("7", 100, 105, 766, 776)]  # a page number 9% from the foot
    used = [False] * len(words)
    _take_cut_row(table, words, used, page_height=842)
    assert [c.lines for c in table.cells if c.row == 1] == [["1.1"], ["Tỷ lệ người"]]
    assert used == [True, True, True, True, False]


def test_body_text_under_a_ruled_table_stays_text():
    from extract.readers.pdf_ruled import take_cut_row as _take_cut_row
    from extract.readers.pdf_layout import GridCell, PageTable

    table = PageTable(page=1, top=700, bottom=720, xs=[0.0, 50.0, 200.0], ruled=True,
                      cells=[GridCell((0, 700, 50, 720), 0, 0, 1, 1, ["STT"]),
                             GridCell((50, 700, 200, 720), 0, 1, 1, 1, ["A"])])
    words = [_Word("Đoạn", 5, 40, 723, 733), _Word("văn", 43, 60, 723, 733)]  # crosses the column edge
    used = [False, False]
    _take_cut_row(table, words, used, page_height=842)
    assert len(table.cells) == 2 and used == [False, False]
    table.top, table.bottom = 0, 20  # a short paragraph well above the page's foot
    _take_cut_row(table, [_Word("Ghi", 5, 20, 23, 33)], [False], page_height=842)
    assert len(table.cells) == 2


def test_a_formula_token_wider_than_its_cell_is_joined_where_the_layout_cut_it():
    # "lệ/99%*Đi" fills the line to the limit: the layout cut the token, not a space
    lines = [_line("Tỷ", 0, 0), _line("lệ/99%*Đi", 0, 11), _line("ểm tối đa", 0, 22)]
    assert _paragraphs(lines, right_limit=46) == ["Tỷ lệ/99%*Điểm tối đa"]
    # a plain word alone on its line is not cut: "Thường" + "xuyên" keep their space
    assert _paragraphs([_line("Thường", 0, 0), _line("xuyên", 0, 11)], right_limit=32) == ["Thường xuyên"]


def test_a_merged_cell_whose_rules_the_page_break_left_undrawn_stays_in_its_column():
    from extract.readers.pdf_join import _Joined, to_table as _to_table
    from extract.readers.pdf_layout import GridCell, PageTable

    def cell(row, col, text, span=1):
        return GridCell((col, row, col + 1, row + 1), row, col, span, 1, [text] if text else [])

    xs = [0.0, 1.0, 2.0, 3.0, 4.0]
    first = PageTable(1, 0, 3, xs, [cell(0, 0, "STT"), cell(0, 1, "Chỉ số"), cell(0, 2, "Cơ quan chủ trì"),
                                    cell(0, 3, "Phối hợp"), cell(1, 0, "2.1"), cell(1, 1, "A"),
                                    cell(1, 2, "Sở KH&CN"), cell(1, 3, "Các sở")], True)
    # page 2: the lead column has no cell drawn in its first two rows
    second = PageTable(2, 0, 3, xs, [cell(0, 0, "2.2"), cell(0, 1, "B"), cell(0, 3, "Các sở"),
                                     cell(1, 0, "2.3"), cell(1, 1, "C"), cell(1, 3, "")], True)
    table = _to_table(_Joined([first, second]), [])
    row = table.rows[2].cells
    assert [c.text for c in row] == ["2.2", "B", "", "Các sở"] and row[2].may_continue_above
