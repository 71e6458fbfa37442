"""Damaged, encrypted, image-only, zero-byte and mislabelled files: one clear message each,
and a batch over them goes on (no traceback escapes the readers)."""
from pathlib import Path

import pytest

from extract.model import ReaderError
from extract.readers.docx import read_docx
from extract.readers.html import read_html
from extract.readers.pdf import read_pdf
from tests.fuzz_inputs import load_fuzz

DATA = Path(__file__).parent / "data" / "readers"


def _blank_page_pdf() -> bytes:
    """A valid one-page PDF with nothing drawn: what a scan without OCR looks like to a reader."""
    return load_fuzz().minimal_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])


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


# ---------------------------------------------------------------- guards (issue 12)

def test_a_zip_directory_asking_for_an_unknown_zip_version_is_a_damaged_docx(tmp_path):
    """zipfile raises NotImplementedError('zip file version ...') for it: a ReaderError here."""
    import random
    fuzz = load_fuzz()
    path = tmp_path / "flipped.docx"
    path.write_bytes(fuzz.zip_version(random.Random(0), {".docx": [fuzz.minimal_docx(["Kế hoạch"], [["1", "a"]])]})[1])
    with pytest.raises(ReaderError, match="damaged DOCX"):
        read_docx(path)


def test_a_docx_that_unpacks_past_the_limit_is_refused_before_unpacking(tmp_path, monkeypatch):
    import extract.readers.docx as docx_reader
    fuzz = load_fuzz()
    path = tmp_path / "bomb.docx"
    path.write_bytes(fuzz._bomb(8 * 2**20))
    monkeypatch.setattr(docx_reader, "MAX_UNPACKED_BYTES", 4 * 2**20)
    with pytest.raises(ReaderError, match="unpacks to 8 MB, over the 4 MB limit"):
        read_docx(path)


def test_the_minimal_docx_the_fuzzer_damages_reads(tmp_path):
    fuzz = load_fuzz()
    path = tmp_path / "small.docx"
    path.write_bytes(fuzz.minimal_docx(["KẾ HOẠCH", "Chuyển đổi số"], [["STT", "Tên chỉ số"], ["1", "Tỷ lệ"]]))
    document = read_docx(path)
    assert document.lines[:2] == ["KẾ HOẠCH", "Chuyển đổi số"] and len(document.tables()) == 1


def test_a_pdf_with_more_pages_than_the_limit_is_refused_before_layout(tmp_path, monkeypatch):
    import extract.read as read
    fuzz = load_fuzz()
    path = tmp_path / "long.pdf"
    path.write_bytes(fuzz.many_pages_pdf(12))
    monkeypatch.setattr(read, "MAX_PDF_PAGES", 10)
    with pytest.raises(ReaderError, match="12 pages, over the 10 page limit"):
        read.read_document(path)


def test_a_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    import extract.read as read
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 3 * 2**20)
    monkeypatch.setattr(read, "MAX_FILE_BYTES", 2**20)
    with pytest.raises(ReaderError, match="3 MB, over the 1 MB limit"):
        read.read_document(path)


def test_an_image_only_pdf_is_one_clean_line(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(load_fuzz().image_only_pdf())
    with pytest.raises(ReaderError, match="no text layer") as info:
        read_pdf(path)
    assert "\n" not in str(info.value)


# ---------------------------------------------------------------- long text in pieces (issue 12)

ROOT = Path(__file__).resolve().parents[1]
PROSE = ("Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ triển khai nền tảng số dùng chung "
         "cho toàn tỉnh trong năm nay. Văn phòng UBND tỉnh phối hợp với Sở Tài chính bố trí kinh phí "
         "thực hiện các nhiệm vụ chuyển đổi số của tỉnh. ")


def test_text_pieces_cut_after_a_sentence_end_and_join_back():
    from extract.narrative import text_pieces
    text = PROSE * 20
    pieces = text_pieces(text, limit=500)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 500 for _, piece in pieces)
    assert all(piece.rstrip().endswith(".") for _, piece in pieces)
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)


def test_a_paragraph_longer_than_spacy_takes_is_read_in_pieces_with_the_same_result(monkeypatch):
    """A plan saved as one line: spaCy refuses a text past its max_length (E088); read in pieces,
    the paragraph gives what it gives whole."""
    import extract.narrative as narrative
    line = [PROSE * 30]
    whole = narrative.extract_assignments(line)
    nlp = narrative.default_pipeline()
    monkeypatch.setattr(nlp, "max_length", 2_000)
    monkeypatch.setattr(narrative, "PIECE_CHARS", 1_000)
    pieced = narrative.extract_assignments(line)
    assert len(whole) == 120 and pieced == whole


def test_the_shared_pipeline_reads_a_plan_as_one_built_for_its_provinces():
    """default_pipeline() holds every province's variants, built once per process; on a real
    plan it finds what the pipeline built for the provinces the plan names finds."""
    from extract.narrative import extract_assignments, provinces_named_in
    lines = (ROOT / "corpus" / "000_e240fa90282517b0.txt").read_text(encoding="utf-8").splitlines()
    named = provinces_named_in("\n".join(lines))
    assert named
    assert extract_assignments(lines) == extract_assignments(lines, provinces=named)


def test_an_output_that_breaks_its_schema_is_one_line_naming_the_field():
    from dtiplan.failures import describe_failure
    from dtiplan.pipeline import validator

    with pytest.raises(Exception) as caught:
        validator()({"schema_version": 1})
    message = describe_failure(caught.value).message
    assert message.startswith("output failed its schema: ") and "\n" not in message
