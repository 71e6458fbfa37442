"""Scanned pages: a small ruled plan table rasterised at test time (grey, tilted, JPEG)
read back by OCR as an image-only PDF and as a PNG; the OCR checks on small tables of
their own; the one-line message when Tesseract is missing."""
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from rapidfuzz.distance import Levenshtein

from dtiplan.pipeline import process
from extract.headers import column_role
from extract.model import Cell, Document, Provenance, ReaderError, Table, TableRow
from extract.read import read_document, sniff_format
from extract.readers.pdf import read_pdf
from extract.readers.scan_checks import (check_ocr, fix_case, fix_signs, fix_code_sequence, fix_number_columns,
                                         fix_roman_headings)
from extract.readers.pdf_join import _is_header_again
from extract.readers.scan_image import clean_page, rotate, skew_angle
from extract.readers.scan_ocr import ocr_factor, parse_tsv
from extract.readers.pdf_pages import PageInput
from extract.readers.pdf_layout import Word

DATA = Path(__file__).parent / "data" / "readers"


def _has_tesseract() -> bool:
    if not shutil.which("tesseract"):
        return False
    return "vie" in subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()


needs_tesseract = pytest.mark.skipif(not _has_tesseract(), reason="tesseract-ocr and tesseract-ocr-vie not installed")


def _scanned_page(dpi: int = 200, angle: float = 0.6) -> Image.Image:
    """tests/data/readers/merged.pdf as a scanner returns it: grey, tilted, JPEG."""
    document = pdfium.PdfDocument(str(DATA / "merged.pdf"))
    page = document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    document.close()
    buffer = io.BytesIO()
    page.rotate(angle, resample=Image.BICUBIC, fillcolor=255).save(buffer, "JPEG", quality=70)
    buffer.seek(0)
    return Image.open(buffer)


def _table_rows(doc) -> list[list[str]]:
    return [[c.text.replace("\n", " ") for c in row.cells] for row in doc.tables()[0].rows]


@pytest.fixture(scope="module")
def scan_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scan") / "plan.pdf"
    _scanned_page().save(path, "PDF", resolution=200.0)
    return path


@needs_tesseract
def test_image_only_pdf_reads_as_its_text_layer_does(scan_pdf):
    """Codes, points (the lone "5" comes from the second pass), the agency merged over
    three rows and the text above the table: the same as the text-layer PDF gives."""
    doc, printed = read_pdf(scan_pdf), read_pdf(DATA / "merged.pdf")
    cells = [[(c.text.replace("\n", " "), c.row_span, c.col_span) for c in r.cells] for r in doc.tables()[0].rows]
    truth = [[(c.text.replace("\n", " "), c.row_span, c.col_span) for c in r.cells] for r in printed.tables()[0].rows]
    assert [[span for _, *span in row] for row in cells] == [[span for _, *span in row] for row in truth]
    assert [r[0][0] for r in cells[2:]] == ["1.1", "1.2", "1.3"] and [r[2][0] for r in cells[2:]] == ["20", "10", "5"]
    texts = [(a[0], b[0]) for row, true_row in zip(cells, truth) for a, b in zip(row, true_row)]
    assert sum(Levenshtein.distance(a, b) for a, b in texts) <= 3  # a diacritic or two may be misread
    assert doc.format == "pdf" and doc.blocks[0].text == "KẾ HOẠCH nâng cao Chỉ số chuyển đổi số"


@needs_tesseract
def test_mixed_pdf_reads_text_pages_as_text_and_image_pages_by_ocr(scan_pdf, tmp_path):
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(str(DATA / "merged.pdf")))
    mixed.import_pages(pdfium.PdfDocument(str(scan_pdf)))
    mixed.save(tmp_path / "mixed.pdf")
    doc = read_pdf(tmp_path / "mixed.pdf")
    tables = doc.tables()
    assert [t.prov.page for t in tables] == [1, 2]
    assert [[r.cells[0].text for r in t.rows[2:]] for t in tables] == [["1.1", "1.2", "1.3"]] * 2
    ocr_warnings = {w[2].page for w in doc.warnings if w[0].startswith("ocr-")}
    assert ocr_warnings <= {2}  # only the scanned page can carry OCR warnings


@needs_tesseract
def test_png_page_through_the_pipeline(tmp_path):
    png = tmp_path / "page.png"
    _scanned_page(dpi=150, angle=-0.8).save(png, dpi=(150, 150))
    assert sniff_format(png.read_bytes()[:16]) == "image"
    result = process(png)
    assert result["source"]["format"] == "image"
    rows = {r["code"]: r for t in result["tables"] for r in t["rows"]}
    assert {code: rows[code]["max_points"] for code in ("1.1", "1.2", "1.3")} == {"1.1": 20, "1.2": 10, "1.3": 5}
    assert rows["1.2"]["lead_canonical"] == ["Sở Khoa học và Công nghệ"]


def test_missing_tesseract_is_one_line_naming_the_packages(scan_pdf, monkeypatch, tmp_path):
    monkeypatch.setenv("DTIPLAN_TESSERACT", str(tmp_path / "no-tesseract-here"))
    with pytest.raises(ReaderError) as info:
        read_document(scan_pdf)
    message = str(info.value)
    assert "\n" not in message and "tesseract-ocr-vie" in message and "not found" in message


def test_mixed_pdf_without_tesseract_reads_its_text_pages(scan_pdf, monkeypatch, tmp_path):
    """A typed plan with a scanned page, Tesseract missing: the text page's table is read,
    the image page gets one warning naming it and the packages, and the file does not fail."""
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(str(DATA / "merged.pdf")))
    mixed.import_pages(pdfium.PdfDocument(str(scan_pdf)))
    mixed.save(tmp_path / "mixed.pdf")
    monkeypatch.setenv("DTIPLAN_TESSERACT", str(tmp_path / "no-tesseract-here"))
    result = process(tmp_path / "mixed.pdf")
    points = {r["code"]: r["max_points"] for t in result["tables"] for r in t["rows"] if r["code"][:1].isdigit()}
    assert points == {"1.1": 20, "1.2": 10, "1.3": 5}
    unread = [w for w in result["warnings"] if w["code"] == "ocr-unavailable"]
    assert len(unread) == 1 and "page(s) 2 " in unread[0]["message"] and "tesseract-ocr-vie" in unread[0]["message"]
    assert result["source"]["pages"] == 2


def test_missing_tesseract_batch_goes_on(scan_pdf, tmp_path):
    """The CLI prints one line for the scan and still writes the text document."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(scan_pdf, folder / "scan.pdf")
    shutil.copy(Path(__file__).parent.parent / "corpus" / "004_5925669e95529bd1.txt", folder / "plan.txt")
    env = {**os.environ, "DTIPLAN_TESSERACT": str(tmp_path / "missing")}
    done = subprocess.run([sys.executable, "-c", "from dtiplan.cli import main; main()", "run", str(folder),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, env=env)
    errors = [line for line in done.stderr.splitlines() + done.stdout.splitlines() if "scan.pdf" in line]
    assert done.returncode == 1 and len(errors) == 1 and "tesseract-ocr" in errors[0]
    assert "Traceback" not in done.stderr
    assert (tmp_path / "out" / "plan.txt.json").exists()


def test_damaged_image_is_one_line(tmp_path):
    path = tmp_path / "page.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    with pytest.raises(ReaderError, match="damaged image") as info:
        read_document(path)
    assert "\n" not in str(info.value)


@needs_tesseract
def test_a_scan_without_words_is_one_line(tmp_path):
    # a blank page (or a photo): OCR reads nothing, which is an error, not an empty plan
    path = tmp_path / "blank.png"
    Image.new("L", (850, 1100), 255).save(path, dpi=(100, 100))
    with pytest.raises(ReaderError, match="OCR found no words") as info:
        read_document(path)
    assert "\n" not in str(info.value)


def test_rules_and_skew_found_on_a_drawn_grid():
    """A 3x3 grid drawn at 200 dpi, tilted by 0.8 degrees: the tilt is measured and the
    straightened grid gives four horizontal and four vertical rules."""
    image = np.full((1000, 800), 255, np.uint8)
    for i in range(4):
        cv2.line(image, (100, 100 + 200 * i), (700, 100 + 200 * i), 0, 2)
        cv2.line(image, (100 + 200 * i, 100), (100 + 200 * i, 700), 0, 2)
    cv2.putText(image, "1.1 Ty le", (120, 180), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    tilted = rotate(image, -0.8)
    assert skew_angle(tilted, 200) == pytest.approx(0.8, abs=0.15)
    page = clean_page(tilted, 200)
    flat = [b for b in page.rulings if b.x1 - b.x0 > b.bottom - b.top]
    assert len(flat) == 4 and len(page.rulings) == 8
    assert (page.text_image[140:190, 120:300] < 128).any()  # the text stays
    assert (page.text_image[290:310, 400] > 200).all()  # the rule is gone from it


def _table(columns: list[list[str]]) -> tuple[Document, Table]:
    rows = [TableRow(cells=[Cell(text=col[i], prov=Provenance(line=i + 1, page=1)) for col in columns],
                     prov=Provenance(line=i + 1, page=1)) for i in range(len(columns[0]))]
    table = Table(rows=rows, prov=Provenance(line=1, page=1), spans_known=True)
    return Document(path="x", format="pdf", blocks=[table], lines=[r.cells[0].text for r in rows]), table


def test_letters_for_digits_fixed_only_in_a_column_of_numbers_with_a_warning():
    doc, table = _table([["I", "1.1", "1.l", "1.2", "1.3", "II", "2.1"], ["x", "20", "2O", "10", "15", "B2B", "5"],
                         ["a", "b", "2O", "c", "d", "e", "f"]])
    fix_number_columns(table, doc)
    assert [r.cells[0].text for r in table.rows] == ["I", "1.1", "1.1", "1.2", "1.3", "II", "2.1"]  # "I" kept
    assert [r.cells[1].text for r in table.rows] == ["x", "20", "20", "10", "15", "B2B", "5"]  # no B2B -> 828
    assert table.rows[2].cells[2].text == "2O"  # a column of words is not touched
    assert doc.lines[2] == "1.1"  # the reader's text line follows the cell
    assert [w[0] for w in doc.warnings] == ["ocr-digit-fixed", "ocr-digit-fixed"]


def test_lost_dot_of_an_outline_code_put_back():
    doc, table = _table([["1", "1.1", "1.2", "2", "21", "2.2", "3", "31", "3.2", "4", "45"]])
    fix_code_sequence([r.cells[0] for r in table.rows], doc)
    assert [r.cells[0].text for r in table.rows] == ["1", "1.1", "1.2", "2", "2.1", "2.2", "3", "3.1", "3.2", "4",
                                                     "45"]  # "45" after "4" fits no outline place: kept
    assert [w[0] for w in doc.warnings] == ["ocr-code-fixed", "ocr-code-fixed"]
    points, column = _table([["20", "2", "21", "50", "10"]])  # not an outline: left alone
    fix_code_sequence([r.cells[0] for r in column.rows], points)
    assert [r.cells[0].text for r in column.rows] == ["20", "2", "21", "50", "10"]


def test_a_code_its_neighbours_leave_one_place_for_is_read_as_that_code():
    """'21' between pillar 7 and 7.2 is 7.1 (one digit and the dot misread); '25' there,
    two digits from 71, and '21' with nothing below it are kept."""
    doc, table = _table([["6.21", "7", "21", "7.2", "7.3", "7.4"]])
    fix_code_sequence([r.cells[0] for r in table.rows], doc)
    assert [r.cells[0].text for r in table.rows] == ["6.21", "7", "7.1", "7.2", "7.3", "7.4"]
    assert [w[0] for w in doc.warnings] == ["ocr-code-fixed"]
    doc, table = _table([["6.21", "7", "25", "7.2", "7.3", "7.4"]])
    fix_code_sequence([r.cells[0] for r in table.rows], doc)
    assert table.rows[2].cells[0].text == "25"
    doc, table = _table([["6.1", "6.2", "6.3", "7", "21"]])
    fix_code_sequence([r.cells[0] for r in table.rows], doc)
    assert table.rows[4].cells[0].text == "21"


def test_lost_dot_put_back_in_a_list_of_chosen_codes():
    """An appraisal lists only some indicators (7.3 then 7.5): '75' between 7.3 and 7.6 and
    '712' after 7.11 get their dot; '85' between 7.6 and 7.9 fits nowhere and is kept."""
    doc, table = _table([["7.1", "7.2", "7.3", "75", "7.6", "85", "7.9", "7.11", "712"]])
    fix_code_sequence([r.cells[0] for r in table.rows], doc)
    assert [r.cells[0].text for r in table.rows] == ["7.1", "7.2", "7.3", "7.5", "7.6", "85", "7.9", "7.11", "7.12"]
    assert [w[0] for w in doc.warnings] == ["ocr-code-fixed"] * 2 + ["ocr-code-unexpected"]  # 85


def test_a_list_of_chosen_codes_with_several_dots_lost_is_still_an_outline():
    """Under pillar 7 four codes of eleven lost their dot (one also a digit): the dotted ones
    still rise, so the list is an outline and each gets its place back."""
    doc, table = _table([["7", "21", "7.2", "73", "7.5", "7.6", "7.7", "79", "7.10", "7.11", "712"]])
    fix_code_sequence([r.cells[0] for r in table.rows], doc)
    assert [r.cells[0].text for r in table.rows] == ["7", "7.1", "7.2", "7.3", "7.5", "7.6", "7.7", "7.9", "7.10",
                                                     "7.11", "7.12"]
    values, table = _table([["2.5", "10", "1.5", "30", "2.0", "25", "0.5"]])  # decimals that do not rise
    fix_code_sequence([r.cells[0] for r in table.rows], values)
    assert [r.cells[0].text for r in table.rows] == ["2.5", "10", "1.5", "30", "2.0", "25", "0.5"]


def test_codes_out_of_place_are_warned_about():
    """A second '1.1', and '3.2' between 1.8 and 2.1 in a list of chosen codes are suspect
    (not 2.1 after it); codes numbered again under a section heading are not, nor codes a
    list skips (1.3, 1.8)."""
    doc, table = _table([["1", "1.1", "1.2", "1.1", "2", "2.1", "II", "1", "1.1", "1.2"]])
    fix_code_sequence([r.cells[0] for r in table.rows], doc)
    assert [w[1].split("'")[1] for w in doc.warnings if w[0] == "ocr-code-unexpected"] == ["1.1"]
    doc, table = _table([["1.3", "1.8", "3.2", "2.1", "2.4", "2.9"]])
    fix_code_sequence([r.cells[0] for r in table.rows], doc)
    assert [w[1].split("'")[1] for w in doc.warnings if w[0] == "ocr-code-unexpected"] == ["3.2"]


def test_a_short_last_row_is_checked_with_its_column():
    """The last row without its empty trailing cell still has its code checked."""
    doc, table = _table([["7.1", "7.2", "7.3", "7.4", "75"], ["a", "b", "c", "d", "e"], ["x", "y", "z", "w", ""]])
    table.rows[-1].cells.pop()
    check_ocr(doc, [PageInput(number=1, width=100, height=100, words=[Word("7.1", 0, 10, 0, 10, conf=96.0)])])
    assert table.rows[-1].cells[0].text == "7.5"


def test_section_numerals_split_or_short_of_a_stroke_put_back():
    """A serif I read as two bars ('||', 'lí'), II read as I (the section above again),
    III read as 'Hị'; III after I (a section skipped) stays as printed."""
    doc, table = _table([["||", "1", "2", "I", "1", "Hị", "1", "IV", "1"]])
    fix_roman_headings([r.cells[0] for r in table.rows], doc)
    assert [r.cells[0].text for r in table.rows] == ["I", "1", "2", "II", "1", "III", "1", "IV", "1"]
    doc, table = _table([["lí", "1", "III", "1"]])
    fix_roman_headings([r.cells[0] for r in table.rows], doc)
    assert [r.cells[0].text for r in table.rows] == ["I", "1", "III", "1"]
    two, table = _table([["I", "1", "lï", "1"]])
    fix_roman_headings([r.cells[0] for r in table.rows], two)
    assert [r.cells[0].text for r in table.rows] == ["I", "1", "II", "1"]
    assert [w[0] for w in doc.warnings] == ["ocr-code-fixed"]


def test_a_first_section_read_as_a_digit_where_the_document_numbers_sections_in_roman():
    sections = [["I", "1", "2", "II", "1"], ["a", "b", "c", "d", "e"]]
    doc, _ = _table(sections)
    short = _table([["1", "1", "2"], ["x", "y", "z"]])[1]
    arabic = _table([["1", "2", "3"], ["x", "y", "z"]])[1]
    doc.blocks += [short, arabic]
    bar = _table([["|", "1", "2"], ["x", "y", "z"]])[1]
    doc.blocks.append(bar)
    check_ocr(doc, [PageInput(number=1, width=100, height=100, words=[Word("I", 0, 10, 0, 10, conf=96.0)])])
    assert [r.cells[0].text for r in short.rows] == ["I", "1", "2"]
    assert [r.cells[0].text for r in bar.rows] == ["I", "1", "2"]  # a lone heading read as a bar
    assert [r.cells[0].text for r in arabic.rows] == ["1", "2", "3"]
    alone, table = _table([["1", "1", "2"], ["x", "y", "z"]])  # no roman section elsewhere: left alone
    check_ocr(alone, [PageInput(number=1, width=100, height=100, words=[Word("I", 0, 10, 0, 10, conf=96.0)])])
    assert [r.cells[0].text for r in table.rows] == ["1", "1", "2"]


def test_a_first_section_read_as_a_digit_counts_before_the_headings_after_it():
    """'1' above a list from 1, then 'lï' and 'IH': the first is I, so the others are II and
    III (counted from none they became I and II)."""
    doc, table = _table([["1", "1", "2", "lï", "1", "IH", "1", "IV"], list("abcdefgh")])
    check_ocr(doc, [PageInput(number=1, width=100, height=100, words=[Word("I", 0, 10, 0, 10, conf=96.0)])])
    assert [r.cells[0].text for r in table.rows] == ["I", "1", "2", "II", "1", "III", "1", "IV"]
    assert [w[0] for w in doc.warnings].count("ocr-code-fixed") == 3


def test_section_numerals_read_with_look_alikes_put_back():
    doc, table = _table([["I", "1", "2", "H", "1", "IH", "VH", "1", "V", "11", "Hà"]])
    fix_roman_headings([r.cells[0] for r in table.rows], doc)
    assert [r.cells[0].text for r in table.rows] == ["I", "1", "2", "II", "1", "III", "VH", "1", "V", "11",
                                                     "Hà"]  # "VH" after III would be VII, not IV: kept
    doc, table = _table([["I", "1", "H", "III", "IV", "V", "VI", "VH", "VIH", "1X", "1"]])
    fix_roman_headings([r.cells[0] for r in table.rows], doc)
    assert [r.cells[0].text for r in table.rows] == ["I", "1", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "1"]
    assert [w[0] for w in doc.warnings] == ["ocr-code-fixed"] * 4


def test_low_confidence_words_warned_at_their_line():
    doc, _ = _table([["1.1", "Tỷ lệ hồ sơ"]])
    page = PageInput(number=1, width=100, height=100, words=[
        Word("1.1", 0, 10, 0, 10, conf=96.0), Word("hồ", 20, 30, 10, 20, conf=41.0), Word("sơ", 30, 40, 10, 20, conf=90.0)])
    check_ocr(doc, [page])
    assert [(w[0], w[2].line) for w in doc.warnings] == [("ocr-low-confidence", 2)]
    assert "'hồ' (41)" in doc.warnings[0][1]


def test_scans_are_read_near_200_dpi():
    """Finer scans reduced to 200 dpi, 150 dpi and coarser enlarged by a whole factor."""
    assert [ocr_factor(dpi) for dpi in (300, 250, 210, 200, 150, 100)] == [2 / 3, 0.8, 1.0, 1.0, 2.0, 3.0]


def test_words_of_one_printed_line_get_one_height_and_their_advance_width():
    """'Tỷ' (accent above, descender below) and 'cung' in one Tesseract line: one top,
    one bottom; each box a little wider than its ink."""
    tsv = "\n".join(["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
                     "5\t1\t1\t1\t1\t1\t100\t90\t30\t40\t96\tTỷ",
                     "5\t1\t1\t1\t1\t2\t140\t100\t40\t30\t95\tcung",
                     "5\t1\t1\t1\t1\t3\t190\t100\t40\t30\t95\tcấp"])
    words = parse_tsv(tsv)
    assert len({(w.box.top, w.box.bottom) for w in words}) == 1
    assert words[0].box.x0 < 100 and words[0].box.x1 > 130 and words[0].box.x1 < words[1].box.x0


def test_a_header_row_read_a_little_differently_is_still_the_header():
    header = "so tt|chi so chinh/chi so thanh phan|diem nam 2024|diem toi da"
    assert _is_header_again("sott|ch1 so chinh/chi so thanh phan|diem nam 2024|diem tol da", [header])
    assert not _is_header_again("1.1|ty le ho so truc tuyen|20|20/20", [header])
    first_row = "1.1|ty le ho so truc tuyen muc 3|20"  # the second of the first rows may be data
    assert not _is_header_again("1.2|ty le ho so truc tuyen muc 4|20", [header, first_row])


def test_header_with_a_misread_letter_keeps_its_column_role():
    assert column_role("Phân công theo đdõi/thực hiện") == column_role("Phân công theo dõi/thực hiện") == "lead"
    assert column_role("Cơ quan chủ tr1") == "lead"
    assert column_role("Hồ sơ lưu trữ") is None  # nothing near a known phrase


def test_a_sign_read_for_a_letter_inside_a_word():
    doc, table = _table([["Sở KH&€N", "€", "100€"]])
    fix_signs(table, doc)
    assert [r.cells[0].text for r in table.rows] == ["Sở KH&CN", "€", "100€"]
    assert doc.lines[0] == "Sở KH&CN" and [w[0] for w in doc.warnings] == ["ocr-sign-fixed"]


def test_stray_capitals_in_a_lower_case_word():
    assert [fix_case(w) for w in ("sỐ", "tẾ", "Số", "KH-UBND", "QĐ", "mức")] == ["số", "tế", "Số", "KH-UBND", "QĐ", "mức"]


@needs_tesseract
def test_a_doubtful_number_is_read_again_as_digits_alone():
    """A number read unsurely ('950' where 50 is printed) is read again from its own box;
    a sure number, a doubtful word of letters and a code the second reading would take the
    dot from are kept as read."""
    from PIL import ImageDraw, ImageFont
    from extract.readers.scan_image import PixelBox
    from extract.readers.scan_numbers import reread_numbers
    from extract.readers.scan_ocr import OcrWord
    image = Image.new("L", (400, 100), 255)
    font = ImageFont.load_default(28)
    draw = ImageDraw.Draw(image)
    draw.text((40, 30), "50", fill=0, font=font)
    draw.text((240, 30), "20", fill=0, font=font)
    words = [OcrWord("950", PixelBox(36, 30, 80, 64), 65.0), OcrWord("20", PixelBox(236, 30, 280, 64), 96.0),
             OcrWord("SO", PixelBox(36, 30, 80, 64), 40.0), OcrWord("2.0", PixelBox(236, 30, 280, 64), 60.0)]
    read, changed = reread_numbers(np.array(image), words, 150)
    assert [w.text for w in read] == ["50", "20", "SO", "2.0"]  # a reading that loses the dot is not taken
    assert changed == [("950", "50")]
