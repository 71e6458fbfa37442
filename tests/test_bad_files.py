"""Damaged, encrypted, image-only, zero-byte and mislabelled files: one clear message each,
and a batch over them goes on (no traceback escapes the readers)."""
from pathlib import Path

import pytest

from extract.model import ReaderError
from extract.readers.docx import read_docx
from extract.readers.html import read_html
from extract.readers.pdf import read_pdf

DATA = Path(__file__).parent / "data" / "readers"


def _blank_page_pdf() -> bytes:
    """A valid one-page PDF with nothing drawn: what a scan without OCR looks like to a reader."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


CASES = [
    ("empty.pdf", b"", read_pdf, "empty"),
    ("empty.docx", b"", read_docx, "empty"),
    ("empty.html", b"", read_html, "empty"),
    ("image_only.pdf", _blank_page_pdf(), read_pdf, "no text layer"),
    ("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catal", read_pdf, "damaged PDF"),
    ("text.pdf", "Kế hoạch số 1".encode(), read_pdf, "not a PDF"),
    ("pdf.docx", b"%PDF-1.4\n", read_docx, "not a DOCX"),
    ("zip.docx", b"PK\x05\x06" + b"\0" * 18, read_docx, "damaged DOCX|without word/document.xml"),
    ("binary.html", b"\x00\x01\x02\xff" * 50, read_html, "not an HTML"),
]


@pytest.mark.parametrize("name,content,reader,message", CASES, ids=[c[0] for c in CASES])
def test_bad_file_gives_one_line_error(tmp_path, name, content, reader, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReaderError, match=message) as info:
        reader(path)
    assert "\n" not in str(info.value)


def test_encrypted_pdf():
    with pytest.raises(ReaderError, match="encrypted"):
        read_pdf(DATA / "encrypted.pdf")


def test_batch_goes_on_past_bad_files(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.7 broken")
    good = DATA / "merged.pdf"
    results = []
    for path in [tmp_path / "a.pdf", tmp_path / "b.pdf", good]:
        try:
            results.append(read_pdf(path).format)
        except ReaderError as err:
            results.append(f"error: {err}")
    assert results[0].startswith("error") and results[1].startswith("error") and results[2] == "pdf"
