"""A header printed on two rows (a parent merged over child columns) read as one header."""
from docx import Document as NewDocx

from extract.header_rows import one_header_row
from extract.model import Cell, Document, Provenance, Table, TableRow, TextBlock
from extract.readers.docx import read_docx
from extract.readers.html import read_html
from extract.tables import classify

HEADER = ["STT", "Chỉ số thành phần", "Điểm tối đa"]
BODY = [["1", "Hạ tầng số", "100", "Sở Khoa học và Công nghệ", "Các sở, ban, ngành"],
        ["1.1", "Tỷ lệ phủ sóng", "20", "Sở Khoa học và Công nghệ", "Các doanh nghiệp viễn thông"],
        ["1.2", "Tỷ lệ hộ có cáp quang", "20", "Sở Công Thương", "Các sở, ban, ngành"]]


def _docx_two_level(tmp_path):
    """A tiny Word table: three headers merged down over two rows, "Đơn vị thực hiện"
    merged across "Chủ trì | Phối hợp"."""
    doc = NewDocx()
    table = doc.add_table(rows=2 + len(BODY), cols=5)
    for c, text in enumerate(HEADER):
        table.cell(0, c).merge(table.cell(1, c)).paragraphs[0].add_run(text)
    table.cell(0, 3).merge(table.cell(0, 4)).paragraphs[0].add_run("Đơn vị thực hiện")
    table.cell(1, 3).paragraphs[0].add_run("Chủ trì")
    table.cell(1, 4).paragraphs[0].add_run("Phối hợp")
    for r, row in enumerate(BODY, 2):
        for c, text in enumerate(row):
            table.cell(r, c).paragraphs[0].add_run(text)
    path = tmp_path / "two_level.docx"
    doc.save(path)
    return path


def _roles(document: Document) -> list[tuple[str, str | None]]:
    (table,) = classify(document)
    return [(c.header, c.role) for c in table.columns]


def test_docx_two_level_header_is_one_row(tmp_path):
    document = read_docx(_docx_two_level(tmp_path))
    assert _roles(document) == [("STT", "code"), ("Chỉ số thành phần", "name"), ("Điểm tối đa", "max_points"),
                                ("Chủ trì", "lead"), ("Đơn vị thực hiện Phối hợp", "support")]
    (table,) = classify(document)
    assert [c.text for c in table.table.rows[1].cells][:2] == ["1", "Hạ tầng số"]


def test_html_two_level_header_joins_parent_and_child(tmp_path):
    body = "".join("<tr>" + "".join(f"<td>{t}</td>" for t in row) + "</tr>" for row in BODY)
    page = ("<html><body><table><tr><td rowspan='2'>STT</td><td rowspan='2'>Chỉ số thành phần</td>"
            "<td rowspan='2'>Điểm tối đa</td><td colspan='2'>Kết quả</td></tr>"
            "<tr><td>Điểm tự chấm</td><td>Ghi chú</td></tr>" + body.replace("Sở ", "") + "</table></body></html>")
    path = tmp_path / "two_level.html"
    path.write_text(page, encoding="utf-8")
    headers = [h for h, _ in _roles(read_html(path))]
    assert headers[3:] == ["Kết quả Điểm tự chấm", "Kết quả Ghi chú"]


def _unmarked(rows: list[list[str]]) -> Table:
    prov = Provenance(1)
    return Table([TableRow([Cell(t, prov) for t in row], prov) for row in rows], prov,
                 spans_known=False, merges_unmarked=True)


def test_unmarked_two_level_header_fills_the_blank_under_the_parent():
    table = one_header_row(_unmarked([HEADER + ["Đơn vị", ""], ["", "", "", "Chủ trì", "Phối hợp"]] + BODY))
    assert [c.text for c in table.rows[0].cells] == HEADER + ["Đơn vị Chủ trì", "Đơn vị Phối hợp"]
    assert [c.text for c in table.rows[1].cells] == BODY[0]


def test_one_row_header_and_body_rows_stay():
    """A first body row with blanks is no child row: it prints a code."""
    rows = [HEADER + ["Chủ trì", "Phối hợp"], ["1", "", "", "", ""]] + BODY
    assert one_header_row(_unmarked(rows)).rows[1].cells[0].text == "1"
    plain = one_header_row(_unmarked([HEADER + ["Ghi chú", ""], ["", "", "", "10", ""]] + BODY))
    assert len(plain.rows) == 2 + len(BODY)


def _grid_cell(row, col, text, row_span=1, col_span=1):
    """A ruled PDF table's cell at (row, col), its text one line (none when empty)."""
    from extract.readers.pdf_layout import GridCell
    return GridCell((col, row, col + col_span, row + row_span), row, col, row_span, col_span, [text] if text else [])


def _two_level_page(page, name, body):
    """A ruled page part: "STT | name" merged down beside "Đơn vị" over "Chủ trì | Phối
    hợp", then the body rows (lists of four texts)."""
    from extract.readers.pdf_layout import PageTable
    cells = [_grid_cell(0, 0, "STT", 2), _grid_cell(0, 1, name, 2), _grid_cell(0, 2, "Đơn vị", 1, 2),
             _grid_cell(1, 2, "Chủ trì"), _grid_cell(1, 3, "Phối hợp")]
    cells += [_grid_cell(r, c, text) for r, row in enumerate(body, 2) for c, text in enumerate(row)]
    return PageTable(page, 0, 2 + len(body), [0.0, 1.0, 2.0, 3.0, 4.0], cells, True)


def test_a_two_level_header_repeated_cut_short_on_the_next_page_is_dropped():
    """Page 2 repeats both header rows, the merged-down cells cut to their first line."""
    from extract.readers.pdf_join import _Joined, to_table

    first = _two_level_page(1, "Chỉ số thành phần đề xuất", [["1.1", "A", "Sở Y tế", "Các sở"]])
    second = _two_level_page(2, "Chỉ số thành phần", [["1.2", "B", "Sở Y tế", "Các sở"]])
    table = one_header_row(to_table(_Joined([first, second]), []))
    assert [c.text for c in table.rows[0].cells] == ["STT", "Chỉ số thành phần đề xuất", "Đơn vị Chủ trì", "Đơn vị Phối hợp"]
    assert [r.cells[0].text for r in table.rows[1:]] == ["1.1", "1.2"]


def test_a_ruled_parent_and_children_over_an_unruled_table_are_read_with_it():
    """Only the grouped part of a header is ruled ("Kết quả" over "Tự chấm | Ghi chú"); the
    header cells merged down beside it and the body print without rules."""
    from extract.readers.pdf_pages import PageInput, Ruling, Word, document_from_pages

    def line(top, *cells):
        return [Word(text, x, x + 8 * len(text), top, top + 10) for x, text in cells]

    words = (line(102, (50, "STT"), (100, "Chỉ"), (260, "Điểm"), (345, "Kết"), (370, "quả"))
             + line(117, (345, "Tự"), (365, "chấm"), (435, "Ghi"), (460, "chú")))
    for n, top in enumerate((135, 150, 165, 180), 1):
        words += line(top, (50, f"1.{n}"), (100, "Tỷ"), (120, "lệ"), (260, "10"), (345, "8"), (435, "Đạt"))
    rulings = ([Ruling(335, y, 525, y) for y in (100, 115, 130)]
               + [Ruling(x, 100, x, 130) for x in (335, 525)] + [Ruling(425, 115, 425, 130)])
    doc = document_from_pages("header.pdf", [PageInput(1, 595, 842, words, rulings)])
    (table,) = doc.tables()
    texts = [[c.text for c in row.cells] for row in table.rows]
    assert [row[0] for row in texts[-4:]] == ["1.1", "1.2", "1.3", "1.4"]
    assert any("Kết quả" in cell for row in texts[:2] for cell in row)


def test_a_centred_header_whose_first_line_prints_one_right_hand_cell_keeps_that_line():
    """Centred header cells: the tallest one ("Cơ quan phối hợp") starts a line above the
    others, alone at the right, set tight over them; STT prints a line lower still. A note
    after the table, read as a column first and then dropped, must not narrow the gutters."""
    from extract.readers.pdf_layout import Line, Word
    from extract.readers.pdf_stream import borderless_tables

    xs = (0, 40, 200, 250)

    def line(top, *cells):
        words = []
        for column, text in cells:
            x = xs[column]
            for token in text.split():
                words.append(Word(token, x, x + 5 * len(token), top, top + 10))
                x += 5 * len(token) + 3
        return Line(words)

    stream = [(1, line(0, (3, "Cơ quan"))), (1, line(11, (1, "Chỉ số thành"), (2, "Điểm"), (3, "phối hợp"))),
              (1, line(17, (0, "STT"))), (1, line(23, (1, "phần"), (2, "tối đa")))]
    stream += [(1, line(40 + 12 * n, (0, f"1.{n}"), (1, "Tỷ lệ"), (2, "10"), (3, "Sở Nội vụ"))) for n in range(1, 5)]
    stream.append((1, line(100, (0, "Ghi chú"))))  # a note under the first column, text after the table
    tables, kept = borderless_tables(stream, {})
    assert len(tables) == 1 and [l.text for _, l in kept] == ["Ghi chú"]
    assert "Cơ quan" in " ".join(" ".join(c.lines) for c in tables[0].cells)


def _scores_table(names: list[str], points: list[str]) -> list:
    prov = Provenance(1)
    rows = [["STT", "Chỉ số thành phần", "Điểm tối đa"]] + [[f"1.{n}", name, p] for n, (name, p) in
                                                            enumerate(zip(names, points), 1)]
    return [TextBlock("BẢNG ĐIỂM", prov),
            Table([TableRow([Cell(t, prov) for t in row], prov) for row in rows], prov, merges_unmarked=True)]


def test_a_table_printed_twice_is_one_even_where_its_names_were_read_apart():
    """The second copy's names were cut differently (a centred layout); codes and numbers agree."""
    first = _scores_table(["Tỷ lệ phủ sóng", "Tỷ lệ hộ có cáp quang", "Số thuê bao"], ["20", "20", "10"])
    copy = _scores_table(["Tỷ lệ phủ", "sóng Tỷ lệ hộ có cáp quang", "Số thuê bao"], ["20", "20", "10"])
    other = _scores_table(["Tỷ lệ phủ sóng", "Tỷ lệ hộ có cáp quang", "Số thuê bao"], ["30", "20", "10"])
    assert len(classify(Document("a.pdf", "pdf", first + copy))) == 1
    assert len(classify(Document("a.pdf", "pdf", first + other))) == 2


def test_a_scanned_table_printed_twice_is_one_where_ocr_misread_a_number_and_a_title_accent():
    points = [str(10 + n) for n in range(12)]
    names = [f"Chỉ số {n}" for n in range(12)]
    first = _scores_table(names, points)
    copy = _scores_table(names, points[:5] + ["638"] + points[6:])
    copy[0] = TextBlock("BẢNG ĐIÊM", Provenance(1))  # a diacritic read differently
    assert len(classify(Document("a.pdf", "pdf", first + copy))) == 1
    twice_misread = _scores_table(names, points[:5] + ["638", "1"] + points[7:])
    assert len(classify(Document("a.pdf", "pdf", first + twice_misread))) == 2  # 10 of 12 rows: another table


def test_a_parent_over_a_single_child_joins_it():
    """"Chi tiết" over "Điểm thẩm định" alone (a heading over one sub-heading, or a group
    whose other columns the page's edge cut off): still one header row, not a body row."""
    prov = Provenance(1)

    def row(*cells):
        return TableRow([Cell(text, prov, row_span=rows) for text, rows in cells], prov)

    table = Table([row(("STT", 2), ("Chỉ số thành phần", 2), ("Điểm tối đa", 2), ("Chi tiết", 1)),
                   row(("Điểm thẩm định", 1)),
                   row(("1.1", 1), ("Tỷ lệ phủ sóng", 1), ("20", 1), ("15", 1))], prov, spans_known=True)
    joined = one_header_row(table)
    assert [c.text for c in joined.rows[0].cells] == ["STT", "Chỉ số thành phần", "Điểm tối đa",
                                                      "Chi tiết Điểm thẩm định"]
    assert [c.text for c in joined.rows[1].cells][:2] == ["1.1", "Tỷ lệ phủ sóng"]


def test_the_rest_of_a_cut_short_repeated_header_printed_over_the_next_row_is_taken_out():
    """Page 2 repeats the two-level header only as tall as its rows: "phần đề" of the
    merged-down "Chỉ số thành phần đề xuất" prints in the row under the repeat (the rest of
    row 1.1, cut by the page break), where it would be read as a row of its own."""
    from extract.readers.pdf_join import _Joined, to_table

    first = _two_level_page(1, "Chỉ số thành phần đề xuất", [["1.1", "Tỷ lệ A", "Sở Y tế", "Các sở"]])
    second = _two_level_page(2, "Chỉ số thành", [["", "phần đề", "", ""], ["1.2", "Tỷ lệ B", "Sở Y tế", "Các sở"]])
    rows = [[c.text for c in row.cells] for row in to_table(_Joined([first, second]), []).rows]
    assert rows[2:] == [["1.1", "Tỷ lệ A", "Sở Y tế", "Các sở"], ["1.2", "Tỷ lệ B", "Sở Y tế", "Các sở"]]
