"""Blank cells where no rule shows a merge (extract.rows.blank_evidence): a group's heading
keeps its blank cells, a sparse notes column keeps its blanks with a warning, and merged
agency cells are still copied down."""
from extract.model import Cell, Provenance, Table, TableRow
from extract.rows import fill_grid
from extract.tables import Column, IndicatorTable, column_roles


def filled(headers: list[str], rows: list[list[str]], warnings: list | None = None, **marks) -> list[list[str]]:
    """The texts `fill_grid` gives the rows of a table printed without rules."""
    table = Table([TableRow([Cell(t, Provenance(i + 1)) for t in r], Provenance(i + 1))
                   for i, r in enumerate([headers, *rows])], Provenance(1), **(marks or {"merges_unmarked": True}))
    columns = [Column(h, r) for h, r in zip(headers, column_roles(headers))]
    return [f.texts for f in fill_grid(IndicatorTable(table, "targets", None, columns),
                                       warnings if warnings is not None else [])]


NOTES = ["STT", "Chỉ tiêu chiến lược", "Chỉ tiêu", "Ghi chú"]


def test_a_notes_column_that_leaves_a_group_start_blank_keeps_its_blanks_with_a_warning():
    rows = [["1", "Chính quyền số", "", ""],
            ["1.1", "Tỷ lệ A", "80%", "Số A/Tổng số A"],
            ["1.2", "Tỷ lệ B", "90%", ""],
            ["2", "Kinh tế số", "", ""],
            ["2.1", "Tỷ trọng C", "11%", ""]]
    warnings: list = []
    assert [r[3] for r in filled(NOTES, rows, warnings)] == ["", "Số A/Tổng số A", "", "", ""]
    assert [w[0] for w in warnings] == ["blank-cell-kept"] and "1.2" in warnings[0][1]


def test_a_notes_column_filled_wherever_it_can_be_reads_a_blank_as_merged():
    # no row of a group starts without a note: the blank under 1.1 is its note merged down
    rows = [["1", "Chính quyền số", "", ""],
            ["1.1", "Tỷ lệ A", "80%", "Chưa đạt do thiếu kinh phí"],
            ["1.2", "Tỷ lệ B", "90%", ""],
            ["2", "Kinh tế số", "", ""],
            ["2.1", "Tỷ trọng C", "11%", "Đạt"]]
    warnings: list = []
    assert [r[3] for r in filled(NOTES, rows, warnings)][2] == "Chưa đạt do thiếu kinh phí"
    assert warnings == []


AGENCIES = ["STT", "Chỉ số", "Cơ quan chủ trì"]


def test_a_group_heading_takes_no_agency_from_the_row_above_but_merged_agencies_still_fill_down():
    rows = [["5.11", "Số sự cố", "Sở TT&TT"],
            ["5.12", "Tổng kinh phí", ""],       # heads 5.12.1, which heads a and b
            ["5.12.1", "Kinh phí chung", ""],
            ["a", "Đầu tư", "Sở KH&ĐT"],
            ["b", "Thường xuyên", "Sở Tài chính"],
            ["5.12.2", "Kinh phí giám sát", ""],  # a merged cell over b and 5.12.2
            ["5.13", "Số lượng", "Sở TT&TT"],
            ["2.4", "Số người", ""],             # heads unnumbered sub-rows
            ["", "Phổ cập cho nông dân", "Sở KH&CN"]]
    assert [r[2] for r in filled(AGENCIES, rows)] == [
        "Sở TT&TT", "", "", "Sở KH&ĐT", "Sở Tài chính", "Sở Tài chính", "Sở TT&TT", "", "Sở KH&CN"]


def test_a_blank_cell_cut_by_a_page_break_in_a_sparse_notes_column_stays_blank():
    def row(texts, continues=False):
        return TableRow([Cell(t, Provenance(1), may_continue_above=continues and not t) for t in texts], Provenance(1))

    rows = [row(NOTES), row(["1", "Chính quyền số", "", ""]), row(["1.1", "Tỷ lệ A", "80%", ""]),
            row(["1.2", "Tỷ lệ B", "90%", "Số B/Tổng số B"]), row(["1.3", "Tỷ lệ C", "100%", ""], True)]
    columns = [Column(h, r) for h, r in zip(NOTES, column_roles(NOTES))]
    warnings: list = []
    grid = fill_grid(IndicatorTable(Table(rows, Provenance(1), spans_known=True), "targets", None, columns), warnings)
    assert [f.texts[3] for f in grid] == ["", "", "Số B/Tổng số B", ""]
    assert [w[0] for w in warnings] == ["blank-cell-kept"]
