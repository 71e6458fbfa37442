"""A table without vertical rules whose cells are centred and whose rows are parted by
horizontal rules drawn per cell (a CSS border-bottom, a Word table style): its first rows
print one or two cell texts a line, and the finder (extract.readers.pdf_stream) must still
take them and the header in, up to the rule-less gap under the title."""
from extract.readers.pdf_layout import Line, Ruling, Word
from extract.readers.pdf_stream import borderless_tables
from tests.test_reader_pdf_stream import body, texts

EDGES = (0, 50, 130, 190, 250)  # STT | name | points | agency: no cell half the table's width


def line(top: float, *cells: tuple[int, str]) -> Line:
    """A printed line: (column index, text) pieces, 5 pt a character, 3 pt a space, 10 pt high."""
    words = []
    for column, text in cells:
        x = EDGES[column] + 2
        for token in text.split():
            words.append(Word(token, x, x + 5 * len(token), top, top + 10))
            x += 5 * len(token) + 3
    return Line(words)


def rule_pieces(y: float) -> list[Ruling]:
    """A rule under a row, drawn as one segment per cell."""
    return [Ruling(x0, y, x1, y) for x0, x1 in zip(EDGES, EDGES[1:])]


STREAM = [(1, body(-30, "PHỤ LỤC")),
          (1, line(0, (1, "Chỉ số"), (3, "Cơ quan"))),  # a centred header, staggered
          (1, line(6, (0, "STT"), (2, "Điểm"))),
          (1, line(12, (1, "thành phần"), (3, "chủ trì"))),
          (1, line(30, (0, "1"), (1, "Nhận thức số"))),
          (1, line(48, (2, "Điểm tối"))),                 # a tall formula cell, the others centred on it
          (1, line(60, (2, "đa khi có"))),
          (1, line(66, (0, "1.1"), (1, "Tỷ lệ A"))),
          (1, line(72, (2, "ban chỉ"), (3, "Sở Nội vụ"))),
          (1, line(84, (2, "đạo"))),
          (1, line(102, (0, "1.2"), (1, "Tỷ lệ B"), (2, "20"), (3, "Sở Nội vụ"))),
          (1, line(132, (0, "1.3"), (1, "Tỷ lệ C"), (2, "30"), (3, "Sở Tài chính")))]
RULES = {1: [r for y in (26, 44, 98, 126) for r in rule_pieces(y)]}


def test_rules_between_rows_take_a_centred_tables_first_rows_and_header_in():
    tables, kept = borderless_tables(STREAM, RULES)
    assert len(tables) == 1 and [l.text for _, l in kept] == ["PHỤ LỤC"]
    rows = texts(tables[0])
    assert [r[0] for r in rows[1:]] == ["1", "1.1", "1.2", "1.3"]
    assert "STT" in rows[0][0] and rows[2][3] == "Sở Nội vụ"


def test_without_the_rules_the_first_rows_stay_text():
    # the evidence is the rule: the same lines unruled start the table at the first line of four cells
    tables, kept = borderless_tables(STREAM, {})
    assert "1.1 Tỷ lệ A" in [l.text for _, l in kept]


def test_a_table_starting_at_a_page_foot_is_found_from_the_rule_closing_the_pages_last_row():
    # page 1 ends with the header and two centred rows (no line of three cell texts), the
    # rule under the last one drawn at the page foot; page 2 goes on without a header
    page_one = [(1, body(-30, "PHỤ LỤC")), *STREAM[1:10]]
    page_two = [(2, line(0, (0, "1.2"), (1, "Tỷ lệ B"), (2, "20"), (3, "Sở Nội vụ"))),
                (2, line(30, (0, "1.3"), (1, "Tỷ lệ C"), (2, "30"), (3, "Sở Tài chính")))]
    rules = {1: [r for y in (26, 44, 98) for r in rule_pieces(y)], 2: rule_pieces(24)}
    tables, kept = borderless_tables(page_one + page_two, rules)
    assert [l.text for _, l in kept] == ["PHỤ LỤC"]
    assert [r[0] for part in tables for r in texts(part)][1:] == ["1", "1.1", "1.2", "1.3"]
    assert [part.page for part in tables] == [1, 2]


def test_a_rule_drawn_in_pieces_one_per_cell_parts_the_rows_it_runs_between():
    # top-aligned: the line under the rule would otherwise go on with row 1.1's cells
    stream = [(1, line(0, (0, "STT"), (1, "Chỉ số"), (2, "Điểm"), (3, "Cơ quan"))),
              (1, line(12, (0, "1.1"), (1, "Tỷ lệ A"), (2, "20"), (3, "Sở Nội vụ"))),
              (1, line(24, (1, "cấp xã"), (3, "Sở Y tế"))),
              (1, line(36, (0, "1.2"), (1, "Tỷ lệ B"), (2, "30"), (3, "Sở Tài chính")))]
    unruled = texts(borderless_tables(stream, {})[0][0])
    ruled = texts(borderless_tables(stream, {1: rule_pieces(23.5)})[0][0])
    assert [r[0] for r in unruled] == ["STT", "1.1", "1.2"] and "Sở Y tế" in unruled[1][3]
    assert ruled[1:3] == [["1.1", "Tỷ lệ A", "20", "Sở Nội vụ"], ["", "cấp xã", "", "Sở Y tế"]]
