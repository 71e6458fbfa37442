"""PDF tables whatever rules they draw (issue 10): small renderings of one seed's first
plan table in several rule styles and alignments (scripts/layout_matrix.py --samples),
and the pieces of the reconstruction on inputs of their own."""
import re
from pathlib import Path

import pytest

from extract.read import read_document
from extract.readers.pdf_layout import Line, Word
from extract.readers.pdf_pages import PageInput, Ruling, _drop_furniture, _Page, document_from_pages
from extract.readers.pdf_row_bands import centred_bands, centred_codes

LAYOUTS = Path(__file__).parent / "data" / "readers" / "layout"
FLOOR = 0.98  # share of the DOCX table's cells the PDF reader reads the same


def _grid(path: Path) -> list[list[str]]:
    table = max(read_document(path).tables(), key=lambda t: len(t.rows))
    return [[re.sub(r"\s+", " ", c.text).strip() for c in row.cells] for row in table.rows]


@pytest.mark.parametrize("pdf", sorted(LAYOUTS.glob("*.pdf")), ids=lambda p: p.stem)
def test_a_rendering_reads_as_the_table_it_was_printed_from(pdf):
    printed, source = _grid(pdf), _grid(pdf.with_suffix(".docx"))
    assert len(printed) == len(source)
    same = sum(a == b for p_row, s_row in zip(printed, source) for a, b in zip(p_row, s_row))
    assert same / sum(len(row) for row in source) >= FLOOR


def _line(text: str, x0: float, top: float, height: float = 10.0) -> Line:
    words, x = [], x0
    for token in text.split():
        words.append(Word(token, x, x + 6 * len(token), top, top + height))
        x += 6 * len(token) + 3
    return Line(words)


def _centred_rows():
    """Two rows, cells centred: each code has a two-line name beside it, which starts
    above the code and prints half a line off it."""
    code1, code2 = _line("1.1", 0, 20), _line("1.2", 0, 55)
    names = [_line("Tỷ lệ", 50, 13), _line("người", 50, 27), _line("Số hộ", 50, 48),
             _line("gia", 50, 55), _line("đình", 50, 62)]
    placed = [(0, code1), (1, names[0]), (1, names[1]), (1, names[2]), (0, code2), (1, names[4])]
    return placed, [code1, code2]


def test_centred_cells_are_banded_so_each_is_centred_on_its_code():
    placed, anchors = _centred_rows()
    bands, _ = centred_bands(placed, anchors)
    assert 37 < bands[1].top < 48  # between "người" (27-37) and "Số hộ" (48-58)
    assert centred_codes(placed, anchors) == 2


def test_top_aligned_cells_are_not_staggered_against_their_codes():
    code1, code2 = _line("1.1", 0, 20), _line("1.2", 0, 48)
    placed = [(0, code1), (1, _line("Tỷ lệ", 50, 20)), (1, _line("người", 50, 34)),
              (0, code2), (1, _line("Số hộ", 50, 48))]
    assert centred_codes(placed, [code1, code2]) == 0


def test_a_ruled_header_over_an_unruled_body_is_one_table():
    header = [_line("STT", 12, 102), _line("Chỉ số", 62, 102), _line("Cơ quan", 212, 102)]
    body = []
    for n, top in enumerate((125, 140, 155), start=1):
        body += [_line(f"1.{n}", 12, top), _line(f"Chỉ số thứ {n}", 62, top), _line(f"Sở số {n}", 212, top)]
    rulings = [Ruling(x, 100, x, 115) for x in (10, 60, 210, 300)] + [Ruling(10, y, 300, y) for y in (100, 115)]
    words = [w for line in header + body for w in line.words]
    doc = document_from_pages("p.pdf", [PageInput(1, 595, 842, words, rulings)])
    (table,) = doc.tables()
    assert [c.text for c in table.rows[0].cells] == ["STT", "Chỉ số", "Cơ quan"]
    assert [r.cells[0].text for r in table.rows[1:]] == ["1.1", "1.2", "1.3"]


def test_a_staggered_header_line_at_each_page_top_is_not_a_running_header():
    pages = [_Page(number=n, height=842, tables=[], lines=[
        _line("Kế hoạch số 12", 200, 20), _line("Cách xác", 300, 50), _line("định và tính", 300, 61),
        _line("1.1 Tỷ lệ", 50, 72)]) for n in (1, 2, 3)]
    _drop_furniture(pages)
    assert [line.text for line in pages[1].lines] == ["Cách xác", "định và tính", "1.1 Tỷ lệ"]


def test_a_rule_drawn_between_two_codes_is_where_the_row_starts():
    placed, anchors = _centred_rows()
    bands, _ = centred_bands(placed, anchors, rules=[44.0])
    assert bands[1].top == 44.0
