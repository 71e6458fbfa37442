"""The seam: pages of words with boxes and ruling segments, as OCR would give them."""
from extract.readers.pdf_pages import PageInput, Ruling, Word, document_from_pages


def _grid(xs, ys):
    return ([Ruling(x, ys[0], x, ys[-1]) for x in xs] + [Ruling(xs[0], y, xs[-1], y) for y in ys])


def test_words_and_rulings_without_a_pdf_make_a_table_and_text():
    words = [Word("Kế", 50, 62, 40, 50), Word("hoạch", 65, 95, 40, 50),
             Word("STT", 55, 75, 105, 115), Word("Chỉ", 105, 120, 105, 115), Word("số", 123, 135, 105, 115),
             Word("1.1", 55, 70, 125, 135), Word("Tỷ", 105, 115, 125, 135), Word("lệ", 118, 128, 125, 135)]
    page = PageInput(number=1, width=595, height=842, words=words, rulings=_grid([50, 100, 300], [100, 120, 140]))
    doc = document_from_pages("scan.pdf", [page], warnings=[("ocr", "read by OCR", None)])
    (table,) = doc.tables()
    assert [[c.text for c in row.cells] for row in table.rows] == [["STT", "Chỉ số"], ["1.1", "Tỷ lệ"]]
    assert doc.lines[0] == "Kế hoạch" and doc.pages == 1
    assert doc.warnings == [("ocr", "read by OCR", None)]
