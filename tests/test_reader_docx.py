"""DOCX reader: document order, merged cells as spans, text boxes, legacy fonts, bad files."""
from pathlib import Path

import pytest
from docx import Document as NewDocx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extract.model import ReaderError, Table, TextBlock
from extract.readers.docx import read_docx


def _plan_docx(path: Path) -> Path:
    doc = NewDocx()
    doc.add_paragraph("KẾ HOẠCH nâng cao chỉ số DTI")
    table = doc.add_table(rows=4, cols=4)
    for i, text in enumerate(["STT", "Chỉ số", "Điểm", "Cơ quan chủ trì"]):
        table.cell(0, i).text = text
    for r, (code, name, pts) in enumerate([("1.1", "Tỷ lệ A", "20"), ("1.2", "Tỷ lệ B", "10"),
                                           ("1.3", "Tỷ lệ C", "5")], start=1):
        table.cell(r, 0).text, table.cell(r, 1).text, table.cell(r, 2).text = code, name, pts
    agency = table.cell(1, 3).merge(table.cell(3, 3))  # one agency for three rows
    agency.text = "Sở Khoa học và Công nghệ"
    doc.add_paragraph("Nơi nhận: như trên")
    doc.save(path)
    return path


def test_order_and_vertical_merge(tmp_path):
    doc = read_docx(_plan_docx(tmp_path / "plan.docx"))
    kinds = [type(b) for b in doc.blocks]
    assert kinds == [TextBlock, Table, TextBlock]
    table = doc.tables()[0]
    assert table.spans_known
    assert [len(r.cells) for r in table.rows] == [4, 4, 3, 3]
    agency = table.rows[1].cells[3]
    assert agency.text == "Sở Khoa học và Công nghệ" and agency.row_span == 3
    # the agency text is printed once in the reader's lines
    assert sum("Sở Khoa học" in line for line in doc.lines) == 1
    assert doc.lines[agency.prov.line - 1] == "Sở Khoa học và Công nghệ"
    assert doc.lines[table.rows[2].prov.line - 1] == "1.2"


def test_horizontal_merge_is_one_cell(tmp_path):
    doc = NewDocx()
    table = doc.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "I. CHÍNH QUYỀN SỐ"
    for i in range(3):
        table.cell(1, i).text = str(i)
    doc.save(tmp_path / "h.docx")
    rows = read_docx(tmp_path / "h.docx").tables()[0].rows
    assert len(rows[0].cells) == 1 and rows[0].cells[0].col_span == 3
    assert [c.text for c in rows[1].cells] == ["0", "1", "2"]


def test_text_box_paragraphs_are_read(tmp_path):
    doc = NewDocx()
    p = doc.add_paragraph("Thân văn bản")
    box = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
        '<w:p><w:r><w:t>ỦY BAN NHÂN DÂN TỈNH X</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>Số: 12/KH-UBND</w:t></w:r></w:p>'
        '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    p._p.append(box)
    doc.save(tmp_path / "box.docx")
    read = read_docx(tmp_path / "box.docx")
    assert read.lines == ["ỦY BAN NHÂN DÂN TỈNH X", "Số: 12/KH-UBND", "Thân văn bản"]


def test_tcvn3_font_runs_converted(tmp_path):
    doc = NewDocx()
    run = doc.add_paragraph().add_run("Së Khoa häc vµ C«ng nghÖ")
    run.font.name = ".VnTime"
    head = doc.add_paragraph().add_run("kÕ ho¹ch")
    head.font.name = ".VnTimeH"
    doc.save(tmp_path / "tcvn3.docx")
    assert read_docx(tmp_path / "tcvn3.docx").lines == ["Sở Khoa học và Công nghệ", "KẾ HOẠCH"]


def test_nested_table_text_stays_in_its_cell(tmp_path):
    doc = NewDocx()
    outer = doc.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "1"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "a = số hệ thống"
    inner.cell(0, 1).text = "b = tổng số"
    doc.save(tmp_path / "nested.docx")
    row = read_docx(tmp_path / "nested.docx").tables()[0].rows[0]
    assert len(row.cells) == 2 and "a = số hệ thống\nb = tổng số" in row.cells[1].text


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "encrypted"),
    (b"PK\x03\x04garbage", "damaged"),
    (b"%PDF-1.4 not a docx", "not a DOCX"),
])
def test_bad_files_give_one_line_errors(tmp_path, content, message):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(ReaderError, match=message):
        read_docx(path)
