"""Table kinds, column roles, merged cells, codes and typed values on small inputs."""
from extract.model import Cell, Provenance, Table, TableRow
from extract.rows import RowContext, assign_code, row_records
from extract.tables import IndicatorTable, Column, column_roles, table_kind
from extract.grid import fits, place_short_row


def table(kind, headers, rows):
    def row(texts):
        return TableRow([Cell(t, Provenance(1)) for t in texts], Provenance(1))
    roles = column_roles(headers)
    return IndicatorTable(Table([row(headers)] + [row(r) for r in rows], Provenance(1)), kind, None,
                          [Column(h, r) for h, r in zip(headers, roles)])


def test_two_max_points_columns_the_newer_framework_is_max_points():
    roles = column_roles(["Số TT", "Chỉ số", "Điểm năm 2024", "Điểm tối đa theo Quyết định số 405/QĐ-BKHCN",
                          "Điểm tối đa theo dự thảo mới", "Mục tiêu đạt được"])
    assert roles == ["code", "name", "score", "max_points_previous", "max_points", "target"]


def test_appraisal_header_with_pillar_number_in_code_column():
    assert column_roles(["3", "Chỉ số thành phần", "Điểm tối đa", "Điểm thẩm định", "Nguyên nhân"])[0] == "code"


def test_table_kinds_from_roles():
    assert table_kind(["code", "name", "max_points", "appraised", "reason"]) == "appraisal"
    assert table_kind(["code", "name", "formula", "lead"]) == "assignment"
    assert table_kind(["code", "name", "unit", None, "note"]) == "data_template"
    assert table_kind(["code", "name", "score", "max_points"]) == "scores"
    assert table_kind(["code", "name", "target", "note"]) == "targets"
    assert table_kind([None, None]) is None  # a signature block or header block


def test_fits_prefers_collectives_and_dash_in_support_and_single_bodies_in_lead():
    assert fits("support", "Các sở, ban, ngành") > fits("lead", "Các sở, ban, ngành")
    assert fits("support", "-") > fits("lead", "-")
    assert fits("lead", "Sở Xây dựng") > fits("support", "Sở Xây dựng")
    assert fits("max_points", "200") > 0 > fits("max_points", "Tỷ lệ hộ gia đình có kết nối Internet")


def test_short_row_takes_merged_lead_from_above_and_prints_support():
    roles = ["code", "name", "max_points", "lead", "support"]
    placement = place_short_row(["2.2", "Kế hoạch", "10", "Các sở, ban, ngành"], roles,
                                ["2.1", "Nghị quyết", "10", "Sở KH&CN", "Các sở, ban, ngành"])
    assert placement.columns == [0, 1, 2, 4]


def test_merged_cells_resolved_in_records_with_stray_blank_continuing_the_merge():
    t = table("assignment", ["STT", "Chỉ số", "Điểm tối đa", "Cơ quan phụ trách", "Cơ quan phối hợp"], [
        ["3.1", "Phủ sóng", "30", "Sở KH&CN", "Các doanh nghiệp viễn thông"],
        ["3.2", "Thuê bao", "30"],                     # both agencies merged from 3.1
        ["3.3", "Băng rộng", "10", "", ""],            # stray blanks inside the merge
        ["3.5", "Trung tâm dữ liệu", "30", "-", ""],   # '-' is the support; lead merged
        ["9", "Đô thị thông minh", "0", "", ""],
        ["9.1", "Đề án", "0", "Sở Xây dựng", ""],      # nothing above to merge: a lead
    ])
    records = {r["code"]: r for r in row_records(t, 2025, [])}
    assert records["3.2"]["lead_canonical"] == ["Sở Khoa học và Công nghệ"]
    assert records["3.3"]["support"] == ["Các doanh nghiệp viễn thông"]
    assert records["3.5"]["lead"] == ["Sở KH&CN"] and records["3.5"]["support"] == []
    assert records["9.1"]["lead"] == ["Sở Xây dựng"] and records["9.1"]["support"] == []


def test_codes_group_rows_continuations_letters_and_form_sections():
    ctx = RowContext()
    assert assign_code("", None, "1.1", "assignment", ctx) == "1"   # a group row before 1.1
    ctx.seen.add("1")
    assert assign_code("2.4", "x", None, "assignment", ctx) == "2.4"
    assert assign_code("", "sub-row", None, "assignment", ctx) == "2.4#1"
    assert assign_code("", "sub-row", None, "assignment", ctx) == "2.4#2"
    assert assign_code("5.12.1", "x", None, "assignment", ctx) == "5.12.1"
    assert assign_code("a", "x", None, "assignment", ctx) == "5.12.1/a"
    form = RowContext()
    assert assign_code("II", "Nhận thức số", None, "data_template", form) == "II"
    assert assign_code("1", "Văn bản", None, "data_template", form) == "II.1"


def test_typed_values_score_year_target_op_and_total_row_dropped():
    t = table("scores", ["STT", "Chỉ số", "Điểm năm 2024", "Điểm tối đa", "Mục tiêu"], [
        ["1.1", "Tỷ lệ A.", "15,75", "20", "16/20"],
        ["1.2", "Tỷ lệ B", "", "20", ">=80%"],
        ["", "Tổng điểm", "", "1000", "912"],
    ])
    records = row_records(t, 2026, [])
    assert [r["code"] for r in records] == ["1.1", "1.2"]
    assert records[0]["name"] == "Tỷ lệ A" and records[0]["score"] == 15.75
    assert records[0]["score_year"] == 2024 and records[0]["target"] == 16
    assert records[1]["target"] == 80 and records[1]["target_op"] == ">="
    assert "score_year" not in records[1]


def test_title_takes_the_annex_note_nearest_the_table():
    from extract.model import Document, TextBlock
    from extract.tables import classify

    lines = ["(Kèm theo Kế hoạch số 1/KH-UBND) được nhắc trong thân văn bản", "Nơi nhận:", "Nguyễn Văn A",
             "PHỤ LỤC I", "MẪU DÀNH CHO SỞ NỘI VỤ", "(Kèm theo Kế hoạch số 1/KH-UBND ngày 1/1/2025)"]
    form = table("data_template", ["STT", "Chỉ số/chỉ số thành phần", "Đơn vị tính", "Số liệu", "Ghi chú"],
                 [["1", "Số lượng", "Người", "", ""]]).table
    doc = Document("x.pdf", "pdf", [TextBlock(t, Provenance(i + 1)) for i, t in enumerate(lines)] + [form])
    found = classify(doc)[0]
    assert found.title == "PHỤ LỤC I MẪU DÀNH CHO SỞ NỘI VỤ"
    assert found.for_agency == "Sở Nội vụ"


def test_a_blank_agency_cell_cut_by_a_page_break_takes_the_cell_above_but_a_pillar_row_does_not():
    from extract.rows import fill_grid

    headers = ["STT", "Chỉ số", "Cơ quan chủ trì"]

    def row(texts, continues=False):
        return TableRow([Cell(t, Provenance(1), may_continue_above=continues and not t) for t in texts], Provenance(1))

    rows = [row(headers), row(["2.1", "A", "Sở KH&CN"]), row(["2.2", "B", ""], True), row(["3", "Hạ tầng", ""], True)]
    indicator = IndicatorTable(Table(rows, Provenance(1), spans_known=True), "assignment", None,
                               [Column(h, r) for h, r in zip(headers, column_roles(headers))])
    assert [f.texts[2] for f in fill_grid(indicator, [])] == ["Sở KH&CN", "Sở KH&CN", ""]
