"""Build the tiny PDF fixtures of tests/test_reader_pdf.py and test_bad_files.py.

    python tests/data/readers/make_fixtures.py   (needs LibreOffice; the PDFs are committed)

Each fixture is a small DOCX written here with python-docx and exported by LibreOffice.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt

HERE = Path(__file__).parent
HEADER = ["STT", "Chỉ số", "Điểm tối đa", "Cơ quan chủ trì"]


def _page(doc, width=210, height=297) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(width), Mm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    doc.styles["Normal"].font.size = Pt(10)


def _table(doc, rows: list[list[str]], borders: bool = True, repeat_header: bool = False):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    if borders:
        table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    if repeat_header:
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    return table


def merged(path: Path) -> None:
    doc = Document()
    _page(doc)
    doc.add_paragraph("KẾ HOẠCH nâng cao Chỉ số chuyển đổi số")
    rows = [HEADER, ["I. CHÍNH QUYỀN SỐ", "", "", ""],
            ["1.1", "Tỷ lệ hồ sơ trực tuyến", "20", "Sở Khoa học và Công nghệ"],
            ["1.2", "Tỷ lệ thanh toán trực tuyến", "10", ""], ["1.3", "Tỷ lệ số hóa", "5", ""]]
    table = _table(doc, rows)
    table.cell(1, 0).merge(table.cell(1, 3)).text = "I. CHÍNH QUYỀN SỐ"
    table.cell(2, 3).merge(table.cell(4, 3)).text = "Sở Khoa học và Công nghệ"
    doc.add_paragraph("Nơi nhận: như trên")
    doc.save(path)


def three_pages(path: Path) -> None:
    doc = Document()
    _page(doc, 105, 148)  # A6: thirty rows run over three pages
    doc.add_paragraph("PHỤ LỤC")
    rows = [HEADER] + [[f"{i}.1", f"Chỉ số thành phần số {i}", str(i), "Sở Nội vụ"] for i in range(1, 31)]
    _table(doc, rows, repeat_header=True)
    doc.save(path)


def borderless(path: Path) -> None:
    doc = Document()
    _page(doc)
    doc.add_paragraph("Bảng không kẻ khung")
    rows = [["STT", "Chỉ số", "Điểm", "Cơ quan"], ["1", "Nhận thức số", "50", "Sở Nội vụ"],
            ["2", "Thể chế số", "40", "Sở Tư pháp"], ["3", "Hạ tầng số", "30", "Sở Tài chính"]]
    _table(doc, rows, borders=False)
    doc.add_paragraph("Đoạn văn sau bảng.")
    doc.save(path)


ENCRYPT = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
           '"DocumentOpenPassword":{"type":"string","value":"secret"}}')


def main() -> None:
    soffice = shutil.which("soffice")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for build in (merged, three_pages, borderless):
            build(tmp / f"{build.__name__}.docx")
            subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(HERE),
                            str(tmp / f"{build.__name__}.docx")], check=True, capture_output=True)
        shutil.copy(tmp / "merged.docx", tmp / "encrypted.docx")
        subprocess.run([soffice, "--headless", "--convert-to", ENCRYPT, "--outdir", str(HERE),
                        str(tmp / "encrypted.docx")], check=True, capture_output=True)


if __name__ == "__main__":
    main()
