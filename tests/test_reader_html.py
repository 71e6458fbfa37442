"""HTML reader: main body only, rowspan/colspan as spans, the site's metadata table."""
from extract.model import Table, TextBlock
from extract.readers.html import read_html

PAGE = """<!DOCTYPE html><html><head><title>Kế hoạch 18/KH-UBND</title>
<script>var x = "<p>không phải văn bản</p>";</script></head><body>
<nav><a href="/">Trang chủ</a> <a href="/vb">Văn bản mới</a> <a href="/lh">Liên hệ</a></nav>
<div class="sidebar"><a href="/1">Văn bản liên quan số 1</a><a href="/2">Văn bản liên quan số 2</a></div>
<div class="main">
 <table class="meta">
  <tr><td>Số hiệu:</td><td>18/KH-UBND</td><td>Loại văn bản:</td><td>Kế hoạch</td></tr>
  <tr><td>Nơi ban hành:</td><td>Tỉnh Gia Lai</td><td>Người ký:</td><td>Lâm Hải Giang</td></tr>
  <tr><td>Ngày ban hành:</td><td>19/01/2026</td><td>Ngày hiệu lực:</td><td>Đã biết</td></tr>
 </table>
 <div class="content1">
  <p>KẾ HOẠCH</p><p>Nâng cao chỉ số chuyển đổi số (DTI) của tỉnh</p>
  <p>Căn cứ Quyết định số 405/QĐ-BKHCN ngày 03/4/2025 của Bộ Khoa học và Công nghệ; theo đề nghị
  của Sở Khoa học và Công nghệ, Ủy ban nhân dân tỉnh ban hành Kế hoạch này.</p>
  <table border="1">
   <tr><th>STT</th><th>Chỉ số</th><th>Điểm</th><th>Cơ quan chủ trì</th></tr>
   <tr><td colspan="4">I. CHÍNH QUYỀN SỐ</td></tr>
   <tr><td>1.1</td><td>Tỷ lệ hồ sơ<br>trực tuyến</td><td>20</td><td rowspan="2">Sở Khoa học và Công nghệ</td></tr>
   <tr><td>1.2</td><td>Tỷ lệ số hóa</td><td>10</td></tr>
  </table>
  <p>Nơi nhận: như trên</p>
 </div>
</div>
<footer>Bản quyền thuộc về trang web. Liên hệ quảng cáo.</footer>
</body></html>"""


def test_body_only_and_order(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_html(path)
    assert doc.format == "html"
    text = "\n".join(doc.lines)
    assert "KẾ HOẠCH" in text and "Nơi nhận: như trên" in text
    for furniture in ("Trang chủ", "Văn bản liên quan", "Bản quyền", "không phải văn bản", "18/KH-UBND"):
        assert furniture not in text
    assert [type(b) for b in doc.blocks][:3] == [TextBlock, TextBlock, TextBlock]
    assert isinstance(doc.blocks[3], Table) and doc.blocks[-1].text == "Nơi nhận: như trên"


def test_spans_and_line_breaks(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    table = read_html(path).tables()[0]
    rows = [[(c.text, c.row_span, c.col_span) for c in r.cells] for r in table.rows]
    assert rows[1] == [("I. CHÍNH QUYỀN SỐ", 1, 4)]
    assert rows[2][1] == ("Tỷ lệ hồ sơ\ntrực tuyến", 1, 1)
    assert rows[2][3] == ("Sở Khoa học và Công nghệ", 2, 1)
    assert len(rows[3]) == 3 and table.spans_known


def test_site_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    meta = read_html(path).site_metadata
    assert meta["Số hiệu"] == "18/KH-UBND"
    assert meta["Người ký"] == "Lâm Hải Giang"
    assert meta["Ngày ban hành"] == "19/01/2026"
    assert meta["Loại văn bản"] == "Kế hoạch"
    assert "Ngày hiệu lực" not in meta  # not a label the vocabulary knows


def test_windows_1258_page(tmp_path):
    path = tmp_path / "old.html"
    path.write_bytes(b"<html><body><div><p>K\xea\xec ho\x61\xf2ch s\xf4\xec 5</p></div></body></html>")
    assert read_html(path).lines == ["Kế hoạch số 5"]


def test_control_characters_of_a_damaged_page_are_dropped(tmp_path):
    # a spliced page: control bytes inside the script and the body; lxml refused to edit
    # such a tree (ValueError in drop_tree) before they were dropped
    damaged = PAGE.replace("var x", "var\x01x").replace("KẾ HOẠCH</p>", "KẾ\x02 HOẠCH</p>")
    path = tmp_path / "page.html"
    path.write_text(damaged, encoding="utf-8")
    text = "\n".join(read_html(path).lines)
    assert "KẾ HOẠCH" in text and "\x02" not in text
